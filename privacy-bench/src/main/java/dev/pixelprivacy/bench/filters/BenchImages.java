package dev.pixelprivacy.bench.filters;

import dev.pixelprivacy.core.image.RgbImage;
import java.util.Random;

/**
 * Seeded test images shared by the benchmarks: smooth gradients plus noise, like a photo. Public for
 * the pipeline benchmarks, which need the same textured input.
 */
public final class BenchImages {
    private BenchImages() {}

    /**
     * @param spec "WIDTHxHEIGHT", e.g. "256x256"
     * @return {width, height}
     */
    public static int[] size(String spec) {
        String[] p = spec.split("x");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
    }

    /**
     * @param w columns
     * @param h rows
     * @param seed seed of the noise
     * @return a sinusoidal colour gradient plus uniform noise of amplitude 0.05, clamped to [0, 1]
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
