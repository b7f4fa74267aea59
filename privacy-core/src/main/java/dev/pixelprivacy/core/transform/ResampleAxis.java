package dev.pixelprivacy.core.transform;

/**
 * The weights of one axis of a separable resize, precomputed as PIL's {@code precompute_coeffs}
 * does: output pixel o has its centre at input coordinate {@code (o + 0.5) * in / out}; the filter,
 * stretched by {@code max(in / out, 1)}, is sampled at the input pixels within its support, and the
 * weights are normalised to sum to 1. Output o reads inputs {@code start[o] .. start[o] + count[o] - 1}
 * with weights {@code weights[o * window ..]}.
 */
final class ResampleAxis {
    final int in;
    final int out;
    final int window;
    final int[] start;
    final int[] count;
    final double[] weights;

    ResampleAxis(int in, int out, ResizeKernel kernel) {
        this.in = in;
        this.out = out;
        double scale = (double) in / out;
        double filterScale = Math.max(scale, 1.0);
        double support = kernel.support() * filterScale;
        this.window = (int) Math.ceil(support) * 2 + 1;
        this.start = new int[out];
        this.count = new int[out];
        this.weights = new double[out * window];
        double inverse = 1.0 / filterScale;
        for (int o = 0; o < out; o++) {
            double centre = (o + 0.5) * scale;
            // (int) truncates towards zero, as PIL's C casts do
            int lo = Math.max((int) (centre - support + 0.5), 0);
            int n = Math.min((int) (centre + support + 0.5), in) - lo;
            double sum = 0.0;
            int base = o * window;
            for (int j = 0; j < n; j++) {
                double w = kernel.weight((j + lo - centre + 0.5) * inverse);
                weights[base + j] = w;
                sum += w;
            }
            if (sum != 0.0) {
                for (int j = 0; j < n; j++) {
                    weights[base + j] /= sum;
                }
            }
            start[o] = lo;
            count[o] = n;
        }
    }

    /** Resizes each row of a plane: src (h rows of {@link #in}) into dst (h rows of {@link #out}). */
    void rows(float[] src, int srcOff, int h, float[] dst, int dstOff) {
        for (int y = 0; y < h; y++) {
            int s = srcOff + y * in;
            int d = dstOff + y * out;
            for (int o = 0; o < out; o++) {
                int base = o * window;
                int from = s + start[o];
                double acc = 0.0;
                for (int j = 0; j < count[o]; j++) {
                    acc += weights[base + j] * src[from + j];
                }
                dst[d + o] = (float) acc;
            }
        }
    }

    /** The adjoint of {@link #rows}: scatters g (h rows of {@link #out}) into dst (h rows of {@link #in}), added. */
    void rowsAdjoint(double[] g, int gOff, int h, double[] dst) {
        for (int y = 0; y < h; y++) {
            int s = gOff + y * out;
            int d = y * in;
            for (int o = 0; o < out; o++) {
                int base = o * window;
                int to = d + start[o];
                double v = g[s + o];
                for (int j = 0; j < count[o]; j++) {
                    dst[to + j] += weights[base + j] * v;
                }
            }
        }
    }

    /** Resizes the columns of a plane: src ({@link #in} rows of w) into dst ({@link #out} rows of w). */
    void columns(float[] src, int srcOff, int w, float[] dst, int dstOff) {
        double[] acc = new double[w];
        for (int o = 0; o < out; o++) {
            java.util.Arrays.fill(acc, 0.0);
            int base = o * window;
            for (int j = 0; j < count[o]; j++) {
                double wt = weights[base + j];
                int row = srcOff + (start[o] + j) * w;
                for (int x = 0; x < w; x++) {
                    acc[x] += wt * src[row + x];
                }
            }
            int d = dstOff + o * w;
            for (int x = 0; x < w; x++) {
                dst[d + x] = (float) acc[x];
            }
        }
    }

    /** The adjoint of {@link #columns}: g ({@link #out} rows of w) scattered into dst ({@link #in} rows of w), added. */
    void columnsAdjoint(float[] g, int gOff, int w, double[] dst) {
        for (int o = 0; o < out; o++) {
            int base = o * window;
            int grow = gOff + o * w;
            for (int j = 0; j < count[o]; j++) {
                double wt = weights[base + j];
                int row = (start[o] + j) * w;
                for (int x = 0; x < w; x++) {
                    dst[row + x] += wt * g[grow + x];
                }
            }
        }
    }
}
