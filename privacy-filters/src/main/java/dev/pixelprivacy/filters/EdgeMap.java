package dev.pixelprivacy.filters;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;

/**
 * The paper's edge map (METHOD.md section 2.2): luminance (0.299, 0.587, 0.114), 3x3 Sobel magnitude
 * {@code sqrt(gx^2 + gy^2)}, Gaussian blur (sigma 10, reflect border, radius 4 sigma), min-max
 * normalised to [0, 1]. High values mark textured areas where a perturbation hides; low values mark
 * flat areas where it shows. Immutable; see {@link #builder()}.
 *
 * <p>With {@link GaussianBlur.Method#AUTO} (the default) sigma 10 uses the fast blur, which differs from
 * the exact FIR by at most {@link GaussianBlur#FAST_MAX_ERROR} before normalisation; choose
 * {@link GaussianBlur.Method#EXACT} to follow the definition to float precision.
 */
public final class EdgeMap {
    /** The paper's blur: sigma 10 pixels. */
    public static final double PAPER_SIGMA = 10.0;

    private final double sigma;
    private final GaussianBlur.Method method;
    private final GaussianBlur blur;

    private EdgeMap(Builder b) {
        this.sigma = b.sigma;
        this.method = b.method;
        this.blur = GaussianBlur.builder(sigma).method(method).build();
    }

    /** @return a builder with the paper's settings (sigma 10, automatic blur form) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the edge map with the paper's settings */
    public static EdgeMap paper() {
        return builder().build();
    }

    /** @return the blur sigma in pixels */
    public double sigma() {
        return sigma;
    }

    /** @return how the blur is computed */
    public GaussianBlur.Method method() {
        return method;
    }

    /**
     * @param image RGB in [0, 1]
     * @param par threads; the result does not depend on them
     * @return E, the image's size, min-max normalised to [0, 1] (all zeros for a constant image)
     */
    public Mask compute(RgbImage image, Parallelism par) {
        int w = image.width();
        int h = image.height();
        float[] lum = Luminance.of(image, null);
        float[] mag = SobelGradient.magnitude(lum, null, w, h, par);
        float[] e = blur.blurPlane(mag, lum, w, h, null, par);
        return Mask.minMaxNormalised(w, h, e);
    }

    /**
     * @param image RGB in [0, 1]
     * @return E, computed on the calling thread
     */
    public Mask compute(RgbImage image) {
        return compute(image, Parallelism.sequential());
    }

    /**
     * The flat-area rule (METHOD.md 2.3): an area is flat where {@code E < mean(E)}.
     *
     * @param edges E in [0, 1]
     * @return per pixel 1 where {@code E >= mean(E)}, 0 where flat
     */
    public static Mask textureGate(Mask edges) {
        float[] e = edges.data();
        float mean = (float) edges.mean();
        float[] g = new float[e.length];
        for (int i = 0; i < e.length; i++) {
            g[i] = e[i] >= mean ? 1f : 0f;
        }
        return Mask.of(edges.width(), edges.height(), g);
    }

    /**
     * The edge map with the flat areas zeroed, min-max normalised: {@code minmax(E * [E >= mean(E)])}.
     *
     * @param edges E in [0, 1]
     * @return the gated edge map in [0, 1]
     */
    public static Mask flatAreasRemoved(Mask edges) {
        return SalientDefenceMap.combine(edges, edges);
    }

    @Override
    public String toString() {
        return "EdgeMap[sigma=" + sigma + ", method=" + method + "]";
    }

    /** Builds an {@link EdgeMap}; validated in {@link #build()}. */
    public static final class Builder {
        private double sigma = PAPER_SIGMA;
        private GaussianBlur.Method method = GaussianBlur.Method.AUTO;

        private Builder() {}

        /**
         * @param sigma blur standard deviation in pixels, &gt; 0
         * @return this
         */
        public Builder sigma(double sigma) {
            this.sigma = sigma;
            return this;
        }

        /**
         * @param method blur form
         * @return this
         */
        public Builder method(GaussianBlur.Method method) {
            this.method = method;
            return this;
        }

        /**
         * @return the edge map
         * @throws IllegalArgumentException for a sigma that is not finite and &gt; 0 or a null method
         */
        public EdgeMap build() {
            if (!(sigma > 0) || !Double.isFinite(sigma)) {
                throw new IllegalArgumentException("edge map sigma must be > 0 and finite but was " + sigma);
            }
            if (method == null) {
                throw new IllegalArgumentException("edge map blur method must not be null");
            }
            return new EdgeMap(this);
        }

        @Override
        public String toString() {
            return "EdgeMap.Builder[sigma=" + sigma + ", method=" + method + "]";
        }
    }
}
