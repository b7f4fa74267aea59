package dev.pixelprivacy.filters;

import dev.pixelprivacy.core.Arguments;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.model.SaliencyModel;

/**
 * The paper's tilt-shift (METHOD.md section 3): keep the salient foreground sharp, blur the rest.
 * {@code A = blur_maskSigma(1 - S)}, {@code out = (1 - A) x + A blur_blurSigma(x)} per channel, then
 * optionally PIL Color with factor {@code colour} and PIL Contrast with factor {@code contrast}.
 * Defaults: blur sigma 1, mask sigma 3, no enhancement (the submitted runs). Immutable.
 */
public final class SaliencyTiltShift {
    private final double blurSigma;
    private final double maskSigma;
    private final double colour;
    private final double contrast;

    private SaliencyTiltShift(Builder b) {
        this.blurSigma = b.blurSigma;
        this.maskSigma = b.maskSigma;
        this.colour = b.colour;
        this.contrast = b.contrast;
    }

    /** @return a builder with the paper's defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param image RGB in [0, 1]
     * @param saliency S, the image's size, 1 = most salient
     * @param par threads; the result does not depend on them
     * @return the tilt-shifted image
     */
    public RgbImage apply(RgbImage image, Mask saliency, Parallelism par) {
        saliency.requireSizeOf(image);
        Mask weight = GaussianBlur.of(maskSigma).blur(saliency.inverted(), par);
        // Channel by channel: three planes of scratch instead of a blurred copy of the whole image.
        GaussianBlur blur = GaussianBlur.of(blurSigma);
        int w = image.width();
        int h = image.height();
        int n = image.pixelCount();
        float[] x = image.data();
        float[] a = weight.data();
        float[] out = new float[3 * n];
        float[] plane = new float[n];
        float[] b = new float[n];
        float[] work = new float[n];
        for (int c = 0; c < 3; c++) {
            int o = c * n;
            System.arraycopy(x, o, plane, 0, n);
            blur.blurPlane(plane, b, w, h, work, par);
            for (int i = 0; i < n; i++) {
                float v = b[i];
                if (Float.isNaN(v)) {
                    throw new IllegalArgumentException("blurred image value " + (o + i) + " is NaN");
                }
                v = v < 0f ? 0f : (v > 1f ? 1f : v); // as GaussianBlur.blur(RgbImage) clamps
                out[o + i] = x[o + i] + a[i] * (v - x[o + i]);
            }
        }
        return ImageEnhance.colorThenContrast(RgbImage.clamped(image.width(), image.height(), out), colour, contrast);
    }

    /**
     * @param image RGB in [0, 1]
     * @param model predicts S
     * @param par threads
     * @return the tilt-shifted image
     */
    public RgbImage apply(RgbImage image, SaliencyModel model, Parallelism par) {
        return apply(image, model.saliency(image), par);
    }

    /**
     * This tilt-shift as the post-filter of a {@link dev.pixelprivacy.core.protect.Protector}, guided by
     * the saliency of the clean image (saliency shifts once an image is perturbed, as the paper notes).
     *
     * @param model predicts the saliency of the clean image
     * @param par threads
     * @return the post-filter
     */
    public dev.pixelprivacy.core.protect.PostFilter postFilter(SaliencyModel model, Parallelism par) {
        SaliencyTiltShift self = this;
        return new dev.pixelprivacy.core.protect.PostFilter() {
            @Override
            public RgbImage apply(RgbImage clean, RgbImage attacked) {
                return self.apply(attacked, model.saliency(clean), par);
            }

            @Override
            public String describe() {
                return self + " with saliency " + model;
            }
        };
    }

    @Override
    public String toString() {
        return "SaliencyTiltShift[blurSigma=" + blurSigma + ", maskSigma=" + maskSigma + ", colour=" + colour
                + ", contrast=" + contrast + "]";
    }

    /** Builds a {@link SaliencyTiltShift}; validated in {@link #build()}. */
    public static final class Builder {
        private double blurSigma = 1.0;
        private double maskSigma = 3.0;
        private double colour = 1.0;
        private double contrast = 1.0;

        private Builder() {}

        /**
         * @param v background blur sigma in pixels, &gt; 0
         * @return this
         */
        public Builder blurSigma(double v) {
            blurSigma = v;
            return this;
        }

        /**
         * @param v sigma in pixels smoothing the reverse-saliency weight, &gt; 0
         * @return this
         */
        public Builder maskSigma(double v) {
            maskSigma = v;
            return this;
        }

        /**
         * @param v PIL Color factor, &gt;= 0 (1 = none; the early code used 1.9)
         * @return this
         */
        public Builder colour(double v) {
            colour = v;
            return this;
        }

        /**
         * @param v PIL Contrast factor, &gt;= 0 (1 = none; the early code used 1.4)
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
        public SaliencyTiltShift build() {
            Arguments.positive("blurSigma", blurSigma);
            Arguments.positive("maskSigma", maskSigma);
            Arguments.nonNegative("colour", colour);
            Arguments.nonNegative("contrast", contrast);
            return new SaliencyTiltShift(this);
        }

        @Override
        public String toString() {
            return "SaliencyTiltShift.Builder[blurSigma=" + blurSigma + ", maskSigma=" + maskSigma + ", colour="
                    + colour + ", contrast=" + contrast + "]";
        }
    }
}
