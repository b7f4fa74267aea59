package dev.pixelprivacy.core;

/**
 * Argument checks shared by every module, each throwing an {@link IllegalArgumentException} that names
 * the setting and the offending value (Guava's {@code checkArgument} style, without the dependency).
 */
public final class Arguments {
    /** Largest number of pixels a single image may have: 3 channels must fit in one Java array. */
    public static final long MAX_PIXELS = (Integer.MAX_VALUE - 8) / 3;

    private Arguments() {}

    /**
     * @param width columns
     * @param height rows
     * @throws IllegalArgumentException unless both are positive and the image fits {@link #MAX_PIXELS}
     */
    public static void size(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(
                    "width and height must be > 0 but were " + width + "x" + height);
        }
        if ((long) width * height > MAX_PIXELS) {
            throw new IllegalArgumentException(
                    "image of " + width + "x" + height + " pixels exceeds the limit of " + MAX_PIXELS + " pixels");
        }
    }

    /**
     * @param data an array
     * @param expected the length it must have
     * @param what what the data is, for the message
     * @throws IllegalArgumentException if it is null or of another length
     */
    public static void length(float[] data, long expected, String what) {
        if (data == null) {
            throw new IllegalArgumentException(what + " data must not be null");
        }
        if (data.length != expected) {
            throw new IllegalArgumentException(
                    what + " data has " + data.length + " values but " + expected + " were expected");
        }
    }

    /** Every value finite and within [0, 1]; reports the first one that is not, with its index. */
    /**
     * @param data values
     * @param what what the data is, for the message
     * @throws IllegalArgumentException naming the first value outside [0, 1] (or NaN)
     */
    public static void unitRange(float[] data, String what) {
        for (int i = 0; i < data.length; i++) {
            float v = data[i];
            if (!(v >= 0f && v <= 1f)) { // also rejects NaN
                throw new IllegalArgumentException(
                        what + " values must be in [0, 1] but value " + i + " was " + v);
            }
        }
    }

    /**
     * @param data values
     * @param what what the data is, for the message
     * @throws IllegalArgumentException naming the first value that is not finite
     */
    public static void finite(float[] data, String what) {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new IllegalArgumentException(what + " value " + i + " is not finite: " + data[i]);
            }
        }
    }

    /**
     * @param name the setting
     * @param v its value
     * @throws IllegalArgumentException unless {@code v > 0} and finite
     */
    public static void positive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be > 0 and finite but was " + v);
        }
    }

    /**
     * @param name the setting
     * @param v its value
     * @throws IllegalArgumentException unless {@code v >= 0} and finite
     */
    public static void nonNegative(String name, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be >= 0 and finite but was " + v);
        }
    }

    /**
     * @param name the setting
     * @param v its value
     * @param lo smallest allowed value
     * @param hi largest allowed value
     * @throws IllegalArgumentException unless {@code lo <= v <= hi} (NaN is refused)
     */
    public static void range(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "] but was " + v);
        }
    }
}
