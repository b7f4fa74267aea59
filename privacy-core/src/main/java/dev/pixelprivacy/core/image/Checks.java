package dev.pixelprivacy.core.image;

/** Argument checks shared by the image types; messages name the offending value. */
final class Checks {
    /** Largest number of pixels a single image may have: 3 channels must fit in one Java array. */
    static final long MAX_PIXELS = (Integer.MAX_VALUE - 8) / 3;

    private Checks() {}

    static void size(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(
                    "width and height must be > 0 but were " + width + "x" + height);
        }
        if ((long) width * height > MAX_PIXELS) {
            throw new IllegalArgumentException(
                    "image of " + width + "x" + height + " pixels exceeds the limit of " + MAX_PIXELS + " pixels");
        }
    }

    static void length(float[] data, long expected, String what) {
        if (data == null) {
            throw new IllegalArgumentException(what + " data must not be null");
        }
        if (data.length != expected) {
            throw new IllegalArgumentException(
                    what + " data has " + data.length + " values but " + expected + " were expected");
        }
    }

    /** Every value finite and within [0, 1]; reports the first one that is not, with its index. */
    static void unitRange(float[] data, String what) {
        for (int i = 0; i < data.length; i++) {
            float v = data[i];
            if (!(v >= 0f && v <= 1f)) { // also rejects NaN
                throw new IllegalArgumentException(
                        what + " values must be in [0, 1] but value " + i + " was " + v);
            }
        }
    }

    static void finite(float[] data, String what) {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new IllegalArgumentException(what + " value " + i + " is not finite: " + data[i]);
            }
        }
    }
}
