package dev.pixelprivacy.core.transform;

import dev.pixelprivacy.core.Arguments;

/**
 * Cuts a rectangle out of the image, either a fixed one ({@link #of}) or one that keeps a fraction of
 * each side at a relative position ({@link #fraction}). The rectangle always lies inside the input,
 * so no border rule is needed: an input too small for a fixed rectangle is refused by
 * {@link #outputSize}. Linear; its adjoint writes the gradient into the rectangle and zero elsewhere.
 */
public final class Crop implements DifferentiableTransform {
    private final int left;
    private final int top;
    private final int width;
    private final int height;
    private final double keep;
    private final double u;
    private final double v;

    private Crop(int left, int top, int width, int height, double keep, double u, double v) {
        this.left = left;
        this.top = top;
        this.width = width;
        this.height = height;
        this.keep = keep;
        this.u = u;
        this.v = v;
    }

    /**
     * @param left first column kept, &gt;= 0
     * @param top first row kept, &gt;= 0
     * @param width columns kept, &gt; 0
     * @param height rows kept, &gt; 0
     * @return the crop
     */
    public static Crop of(int left, int top, int width, int height) {
        if (left < 0 || top < 0) {
            throw new IllegalArgumentException("crop origin must be >= 0 but was (" + left + ", " + top + ")");
        }
        new ImageSize(width, height);
        return new Crop(left, top, width, height, 0, 0, 0);
    }

    /**
     * A crop of {@code max(1, round(keep * side))} pixels per side; the free margin of each axis
     * ({@code side - kept}) is split at {@code floor(position * (margin + 1))}, capped at the margin.
     *
     * @param keep fraction of each side kept, in (0, 1]
     * @param horizontal relative horizontal position in [0, 1] (0 left, 1 right)
     * @param vertical relative vertical position in [0, 1] (0 top, 1 bottom)
     * @return the crop
     */
    public static Crop fraction(double keep, double horizontal, double vertical) {
        if (!(keep > 0 && keep <= 1)) {
            throw new IllegalArgumentException("crop fraction must be in (0, 1] but was " + keep);
        }
        Arguments.range("crop horizontal position", horizontal, 0, 1);
        Arguments.range("crop vertical position", vertical, 0, 1);
        return new Crop(0, 0, 0, 0, keep, horizontal, vertical);
    }

    /** @return {left, top, width, height} of the rectangle in an input of that size */
    private int[] rectangle(ImageSize input) {
        if (keep == 0) {
            if (left + width > input.width() || top + height > input.height()) {
                throw new IllegalArgumentException("crop of " + width + "x" + height + " at (" + left + ", " + top
                        + ") does not fit in an image of " + input);
            }
            return new int[] {left, top, width, height};
        }
        int w = Math.max(1, (int) Math.round(keep * input.width()));
        int h = Math.max(1, (int) Math.round(keep * input.height()));
        return new int[] {offset(u, input.width() - w), offset(v, input.height() - h), w, h};
    }

    private static int offset(double position, int margin) {
        return Math.min(margin, (int) Math.floor(position * (margin + 1)));
    }

    @Override
    public ImageSize outputSize(ImageSize input) {
        int[] r = rectangle(input);
        return new ImageSize(r[2], r[3]);
    }

    @Override
    public float[] forward(float[] planar, ImageSize size) {
        DifferentiableTransform.requireLength(size, planar, "crop input");
        int[] r = rectangle(size);
        float[] out = new float[3 * r[2] * r[3]];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < r[3]; y++) {
                System.arraycopy(planar, (c * size.height() + r[1] + y) * size.width() + r[0],
                        out, (c * r[3] + y) * r[2], r[2]);
            }
        }
        return out;
    }

    @Override
    public float[] vjp(float[] planar, ImageSize size, float[] outputGradient) {
        int[] r = rectangle(size);
        Arguments.length(outputGradient, 3L * r[2] * r[3], "crop output gradient");
        float[] out = new float[size.planarLength()];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < r[3]; y++) {
                System.arraycopy(outputGradient, (c * r[3] + y) * r[2],
                        out, (c * size.height() + r[1] + y) * size.width() + r[0], r[2]);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return keep == 0 ? "crop(" + width + "x" + height + " at " + left + "," + top + ")"
                : "crop(keep " + keep + " at " + u + "," + v + ")";
    }
}
