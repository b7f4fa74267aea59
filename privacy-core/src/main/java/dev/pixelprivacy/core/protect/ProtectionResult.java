package dev.pixelprivacy.core.protect;

import dev.pixelprivacy.core.attack.AttackResult;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.model.Prediction;

/**
 * What protecting one image produced.
 *
 * @param input the image the attack saw (after any resize), values in [0, 1]
 * @param floatOutput the protected image after the post-filter, before the output encoding
 * @param output the protected image after the post-filter and the output encoding: what is written
 * @param mask the mask used, or null when none
 * @param before the threat model's prediction on {@code input}
 * @param after the threat model's prediction on {@code output}
 * @param trueLabel the class the protection moves away from
 * @param attack the attack's own result, before post-filter and encoding
 */
public record ProtectionResult(RgbImage input, RgbImage floatOutput, RgbImage output, Mask mask, Prediction before, Prediction after,
                               int trueLabel, AttackResult attack) {

    /** @return whether the threat model no longer predicts the true class on the output */
    public boolean protectedFromModel() {
        return after.label() != trueLabel;
    }
}
