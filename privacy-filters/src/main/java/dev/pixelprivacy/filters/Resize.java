package dev.pixelprivacy.filters;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;

/**
 * Resizing, separable per axis: an axis that shrinks is area-averaged (each output sample is the
 * mean of the source interval it covers, fractional overlaps weighted; the mean of the image is
 * preserved), an axis that grows is interpolated bilinearly with pixel centres aligned
 * ({@code u = (j + 0.5) * src / dst - 0.5}, clamped at the edges, as OpenCV INTER_LINEAR and PyTorch
 * {@code align_corners=False}). Any sizes.
 */
public final class Resize {
    private Resize() {}

    /**
     * @param src plane, row-major, {@code srcWidth * srcHeight}
     * @param srcWidth source columns
     * @param srcHeight source rows
     * @param dstWidth output columns, &gt; 0
     * @param dstHeight output rows, &gt; 0
     * @return the resized plane, row-major
     */
    public static float[] plane(float[] src, int srcWidth, int srcHeight, int dstWidth, int dstHeight) {
        Planes.check(src, srcWidth, srcHeight, "source plane");
        if (dstWidth <= 0 || dstHeight <= 0) {
            throw new IllegalArgumentException("output size must be > 0 but was " + dstWidth + "x" + dstHeight);
        }
        Axis ax = Axis.of(srcWidth, dstWidth);
        Axis ay = Axis.of(srcHeight, dstHeight);
        float[] tmp = new float[dstWidth * srcHeight];
        for (int y = 0; y < srcHeight; y++) {
            int row = y * srcWidth;
            for (int j = 0; j < dstWidth; j++) {
                int s = ax.start[j];
                double acc = 0;
                for (int k = 0; k < ax.weights[j].length; k++) {
                    acc += ax.weights[j][k] * src[row + s + k];
                }
                tmp[y * dstWidth + j] = (float) acc;
            }
        }
        float[] out = new float[dstWidth * dstHeight];
        double[] acc = new double[dstWidth];
        for (int j = 0; j < dstHeight; j++) {
            java.util.Arrays.fill(acc, 0);
            int s = ay.start[j];
            for (int k = 0; k < ay.weights[j].length; k++) {
                double wk = ay.weights[j][k];
                int row = (s + k) * dstWidth;
                for (int x = 0; x < dstWidth; x++) {
                    acc[x] += wk * tmp[row + x];
                }
            }
            for (int x = 0; x < dstWidth; x++) {
                out[j * dstWidth + x] = (float) acc[x];
            }
        }
        return out;
    }

    /**
     * @param image RGB in [0, 1]
     * @param width output columns
     * @param height output rows
     * @return the resized image (convex weights, so still in [0, 1]; rounding is clamped)
     */
    public static RgbImage image(RgbImage image, int width, int height) {
        int n = image.pixelCount();
        float[] out = new float[3 * width * height];
        for (int c = 0; c < 3; c++) {
            float[] p = java.util.Arrays.copyOfRange(image.data(), c * n, (c + 1) * n);
            System.arraycopy(plane(p, image.width(), image.height(), width, height), 0, out, c * width * height,
                    width * height);
        }
        return RgbImage.clamped(width, height, out);
    }

    /**
     * Resizing to a fixed size as an {@link dev.pixelprivacy.core.image.ImageFilter}: the task's
     * protocol resizes every photo to 256x256 before protecting it.
     *
     * @param width output columns, &gt; 0
     * @param height output rows, &gt; 0
     * @return the filter (an image already of that size is returned as it is)
     */
    public static dev.pixelprivacy.core.image.ImageFilter toSize(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("target size must be positive but was " + width + "x" + height);
        }
        return dev.pixelprivacy.core.image.ImageFilter.named("resize to " + width + "x" + height,
                img -> img.width() == width && img.height() == height ? img : image(img, width, height));
    }

    /**
     * @param mask values in [0, 1]
     * @param width output columns
     * @param height output rows
     * @return the resized mask
     */
    public static Mask mask(Mask mask, int width, int height) {
        float[] out = plane(mask.data(), mask.width(), mask.height(), width, height);
        Planes.clampUnit(out);
        return Mask.of(width, height, out);
    }

    /** Per output index: first source index and the weights of consecutive source samples (sum 1). */
    private static final class Axis {
        final int[] start;
        final double[][] weights;

        private Axis(int[] start, double[][] weights) {
            this.start = start;
            this.weights = weights;
        }

        static Axis of(int src, int dst) {
            int[] start = new int[dst];
            double[][] w = new double[dst][];
            if (dst <= src) {
                double scale = (double) src / dst;
                for (int j = 0; j < dst; j++) {
                    double lo = j * scale;
                    double hi = Math.min(src, (j + 1) * scale);
                    int i0 = (int) Math.floor(lo);
                    int i1 = Math.min(src, (int) Math.ceil(hi));
                    start[j] = i0;
                    w[j] = new double[i1 - i0];
                    for (int i = i0; i < i1; i++) {
                        double overlap = Math.min(i + 1, hi) - Math.max(i, lo);
                        w[j][i - i0] = Math.max(0, overlap) / scale;
                    }
                }
            } else {
                double scale = (double) src / dst;
                for (int j = 0; j < dst; j++) {
                    double u = Math.min(src - 1, Math.max(0, (j + 0.5) * scale - 0.5));
                    int i0 = Math.min((int) Math.floor(u), src - 1);
                    double f = u - i0;
                    start[j] = i0;
                    w[j] = i0 + 1 < src ? new double[] {1 - f, f} : new double[] {1};
                }
            }
            return new Axis(start, w);
        }
    }
}
