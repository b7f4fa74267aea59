package dev.pixelprivacy.core.mask;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;

/**
 * Decides, per pixel, how strongly an image may be perturbed: 0 leaves the pixel untouched, 1 allows
 * the full budget eps. The same value applies to the three channels.
 */
@FunctionalInterface
public interface PerturbationMask {

    /**
     * @param image the clean image, values in [0, 1]
     * @return a mask of the image's size, values in [0, 1]
     */
    Mask compute(RgbImage image);
}
