package dev.pixelprivacy.filters;

import dev.pixelprivacy.core.image.RgbImage;

/** Grey level of an RGB image as a weighted sum of its channels; Rec. 601 weights by default. */
public final class Luminance {
    /** Red weight of Rec. 601 luma (PIL's "L" conversion, the paper's edge map). */
    public static final float RED = 0.299f;
    /** Green weight of Rec. 601 luma. */
    public static final float GREEN = 0.587f;
    /** Blue weight of Rec. 601 luma. */
    public static final float BLUE = 0.114f;

    private static final int CHUNK = 4096;

    private Luminance() {}

    /**
     * @param image RGB in [0, 1]
     * @param dst output plane of {@code width * height} values, or null to allocate
     * @return {@code 0.299 R + 0.587 G + 0.114 B} per pixel, in [0, 1] up to rounding, row-major
     */
    public static float[] of(RgbImage image, float[] dst) {
        return weighted(image, RED, GREEN, BLUE, dst);
    }

    /**
     * @param image RGB in [0, 1]
     * @param wr red weight
     * @param wg green weight
     * @param wb blue weight
     * @param dst output plane of {@code width * height} values, or null to allocate
     * @return {@code wr R + wg G + wb B} per pixel, row-major
     */
    public static float[] weighted(RgbImage image, float wr, float wg, float wb, float[] dst) {
        int n = image.pixelCount();
        dst = Planes.output(dst, null, image.width(), image.height());
        float[] d = image.data();
        // Per-chunk copies keep each loop on arrays indexed from 0, which C2 vectorises.
        float[] r = new float[Math.min(CHUNK, n)];
        float[] g = new float[r.length];
        float[] b = new float[r.length];
        float[] o = new float[r.length];
        for (int start = 0; start < n; start += CHUNK) {
            int len = Math.min(CHUNK, n - start);
            System.arraycopy(d, start, r, 0, len);
            System.arraycopy(d, n + start, g, 0, len);
            System.arraycopy(d, 2 * n + start, b, 0, len);
            for (int i = 0; i < len; i++) {
                o[i] = wr * r[i] + wg * g[i] + wb * b[i];
            }
            System.arraycopy(o, 0, dst, start, len);
        }
        return dst;
    }
}
