package dev.pixelprivacy.core.attack;

import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.model.Prediction;

/**
 * What an attack produced for one image.
 *
 * @param image the perturbed image, values in [0, 1]; 8-bit quantised when the attack was configured
 *     to hold up after rounding
 * @param goal what the attack aimed for
 * @param before the threat model's prediction on the clean image
 * @param after the threat model's prediction on {@code image} (the rounded image when quantised)
 * @param linf largest absolute change of any sample, [0, 1] pixel units
 * @param l2 Euclidean norm of the change over all samples, [0, 1] pixel units
 * @param steps gradient steps taken
 */
public record AttackResult(RgbImage image, AttackGoal goal, Prediction before, Prediction after,
                           double linf, double l2, int steps) {

    /** @return whether the prediction on the result meets the goal */
    public boolean succeeded() {
        return goal.isMetBy(after.label());
    }

    /** @return {@link #linf()} in 8-bit levels (1/255 units) */
    public double linf255() {
        return linf * 255.0;
    }
}
