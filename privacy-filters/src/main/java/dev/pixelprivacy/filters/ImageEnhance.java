package dev.pixelprivacy.filters;

import dev.pixelprivacy.core.image.RgbImage;

/**
 * Colour (saturation) and contrast enhancement with the semantics of PIL's {@code ImageEnhance}:
 * {@code out = degenerate + k * (image - degenerate)}, clipped to [0, 1]; k = 1 returns the image, 0
 * the degenerate image, k &gt; 1 enhances. PIL computes on 8-bit values and rounds the mean grey of
 * Contrast to an integer level; this float version does neither, so it equals PIL up to 8-bit
 * quantisation.
 */
public final class ImageEnhance {
    private ImageEnhance() {}

    /**
     * PIL {@code ImageEnhance.Color}: blend with the luminance image (0.299, 0.587, 0.114) in all
     * three channels.
     *
     * @param image RGB in [0, 1]
     * @param factor k, finite and &gt;= 0 (1 = unchanged)
     * @return the enhanced image
     */
    public static RgbImage color(RgbImage image, double factor) {
        check(factor);
        if (factor == 1.0) {
            return image; // PIL's blend returns the image itself for factor 1
        }
        int n = image.pixelCount();
        float[] lum = Luminance.of(image, null);
        float[] d = image.data();
        float[] out = new float[3 * n];
        float k = (float) factor;
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                out[c * n + i] = lum[i] + k * (d[c * n + i] - lum[i]);
            }
        }
        return RgbImage.clamped(image.width(), image.height(), out);
    }

    /**
     * PIL {@code ImageEnhance.Contrast}: blend with a constant image of the mean luminance.
     *
     * @param image RGB in [0, 1]
     * @param factor k, finite and &gt;= 0 (1 = unchanged)
     * @return the enhanced image
     */
    public static RgbImage contrast(RgbImage image, double factor) {
        check(factor);
        if (factor == 1.0) {
            return image;
        }
        float[] lum = Luminance.of(image, null);
        double sum = 0;
        for (float v : lum) {
            sum += v;
        }
        float mean = (float) (sum / lum.length);
        float[] d = image.data();
        float[] out = new float[d.length];
        float k = (float) factor;
        for (int i = 0; i < d.length; i++) {
            out[i] = mean + k * (d[i] - mean);
        }
        return RgbImage.clamped(image.width(), image.height(), out);
    }

    /**
     * {@link #color} then {@link #contrast}, the order the paper's early code used (colour 1.9, then
     * contrast 1.4); a factor of 1 skips its step.
     *
     * @param image RGB in [0, 1]
     * @param colour Color factor, finite and &gt;= 0
     * @param contrast Contrast factor, finite and &gt;= 0
     * @return the enhanced image ({@code image} itself when both factors are 1)
     */
    public static RgbImage colorThenContrast(RgbImage image, double colour, double contrast) {
        return contrast(color(image, colour), contrast);
    }

    private static void check(double factor) {
        if (!(factor >= 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("enhancement factor must be finite and >= 0 but was " + factor);
        }
    }
}
