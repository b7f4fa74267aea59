package dev.pixelprivacy.core.model;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.RgbImage;

/**
 * Scores how appealing an image looks. For NIMA the network predicts a distribution over the scores
 * 1..10 and the score is its mean, {@code sum_i i * p_i}, a number in [1, 10] (see
 * {@link ScoreDistribution}). Higher is better.
 */
public interface AestheticScorer {

    /**
     * @param batch images in [0, 1]
     * @return one score per image
     */
    double[] scores(ImageBatch batch);

    /**
     * @param image one image in [0, 1]
     * @return its score
     */
    default double score(RgbImage image) {
        return scores(ImageBatch.of(image))[0];
    }
}
