package dev.pixelprivacy.filters;

import dev.pixelprivacy.filters.internal.Reflect;

/**
 * Naive reference twins of the optimised kernels: direct formulas, double precision, no tricks.
 * The tests compare the fast code against these.
 */
final class NaiveFilters {
    private NaiveFilters() {}

    /** Direct 2-D convolution with the separable sampled Gaussian, reflect border, double sums. */
    static double[] gaussian2d(float[] src, int w, int h, double sigma, int radius) {
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        double[] out = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int dy = -radius; dy <= radius; dy++) {
                    int yy = Reflect.index(y + dy, h);
                    for (int dx = -radius; dx <= radius; dx++) {
                        s += k[dy + radius] * k[dx + radius] * src[yy * w + Reflect.index(x + dx, w)];
                    }
                }
                out[y * w + x] = s;
            }
        }
        return out;
    }

    /** Luminance 0.299 R + 0.587 G + 0.114 B per pixel, double. */
    static double[] luminance(float[] rgb, int w, int h) {
        int n = w * h;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 0.299 * rgb[i] + 0.587 * rgb[n + i] + 0.114 * rgb[2 * n + i];
        }
        return y;
    }

    /** 3x3 Sobel by its definition, reflect border: {gx, gy}, gx along columns, gy along rows. */
    static double[][] sobel(double[] p, int w, int h) {
        double[] gx = new double[w * h];
        double[] gy = new double[w * h];
        int[][] kx = {{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sx = 0;
                double sy = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        double v = p[Reflect.index(y + dy, h) * w + Reflect.index(x + dx, w)];
                        sx += kx[dy + 1][dx + 1] * v;
                        sy += kx[dx + 1][dy + 1] * v;
                    }
                }
                gx[y * w + x] = sx;
                gy[y * w + x] = sy;
            }
        }
        return new double[][] {gx, gy};
    }

    static float[] randomPlane(java.util.Random rnd, int n) {
        float[] p = new float[n];
        for (int i = 0; i < n; i++) {
            p[i] = rnd.nextFloat();
        }
        return p;
    }

    static double maxAbsDiff(float[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }
}
