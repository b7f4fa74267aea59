package dev.pixelprivacy.filters.internal;

import dev.pixelprivacy.filters.Parallelism;

/**
 * One-dimensional convolution of a plane with a symmetric kernel (weights {@code half[0]} at the
 * centre, {@code half[k]} at offsets -k and +k), reflect border. The inner loops run over contiguous
 * columns with the tap outermost, so the JIT vectorises them; each output sample's arithmetic is the
 * same whatever the thread split.
 */
public final class SymmetricFir {
    /** Columns per strip in the vertical pass: (2R + 1) strip rows stay in cache. */
    private static final int STRIP = 1024;

    private SymmetricFir() {}

    /**
     * Convolves every row: {@code dst[y][x] = sum_k half[|k|] src[y][reflect(x + k)]}.
     *
     * @param src plane of {@code width * height} values, row-major
     * @param dst output plane of the same size, not {@code src}
     * @param width columns
     * @param height rows
     * @param half half kernel, radius {@code half.length - 1}
     * @param par threads
     */
    public static void horizontal(float[] src, float[] dst, int width, int height, float[] half, Parallelism par) {
        int radius = half.length - 1;
        par.forRange(height, (from, to) -> {
            float[] pad = new float[width + 2 * radius];
            for (int y = from; y < to; y++) {
                int base = y * width;
                for (int i = 0; i < radius; i++) {
                    pad[i] = src[base + Reflect.index(i - radius, width)];
                    pad[width + radius + i] = src[base + Reflect.index(width + i, width)];
                }
                System.arraycopy(src, base, pad, radius, width);
                rowPass(pad, dst, base, width, half);
            }
        });
    }

    private static void rowPass(float[] pad, float[] dst, int base, int width, float[] half) {
        int radius = half.length - 1;
        float w0 = half[0];
        for (int x = 0; x < width; x++) {
            dst[base + x] = w0 * pad[radius + x];
        }
        for (int k = 1; k <= radius; k++) {
            float wk = half[k];
            int a = radius - k;
            int b = radius + k;
            for (int x = 0; x < width; x++) {
                dst[base + x] += wk * (pad[a + x] + pad[b + x]);
            }
        }
    }

    /**
     * Convolves every column: {@code dst[y][x] = sum_k half[|k|] src[reflect(y + k)][x]}.
     *
     * @param src plane of {@code width * height} values, row-major
     * @param dst output plane of the same size, not {@code src}
     * @param width columns
     * @param height rows
     * @param half half kernel, radius {@code half.length - 1}
     * @param par threads
     */
    public static void vertical(float[] src, float[] dst, int width, int height, float[] half, Parallelism par) {
        int radius = half.length - 1;
        float w0 = half[0];
        par.forRange(height, (from, to) -> {
            for (int x0 = 0; x0 < width; x0 += STRIP) {
                int n = Math.min(STRIP, width - x0);
                for (int y = from; y < to; y++) {
                    int o = y * width + x0;
                    for (int x = 0; x < n; x++) {
                        dst[o + x] = w0 * src[o + x];
                    }
                    for (int k = 1; k <= radius; k++) {
                        float wk = half[k];
                        int up = Reflect.index(y - k, height) * width + x0;
                        int dn = Reflect.index(y + k, height) * width + x0;
                        for (int x = 0; x < n; x++) {
                            dst[o + x] += wk * (src[up + x] + src[dn + x]);
                        }
                    }
                }
            }
        });
    }
}
