package dev.pixelprivacy.core.image;

/**
 * The 8-bit levels of a sample in [0, 1], exactly as {@code Math.round(v * 255f)} and {@code r / 255f}
 * compute them, only faster: the rounding of a non-negative value is one addition and a conversion
 * ({@code Math.round} takes apart the float's bits and branches), and a level is read from a table
 * instead of divided. Per-pixel loops (the attacks' 8-bit rounding, the encoders' packing, the check
 * that an image lies on levels) run over every sample of every photo.
 */
public final class EightBitLevels {
    /** {@code r / 255f} for r in [-1, 256]: one level beyond each end, as a rounding moved one level reaches. */
    private static final float[] LEVELS = new float[258];

    static {
        for (int r = -1; r <= 256; r++) {
            LEVELS[r + 1] = r / 255f;
        }
    }

    private EightBitLevels() {
    }

    /**
     * @param v a sample, nominally in [0, 1]
     * @return {@code Math.round(v * 255f)}, the same int for every float (NaN and infinities included)
     */
    public static int round(float v) {
        float x = v * 255f;
        if (x >= 0f && x < 8388608f) {
            // For 0 <= x < 2^23, x + 0.5f is exact from 0.5 on, so the conversion floors x + 1/2 as
            // Math.round does; below 0.5 it could round up to 1 (x = 0.49999997f), and the answer is 0.
            return x < 0.5f ? 0 : (int) (x + 0.5f);
        }
        return Math.round(x);
    }

    /**
     * @param r a level (any int)
     * @return {@code r / 255f}, the same float for every int
     */
    public static float level(int r) {
        return r >= -1 && r <= 256 ? LEVELS[r + 1] : r / 255f;
    }

    /**
     * @param v a sample
     * @return {@code Math.round(v * 255f) / 255f}, the nearest 8-bit level as a float
     */
    public static float quantise(float v) {
        return level(round(v));
    }
}
