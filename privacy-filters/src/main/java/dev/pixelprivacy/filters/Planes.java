package dev.pixelprivacy.filters;

/** Argument checks and small loops over planes shared by the filters. */
final class Planes {
    private Planes() {}

    static void check(float[] plane, int width, int height, String what) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("width and height must be > 0 but were " + width + "x" + height);
        }
        if (plane == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (plane.length != (long) width * height) {
            throw new IllegalArgumentException(what + " has " + plane.length + " values but " + width + "x"
                    + height + " needs " + (long) width * height);
        }
    }

    /** @return {@code dst}, or a new plane if null; refuses a wrong length or aliasing {@code src} */
    static float[] output(float[] dst, float[] src, int width, int height) {
        if (dst == null) {
            return new float[width * height];
        }
        if (dst == src) {
            throw new IllegalArgumentException("output plane must not be the input plane");
        }
        check(dst, width, height, "output plane");
        return dst;
    }

    static void clampUnit(float[] v) {
        for (int i = 0; i < v.length; i++) {
            float x = v[i];
            v[i] = x < 0f ? 0f : (x > 1f ? 1f : x);
        }
    }
}
