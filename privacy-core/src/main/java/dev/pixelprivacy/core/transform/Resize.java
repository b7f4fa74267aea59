package dev.pixelprivacy.core.transform;

import java.util.Locale;

/**
 * A separable resize with one of PIL's filters ({@link ResizeKernel}), computed as PIL's
 * {@code ImagingResample} does for float images (mode 'F'): per axis, normalised weights precomputed
 * for every output pixel; the horizontal pass first, then the vertical one, each skipped when that
 * side keeps its size; accumulation in double, results stored as float. The result is not clamped
 * ({@link #forward}); bicubic and Lanczos overshoot near edges, which {@link #apply} clamps.
 *
 * <p>The target is either a fixed size or a long side: {@link #longSide} keeps the aspect ratio
 * (short side {@code round(short * L / long)}, at least 1) and by default leaves smaller images
 * alone, as platforms do. The transform is linear, so {@link #vjp} (the transpose of both passes)
 * does not depend on the input values.
 */
public final class Resize implements DifferentiableTransform {
    private final int width;
    private final int height;
    private final int longSide;
    private final boolean upscale;
    private final ResizeKernel kernel;

    private Resize(int width, int height, int longSide, boolean upscale, ResizeKernel kernel) {
        if (kernel == null) {
            throw new IllegalArgumentException("resize kernel must not be null");
        }
        this.width = width;
        this.height = height;
        this.longSide = longSide;
        this.upscale = upscale;
        this.kernel = kernel;
    }

    /**
     * @param width output columns, &gt; 0
     * @param height output rows, &gt; 0
     * @param kernel the filter
     * @return a resize to exactly that size
     */
    public static Resize to(int width, int height, ResizeKernel kernel) {
        new ImageSize(width, height);
        return new Resize(width, height, 0, true, kernel);
    }

    /**
     * @param longSide the output's longer side, &gt; 0
     * @param kernel the filter
     * @param upscale whether an image whose long side is shorter is enlarged (otherwise it is left as
     *     it is)
     * @return a resize keeping the aspect ratio
     */
    public static Resize longSide(int longSide, ResizeKernel kernel, boolean upscale) {
        if (longSide <= 0) {
            throw new IllegalArgumentException("long side must be > 0 but was " + longSide);
        }
        return new Resize(0, 0, longSide, upscale, kernel);
    }

    /** @return the filter */
    public ResizeKernel kernel() {
        return kernel;
    }

    @Override
    public ImageSize outputSize(ImageSize input) {
        if (longSide == 0) {
            return new ImageSize(width, height);
        }
        int lng = Math.max(input.width(), input.height());
        if (lng == longSide || (lng < longSide && !upscale)) {
            return input;
        }
        double s = (double) longSide / lng;
        int w = input.width() >= input.height() ? longSide : Math.max(1, (int) Math.round(input.width() * s));
        int h = input.width() >= input.height() ? Math.max(1, (int) Math.round(input.height() * s)) : longSide;
        return new ImageSize(w, h);
    }

    @Override
    public float[] forward(float[] planar, ImageSize size) {
        DifferentiableTransform.requireLength(size, planar, "resize input");
        ImageSize o = outputSize(size);
        if (o.equals(size)) {
            return planar.clone();
        }
        int w = size.width();
        int h = size.height();
        int ow = o.width();
        int oh = o.height();
        ResampleAxis ax = axis(w, ow);
        ResampleAxis ay = axis(h, oh);
        float[] out = new float[3 * ow * oh];
        float[] tmp = ax != null && ay != null ? new float[h * ow] : null;
        for (int c = 0; c < 3; c++) {
            int src = c * w * h;
            int dst = c * ow * oh;
            if (ay == null) {
                ax.rows(planar, src, h, out, dst);
            } else if (ax == null) {
                ay.columns(planar, src, w, out, dst);
            } else {
                ax.rows(planar, src, h, tmp, 0);
                ay.columns(tmp, 0, ow, out, dst);
            }
        }
        return out;
    }

    @Override
    public float[] vjp(float[] planar, ImageSize size, float[] outputGradient) {
        return adjoint(size, outputGradient);
    }

    /**
     * The transpose of this (linear) resize: {@link #vjp} without an input, which it does not depend on.
     *
     * @param size the input's size
     * @param outputGradient d(objective)/d(output), planar, {@code 3 * outputSize(size).pixelCount()} values
     * @return d(objective)/d(input), planar, of the input's length
     */
    public float[] adjoint(ImageSize size, float[] outputGradient) {
        ImageSize o = outputSize(size);
        DifferentiableTransform.requireLength(o, outputGradient, "resize output gradient");
        if (o.equals(size)) {
            return outputGradient.clone();
        }
        int w = size.width();
        int h = size.height();
        int ow = o.width();
        ResampleAxis ax = axis(w, ow);
        ResampleAxis ay = axis(h, o.height());
        int plane = ow * o.height();
        float[] out = new float[3 * w * h];
        double[] acc = new double[w * h];
        double[] mid = new double[h * ow];
        for (int c = 0; c < 3; c++) {
            int g = c * plane;
            java.util.Arrays.fill(acc, 0.0);
            if (ay == null) {
                for (int i = 0; i < h * ow; i++) {
                    mid[i] = outputGradient[g + i];
                }
                ax.rowsAdjoint(mid, 0, h, acc);
            } else if (ax == null) {
                ay.columnsAdjoint(outputGradient, g, w, acc);
            } else {
                java.util.Arrays.fill(mid, 0.0);
                ay.columnsAdjoint(outputGradient, g, ow, mid);
                ax.rowsAdjoint(mid, 0, h, acc);
            }
            int d = c * w * h;
            for (int i = 0; i < w * h; i++) {
                out[d + i] = (float) acc[i];
            }
        }
        return out;
    }

    /** @return the weights of an axis from {@code in} to {@code out} samples, or null when it keeps its size (PIL skips that pass) */
    private ResampleAxis axis(int in, int out) {
        return in == out ? null : new ResampleAxis(in, out, kernel);
    }

    @Override
    public String toString() {
        String k = kernel.name().toLowerCase(Locale.ROOT);
        return longSide == 0 ? "resize(" + width + "x" + height + ", " + k + ")"
                : "resize(long side " + longSide + (upscale ? "" : " or less") + ", " + k + ")";
    }
}
