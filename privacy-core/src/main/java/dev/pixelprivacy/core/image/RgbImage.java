package dev.pixelprivacy.core.image;

import dev.pixelprivacy.core.Arguments;

import java.util.Arrays;

/**
 * An RGB image with float samples in [0, 1], stored planar: all red samples, then all green, then
 * all blue, each plane row by row. Sample (c, y, x) sits at {@code c * width * height + y * width + x}.
 *
 * <p>Instances are immutable by contract: the factories that take an array take ownership of it, and
 * {@link #data()} exposes the storage for fast read-only loops. Code that writes into either breaks
 * that contract; use {@link #copyOfData()} for a private copy.
 */
public final class RgbImage {
    /** Number of channels: red, green, blue. */
    public static final int CHANNELS = 3;

    private final int width;
    private final int height;
    private final float[] data;

    private RgbImage(int width, int height, float[] data) {
        this.width = width;
        this.height = height;
        this.data = data;
    }

    /**
     * Wraps planar data after checking its length and that every value is finite and in [0, 1].
     *
     * @param width columns, &gt; 0
     * @param height rows, &gt; 0
     * @param planar {@code 3 * width * height} values in [0, 1], layout (channel, row, column); owned by
     *     the image from now on
     * @return the image
     * @throws IllegalArgumentException for a bad size, length or value (the message names it)
     */
    public static RgbImage of(int width, int height, float[] planar) {
        Arguments.size(width, height);
        Arguments.length(planar, (long) CHANNELS * width * height, "RGB image");
        Arguments.unitRange(planar, "RGB image");
        return new RgbImage(width, height, planar);
    }

    /**
     * Like {@link #of} but clamps every value into [0, 1] first (in place). NaN is still refused: it
     * means an upstream computation failed and clamping would hide it.
     *
     * @param width columns, &gt; 0
     * @param height rows, &gt; 0
     * @param planar {@code 3 * width * height} finite values, layout (channel, row, column)
     * @return the image
     */
    public static RgbImage clamped(int width, int height, float[] planar) {
        Arguments.size(width, height);
        Arguments.length(planar, (long) CHANNELS * width * height, "RGB image");
        for (int i = 0; i < planar.length; i++) {
            float v = planar[i];
            if (Float.isNaN(v)) {
                throw new IllegalArgumentException("RGB image value " + i + " is NaN");
            }
            planar[i] = v < 0f ? 0f : (v > 1f ? 1f : v);
        }
        return new RgbImage(width, height, planar);
    }

    /**
     * An image with every sample of channel c equal to {@code rgb[c]}.
     *
     * @param width columns
     * @param height rows
     * @param r red in [0, 1]
     * @param g green in [0, 1]
     * @param b blue in [0, 1]
     * @return the constant image
     */
    public static RgbImage filled(int width, int height, float r, float g, float b) {
        Arguments.size(width, height);
        int n = width * height;
        float[] d = new float[CHANNELS * n];
        Arrays.fill(d, 0, n, r);
        Arrays.fill(d, n, 2 * n, g);
        Arrays.fill(d, 2 * n, 3 * n, b);
        return of(width, height, d);
    }

    /** Wraps data already known to be valid; for this package's own results. */
    static RgbImage trusted(int width, int height, float[] planar) {
        return new RgbImage(width, height, planar);
    }

    /** @return columns */
    public int width() {
        return width;
    }

    /** @return rows */
    public int height() {
        return height;
    }

    /** @return {@code width * height} */
    public int pixelCount() {
        return width * height;
    }

    /**
     * The backing array, planar (channel, row, column), values in [0, 1]. Read it, do not write it.
     *
     * @return the storage of this image
     */
    public float[] data() {
        return data;
    }

    /** @return a copy of the samples, planar (channel, row, column) */
    public float[] copyOfData() {
        return data.clone();
    }

    /**
     * @param channel 0 red, 1 green, 2 blue
     * @param y row
     * @param x column
     * @return the sample in [0, 1]
     */
    public float get(int channel, int y, int x) {
        if (channel < 0 || channel >= CHANNELS || y < 0 || y >= height || x < 0 || x >= width) {
            throw new IndexOutOfBoundsException(
                    "(" + channel + ", " + y + ", " + x + ") outside 3x" + height + "x" + width);
        }
        return data[(channel * height + y) * width + x];
    }

    /**
     * Rounds every sample to the nearest of the 256 levels of an 8-bit file (ties away from zero),
     * which is what writing and re-reading a PNG does.
     *
     * @return the quantised image; this image itself if every sample is on a level already (an attack
     *     robust to 8-bit rounding gives such images), so no second copy of a large image is made
     */
    public RgbImage quantised8Bit() {
        if (isOn8BitLevels()) {
            return this;
        }
        float[] q = new float[data.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = EightBitLevels.quantise(data[i]);
        }
        return new RgbImage(width, height, q);
    }

    /** @return whether every sample equals its own rounding to 8-bit levels, {@code round(255 v) / 255} */
    public boolean isOn8BitLevels() {
        for (float v : data) {
            if (EightBitLevels.quantise(v) != v) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param other another image
     * @return true if both images have the same size
     */
    public boolean sameSize(RgbImage other) {
        return width == other.width && height == other.height;
    }

    /**
     * @param other another image
     * @throws IllegalArgumentException if the sizes differ (both are named)
     */
    public void requireSameSize(RgbImage other) {
        if (!sameSize(other)) {
            throw new IllegalArgumentException(
                    "images differ in size: " + width + "x" + height + " and " + other.width + "x" + other.height);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage other
                && width == other.width && height == other.height && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
