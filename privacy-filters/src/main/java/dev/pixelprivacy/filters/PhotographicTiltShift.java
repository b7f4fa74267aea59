package dev.pixelprivacy.filters;

import dev.pixelprivacy.core.Arguments;

import dev.pixelprivacy.core.image.RgbImage;

/**
 * The photographic tilt-shift ("miniature") effect: a straight focus band stays sharp and the blur
 * grows smoothly away from it. The band's centre line passes through the point at half the width and
 * {@code bandCentre * height}, at {@code angle} degrees from horizontal (counter-clockwise on screen).
 * With d the distance of a pixel centre from that line, {@code t = smoothstep((d - bandWidth * height
 * / 2) / (transition * height))} in [0, 1] and the pixel's blur is {@code t * maxSigma}, rendered by
 * interpolating between {@value #LEVELS} Gaussian blurs at evenly spaced sigmas. Pixels with t = 0 (the
 * band) are copied unchanged; the optional PIL Color and Contrast enhancement then applies to the
 * whole image. Immutable.
 */
public final class PhotographicTiltShift {
    /** Number of blurred copies the per-pixel blur interpolates between. */
    public static final int LEVELS = 4;

    private final double bandCentre;
    private final double angle;
    private final double bandWidth;
    private final double transition;
    private final double maxSigma;
    private final double colour;
    private final double contrast;

    private PhotographicTiltShift(Builder b) {
        bandCentre = b.bandCentre;
        angle = b.angle;
        bandWidth = b.bandWidth;
        transition = b.transition;
        maxSigma = b.maxSigma;
        colour = b.colour;
        contrast = b.contrast;
    }

    /** @return a builder with defaults: centre 0.5, angle 0, width 0.2, transition 0.2, max sigma 6 */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param width image columns
     * @param height image rows
     * @return per pixel the blur level in [0, 1] (0 in the band, 1 at full blur), row-major
     */
    public float[] blurLevels(int width, int height) {
        double rad = Math.toRadians(angle);
        // Normal of the band's line in screen coordinates (y down; counter-clockwise angle on screen).
        double nx = Math.sin(rad);
        double ny = Math.cos(rad);
        double cx = width / 2.0;
        double cy = bandCentre * height;
        double half = bandWidth * height / 2.0;
        double ramp = transition * height;
        float[] t = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double d = Math.abs((x + 0.5 - cx) * nx + (y + 0.5 - cy) * ny);
                double u = Math.min(1.0, Math.max(0.0, (d - half) / ramp));
                t[y * width + x] = (float) (u * u * (3 - 2 * u));
            }
        }
        return t;
    }

    /**
     * @param image RGB in [0, 1]
     * @param par threads; the result does not depend on them
     * @return the filtered image
     */
    public RgbImage apply(RgbImage image, Parallelism par) {
        int w = image.width();
        int h = image.height();
        int n = w * h;
        float[] level = blurLevels(w, h);
        float[][] stack = new float[LEVELS + 1][];
        stack[0] = image.data();
        for (int k = 1; k <= LEVELS; k++) {
            stack[k] = GaussianBlur.of(maxSigma * k / LEVELS).blur(image, par).data();
        }
        float[] out = new float[3 * n];
        for (int i = 0; i < n; i++) {
            float t = level[i];
            if (t == 0f) {
                for (int c = 0; c < 3; c++) {
                    out[c * n + i] = stack[0][c * n + i];
                }
                continue;
            }
            float pos = t * LEVELS;
            int lo = Math.min(LEVELS - 1, (int) pos);
            float f = pos - lo;
            for (int c = 0; c < 3; c++) {
                int j = c * n + i;
                out[j] = stack[lo][j] + f * (stack[lo + 1][j] - stack[lo][j]);
            }
        }
        return ImageEnhance.colorThenContrast(RgbImage.clamped(w, h, out), colour, contrast);
    }

    @Override
    public String toString() {
        return "PhotographicTiltShift[bandCentre=" + bandCentre + ", angle=" + angle + ", bandWidth=" + bandWidth
                + ", transition=" + transition + ", maxSigma=" + maxSigma + ", colour=" + colour + ", contrast="
                + contrast + "]";
    }

    /** Builds a {@link PhotographicTiltShift}; validated in {@link #build()}. */
    public static final class Builder {
        private double bandCentre = 0.5;
        private double angle = 0;
        private double bandWidth = 0.2;
        private double transition = 0.2;
        private double maxSigma = 6;
        private double colour = 1;
        private double contrast = 1;

        private Builder() {}

        /**
         * @param v centre of the band as a fraction of the height, in [0, 1]
         * @return this
         */
        public Builder bandCentre(double v) {
            bandCentre = v;
            return this;
        }

        /**
         * @param v band angle in degrees from horizontal, in [-90, 90]
         * @return this
         */
        public Builder angle(double v) {
            angle = v;
            return this;
        }

        /**
         * @param v sharp band's full width as a fraction of the height, in [0, 1]
         * @return this
         */
        public Builder bandWidth(double v) {
            bandWidth = v;
            return this;
        }

        /**
         * @param v distance over which blur ramps to its maximum, fraction of the height, &gt; 0
         * @return this
         */
        public Builder transition(double v) {
            transition = v;
            return this;
        }

        /**
         * @param v largest blur sigma in pixels, &gt; 0
         * @return this
         */
        public Builder maxSigma(double v) {
            maxSigma = v;
            return this;
        }

        /**
         * @param v PIL Color factor, &gt;= 0 (1 = none)
         * @return this
         */
        public Builder colour(double v) {
            colour = v;
            return this;
        }

        /**
         * @param v PIL Contrast factor, &gt;= 0 (1 = none)
         * @return this
         */
        public Builder contrast(double v) {
            contrast = v;
            return this;
        }

        /**
         * @return the filter
         * @throws IllegalArgumentException naming the first setting out of range
         */
        public PhotographicTiltShift build() {
            Arguments.range("bandCentre", bandCentre, 0, 1);
            Arguments.range("angle", angle, -90, 90);
            Arguments.range("bandWidth", bandWidth, 0, 1);
            Arguments.positive("transition", transition);
            Arguments.positive("maxSigma", maxSigma);
            Arguments.nonNegative("colour", colour);
            Arguments.nonNegative("contrast", contrast);
            return new PhotographicTiltShift(this);
        }

        @Override
        public String toString() {
            return "PhotographicTiltShift.Builder[bandCentre=" + bandCentre + ", angle=" + angle + ", bandWidth="
                    + bandWidth + ", transition=" + transition + ", maxSigma=" + maxSigma + ", colour=" + colour
                    + ", contrast=" + contrast + "]";
        }
    }
}
