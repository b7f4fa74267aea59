package dev.pixelprivacy.core.transform;

/** The final clamp into [0, 1] of {@link DifferentiableTransform#apply} and its vjp. */
final class UnitClamp {
    private UnitClamp() {}

    /** Writes {@code clamp(y, 0, 1)} into {@code dst[offset ..]}. */
    static void into(float[] y, float[] dst, int offset) {
        for (int i = 0; i < y.length; i++) {
            float v = y[i];
            dst[offset + i] = v < 0f ? 0f : (v > 1f ? 1f : v);
        }
    }

    /**
     * @param y the unclamped output
     * @param g gradients at the clamped output, read from {@code g[offset .. offset + y.length)}
     * @param offset where y's gradient starts in g
     * @return the gradient at the unclamped output: g where y lies in [0, 1], 0 where the clamp cut
     */
    static float[] pullBack(float[] y, float[] g, int offset) {
        float[] out = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = y[i] < 0f || y[i] > 1f ? 0f : g[offset + i];
        }
        return out;
    }
}
