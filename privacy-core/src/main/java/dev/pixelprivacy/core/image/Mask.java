package dev.pixelprivacy.core.image;

import dev.pixelprivacy.core.Arguments;

import java.util.Arrays;

/**
 * One float in [0, 1] per pixel, row by row: a perturbation mask (0 = leave the pixel alone, 1 = full
 * strength), a saliency map or an edge map. Immutable by contract, like {@link RgbImage}.
 */
public final class Mask {
    private final int width;
    private final int height;
    /** The values; null for a uniform mask until {@link #data()} is first called. */
    private volatile float[] data;
    /** The value of a uniform mask ({@link #filled}), NaN for any other. */
    private final float uniform;

    private Mask(int width, int height, float[] data) {
        this.width = width;
        this.height = height;
        this.data = data;
        this.uniform = Float.NaN;
    }

    private Mask(int width, int height, float uniform) {
        this.width = width;
        this.height = height;
        this.uniform = uniform;
    }

    /**
     * @param width columns, &gt; 0
     * @param height rows, &gt; 0
     * @param values {@code width * height} values in [0, 1], row-major; owned by the mask from now on
     * @return the mask
     * @throws IllegalArgumentException for a bad size, length or value
     */
    public static Mask of(int width, int height, float[] values) {
        Arguments.size(width, height);
        Arguments.length(values, (long) width * height, "mask");
        Arguments.unitRange(values, "mask");
        return new Mask(width, height, values);
    }

    /**
     * A mask of one value everywhere. Its values are not stored until {@link #data()} asks for them (a
     * mask of a 48-megapixel photo is 192 MB), and {@link #isUniform()} says that it is uniform, so an
     * attack can use the value instead.
     *
     * @param width columns
     * @param height rows
     * @param value in [0, 1]
     * @return the mask
     */
    public static Mask filled(int width, int height, float value) {
        Arguments.size(width, height);
        if (!(value >= 0f && value <= 1f)) {
            throw new IllegalArgumentException("mask value must be in [0, 1] but was " + value);
        }
        return new Mask(width, height, value);
    }

    /**
     * Min-max normalisation of arbitrary finite values into [0, 1]: {@code (v - min) / (max - min)}.
     * A constant input (max == min) gives all zeros, the convention of the reference code's
     * normalisation guarded against division by zero.
     *
     * @param width columns
     * @param height rows
     * @param values {@code width * height} finite values; normalised in place and owned by the mask
     * @return the normalised mask
     */
    public static Mask minMaxNormalised(int width, int height, float[] values) {
        Arguments.size(width, height);
        Arguments.length(values, (long) width * height, "mask");
        Arguments.finite(values, "mask");
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float range = max - min;
        if (range > 0f) {
            float inv = 1f / range;
            for (int i = 0; i < values.length; i++) {
                // clamp: (v - min) * inv can round to 1 + ulp
                values[i] = Math.min(1f, (values[i] - min) * inv);
            }
        } else {
            Arrays.fill(values, 0f);
        }
        return new Mask(width, height, values);
    }

    /** @return columns */
    public int width() {
        return width;
    }

    /** @return rows */
    public int height() {
        return height;
    }

    /**
     * @return the backing array, row-major, values in [0, 1]; read it, do not write it. For a uniform
     *     mask it is made on the first call
     */
    public float[] data() {
        float[] d = data;
        if (d == null) {
            synchronized (this) {
                d = data;
                if (d == null) {
                    d = new float[width * height];
                    Arrays.fill(d, uniform);
                    data = d;
                }
            }
        }
        return d;
    }

    /** @return whether this mask was made by {@link #filled}: {@link #uniformValue()} at every pixel */
    public boolean isUniform() {
        return !Float.isNaN(uniform);
    }

    /**
     * @return the value of a {@link #isUniform() uniform} mask
     * @throws IllegalStateException if the mask is not uniform
     */
    public float uniformValue() {
        if (!isUniform()) {
            throw new IllegalStateException("the mask is not uniform (made by Mask.filled)");
        }
        return uniform;
    }

    /** @return a copy of the values */
    public float[] copyOfData() {
        return data().clone();
    }

    /**
     * @param y row
     * @param x column
     * @return the value in [0, 1]
     */
    public float get(int y, int x) {
        if (y < 0 || y >= height || x < 0 || x >= width) {
            throw new IndexOutOfBoundsException("(" + y + ", " + x + ") outside " + height + "x" + width);
        }
        return data()[y * width + x];
    }

    /** @return 1 - value at every pixel (the reverse of a saliency map) */
    public Mask inverted() {
        if (isUniform()) {
            return filled(width, height, 1f - uniform);
        }
        float[] data = data();
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = 1f - data[i];
        }
        return new Mask(width, height, d);
    }

    /**
     * @param image an image
     * @throws IllegalArgumentException if the image is not the mask's size
     */
    public void requireSizeOf(RgbImage image) {
        if (image.width() != width || image.height() != height) {
            throw new IllegalArgumentException("mask is " + width + "x" + height + " but the image is "
                    + image.width() + "x" + image.height());
        }
    }

    /** @return the mask as a grey RGB image (the same value in the three channels), e.g. to write it as a PNG */
    public RgbImage toGreyImage() {
        float[] data = data();
        int n = data.length;
        float[] d = new float[3 * n];
        System.arraycopy(data, 0, d, 0, n);
        System.arraycopy(data, 0, d, n, n);
        System.arraycopy(data, 0, d, 2 * n, n);
        return RgbImage.trusted(width, height, d);
    }

    /** @return the mean value */
    public double mean() {
        float[] data = data();
        double s = 0;
        for (float v : data) {
            s += v;
        }
        return s / data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mask other
                && width == other.width && height == other.height && Arrays.equals(data(), other.data());
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(data());
    }

    @Override
    public String toString() {
        return "Mask[" + width + "x" + height + "]";
    }
}
