package dev.pixelprivacy.core.model;

import dev.pixelprivacy.core.image.ImageGradient;

/**
 * The result of one forward and backward pass of a {@link ThreatModel} over a batch.
 *
 * @param logits shape [batch size][class count]
 * @param losses the loss of each image
 * @param gradient d(loss of image i)/d(pixels of image i), [0, 1] pixel space, NCHW
 */
public record LossGradient(float[][] logits, double[] losses, ImageGradient gradient) {
    /** Checks that the three parts describe the same batch. */
    public LossGradient {
        if (logits == null || losses == null || gradient == null) {
            throw new IllegalArgumentException("logits, losses and gradient must not be null");
        }
        if (logits.length != gradient.size() || losses.length != gradient.size()) {
            throw new IllegalArgumentException("batch sizes differ: " + logits.length + " logit rows, "
                    + losses.length + " losses, gradient of " + gradient.size() + " images");
        }
    }
}
