package dev.pixelprivacy.core.model;

import dev.pixelprivacy.core.image.ImageGradient;

/**
 * Scores of a batch and their gradients.
 *
 * @param scores one score per image
 * @param gradient d(score of image i)/d(pixels of image i), [0, 1] pixel space, NCHW
 */
public record ScoreGradient(double[] scores, ImageGradient gradient) {
    /** Checks that both parts describe the same batch. */
    public ScoreGradient {
        if (scores == null || gradient == null) {
            throw new IllegalArgumentException("scores and gradient must not be null");
        }
        if (scores.length != gradient.size()) {
            throw new IllegalArgumentException(
                    scores.length + " scores but a gradient of " + gradient.size() + " images");
        }
    }
}
