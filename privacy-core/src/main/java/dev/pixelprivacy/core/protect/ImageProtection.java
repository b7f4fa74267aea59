package dev.pixelprivacy.core.protect;

import dev.pixelprivacy.core.image.RgbImage;

/**
 * A complete protection method: image in, protected image out, with the threat model's verdict
 * before and after. {@link Protector} is the library's; the reference code's pipeline (compatibility
 * mode) is another.
 */
@FunctionalInterface
public interface ImageProtection {

    /**
     * @param image RGB in [0, 1]
     * @param trueLabel the class to move away from
     * @return the result
     */
    ProtectionResult protect(RgbImage image, int trueLabel);
}
