package dev.pixelprivacy.core.protect;

import dev.pixelprivacy.core.image.RgbImage;

/**
 * A complete protection method: image in, protected image out, with the threat model's verdict
 * before and after. {@link Protector} is the library's; the reference code's pipeline (compatibility
 * mode, {@code dev.pixelprivacy.paper.reference}) is another.
 */
public interface ImageProtection {

    /**
     * @param image RGB in [0, 1]
     * @param trueLabel the class to move away from
     * @return the result
     */
    ProtectionResult protect(RgbImage image, int trueLabel);

    /**
     * Protects a photo that has no label: away from the class the threat model predicts for it.
     *
     * @param image RGB in [0, 1]
     * @return the result; its {@code trueLabel} is the class predicted for the clean image
     */
    ProtectionResult protect(RgbImage image);
}
