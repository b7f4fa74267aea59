package dev.pixelprivacy.core.model;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.RgbImage;

/** An {@link AestheticScorer} that also gives the gradient of the score with respect to the pixels. */
public interface DifferentiableAestheticScorer extends AestheticScorer {

    /**
     * @param batch images in [0, 1]
     * @return each image's score and d(score of image i)/d(pixels of image i), [0, 1] pixel space, NCHW
     */
    ScoreGradient scoreGradient(ImageBatch batch);

    /**
     * @param image one image in [0, 1]
     * @return its score and gradient
     */
    default ScoreGradient scoreGradient(RgbImage image) {
        return scoreGradient(ImageBatch.of(image));
    }
}
