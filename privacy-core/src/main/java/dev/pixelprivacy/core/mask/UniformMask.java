package dev.pixelprivacy.core.mask;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;

/**
 * The same strength everywhere: with value 1 the attack is the plain, unconcealed one.
 *
 * @param value strength in [0, 1]
 */
public record UniformMask(float value) implements PerturbationMask {
    /** Checks the range. */
    public UniformMask {
        if (!(value >= 0f && value <= 1f)) {
            throw new IllegalArgumentException("uniform mask value must be in [0, 1] but was " + value);
        }
    }

    @Override
    public Mask compute(RgbImage image) {
        return Mask.filled(image.width(), image.height(), value);
    }
}
