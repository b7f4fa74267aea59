package dev.pixelprivacy.core.testing;

import dev.pixelprivacy.core.image.RgbImage;
import java.util.SplittableRandom;

/** Seeded random images for tests. */
public final class TestImages {
    private TestImages() {}

    /**
     * @param width columns
     * @param height rows
     * @param lo smallest value
     * @param hi largest value
     * @param seed seed
     * @return an image with uniform random samples in [lo, hi]
     */
    public static RgbImage uniform(int width, int height, float lo, float hi, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[3 * width * height];
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + (float) r.nextDouble() * (hi - lo);
        }
        return RgbImage.of(width, height, d);
    }

    /**
     * @param width columns
     * @param height rows
     * @param seed seed
     * @return an image whose samples are random 8-bit levels
     */
    public static RgbImage random8Bit(int width, int height, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[3 * width * height];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextInt(256) / 255f;
        }
        return RgbImage.of(width, height, d);
    }
}
