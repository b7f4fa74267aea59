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

    /**
     * The image the edge-map goldens (scipy runs of the paper's and the authors' edge maps) were made
     * on: 24x18, the left half a modular pattern, the right half constant per channel.
     *
     * @return the image
     */
    public static RgbImage edgeMapGolden() {
        int w = 24;
        int h = 18;
        float[] d = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    d[(c * h + y) * w + x] = x < 12 ? ((x * 7 + y * 13 + c * 29) % 17) / 16f : 0.25f + 0.5f * c / 2;
                }
            }
        }
        return RgbImage.of(w, h, d);
    }

    /**
     * @param w columns
     * @param h rows
     * @param seed seed of {@link java.util.Random}
     * @return uniform noise on the left half, a flat 0.4 on the right half
     */
    public static RgbImage noiseLeftFlatRight(int w, int h, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        float[] d = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    d[(c * h + y) * w + x] = x < w / 2 ? rnd.nextFloat() : 0.4f;
                }
            }
        }
        return RgbImage.of(w, h, d);
    }
}
