package dev.pixelprivacy.bench.filters;

import dev.pixelprivacy.core.image.RgbImage;
import java.util.Random;

/**
 * Seeded test images shared by the benchmarks: smooth gradients plus noise, like a photo. Public so
 * that benchmarks in other packages (masks, pipeline) measure on the same kind of image.
 */
public final class BenchImages {
    private BenchImages() {}

    /**
     * @param spec a size as {@code WIDTHxHEIGHT}, e.g. {@code 4000x3000}
     * @return {@code {width, height}}, both &gt;= 1
     * @throws IllegalArgumentException if {@code spec} is not of that form
     */
    public static int[] size(String spec) {
        String[] p = spec == null ? new String[0] : spec.split("x");
        try {
            if (p.length == 2) {
                int w = Integer.parseInt(p[0]);
                int h = Integer.parseInt(p[1]);
                if (w >= 1 && h >= 1) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException e) {
            // reported below with the value
        }
        throw new IllegalArgumentException("size must be WIDTHxHEIGHT with positive integers, e.g. 256x256, but was '"
                + spec + "'");
    }

    /**
     * @param w width in pixels, &gt;= 1
     * @param h height in pixels, &gt;= 1
     * @param seed the noise seed; the same seed gives the same image
     * @return an RGB image, values in [0, 1]
     */
    public static RgbImage image(int w, int h, long seed) {
        Random rnd = new Random(seed);
        float[] d = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float base = 0.5f + 0.3f * (float) Math.sin(0.01 * (x + 2 * y) + c);
                    d[(c * h + y) * w + x] = Math.min(1f, Math.max(0f, base + 0.1f * (rnd.nextFloat() - 0.5f)));
                }
            }
        }
        return RgbImage.of(w, h, d);
    }
}
