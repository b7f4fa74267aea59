package dev.pixelprivacy.filters;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.filters.internal.ExtendedBoxCascade;
import dev.pixelprivacy.filters.internal.LinePasses;
import dev.pixelprivacy.filters.internal.SymmetricFirStream;

/**
 * Spatial Gaussian blur of planar float images, each channel on its own, with the reflect border
 * ({@code d c b a | a b c d}, scipy.ndimage {@code mode='reflect'}). Immutable; build with
 * {@link #builder(double)} or {@link #of(double)}.
 *
 * <p>Two forms:
 * <ul>
 *   <li>{@link Method#EXACT}: separable FIR with the sampled Gaussian {@code exp(-k^2 / (2 sigma^2))},
 *       {@code |k| <= radius}, normalised to sum 1; radius {@code ceil(4 sigma)} unless set. Cost grows
 *       with the radius.</li>
 *   <li>{@link Method#FAST}: {@value #FAST_PASSES} extended box passes per direction (Gwosdek et al.
 *       2011) with exactly the variance sigma^2; cost per pixel constant in sigma. For sigma &gt;=
 *       {@value #FAST_MIN_SIGMA} its result differs from the exact FIR (default radius) by at most
 *       {@value #FAST_MAX_ERROR} on any image with values in [0, 1]; {@link #fastErrorBound()} gives the
 *       bound for this sigma.</li>
 * </ul>
 * {@link Method#AUTO} (the default) uses the fast form when sigma &gt;= {@value #AUTO_FAST_SIGMA} and the
 * radius was not set explicitly, and the exact FIR otherwise.
 */
public final class GaussianBlur {
    /** How the blur is computed. */
    public enum Method {
        /** Separable FIR with the sampled, truncated, normalised Gaussian. */
        EXACT,
        /** Extended box cascade: constant cost, bounded error against {@link #EXACT}. */
        FAST,
        /** {@link #FAST} for large sigma, {@link #EXACT} otherwise. */
        AUTO
    }

    /** Box passes of the fast form. */
    public static final int FAST_PASSES = 5;
    /**
     * Largest difference between the fast form and the exact FIR (default radius) over all images with
     * values in [0, 1], for every sigma &gt;= {@link #FAST_MIN_SIGMA}: the worst case, reached only by an
     * image that is 1 exactly where the fast 2-D kernel exceeds the exact one. Smooth images see far
     * less. Computed as half the L1 norm of the 2-D kernel difference (see {@link #fastErrorBound()}),
     * plus float rounding.
     */
    public static final double FAST_MAX_ERROR = 0.0225;
    /** Smallest sigma for which {@link #FAST_MAX_ERROR} holds. */
    public static final double FAST_MIN_SIGMA = 2.0;
    /** {@link Method#AUTO} uses the fast form from this sigma up. */
    public static final double AUTO_FAST_SIGMA = 3.0;

    private final double sigma;
    private final int radius;
    private final boolean radiusGiven;
    private final Method method;
    private final boolean fast;
    private final float[] half;
    private final ExtendedBoxCascade cascade;

    private GaussianBlur(Builder b) {
        this.sigma = b.sigma;
        this.radiusGiven = b.radius > 0;
        this.radius = radiusGiven ? b.radius : defaultRadius(sigma);
        this.method = b.method;
        this.fast = method == Method.FAST || (method == Method.AUTO && !radiusGiven && sigma >= AUTO_FAST_SIGMA);
        this.half = halfKernel(sigma, radius);
        this.cascade = new ExtendedBoxCascade(sigma, FAST_PASSES);
    }

    /**
     * @param sigma standard deviation in pixels, &gt; 0
     * @return the blur with default radius and {@link Method#AUTO}
     */
    public static GaussianBlur of(double sigma) {
        return builder(sigma).build();
    }

    /**
     * @param sigma standard deviation in pixels, &gt; 0
     * @return a builder with default radius and {@link Method#AUTO}
     */
    public static Builder builder(double sigma) {
        return new Builder(sigma);
    }

    /**
     * @param sigma standard deviation, &gt; 0
     * @return {@code ceil(4 sigma)}, at least 1
     */
    public static int defaultRadius(double sigma) {
        return Math.max(1, (int) Math.ceil(4.0 * sigma));
    }

    /**
     * The sampled Gaussian's right half: {@code exp(-k^2 / (2 sigma^2))} for {@code k = 0..radius},
     * scaled so the full kernel (both halves, centre once) sums to 1, computed in double.
     *
     * @param sigma standard deviation, &gt; 0
     * @param radius half width, &gt;= 0
     * @return {@code radius + 1} weights
     */
    public static float[] halfKernel(double sigma, int radius) {
        double[] w = new double[radius + 1];
        double sum = 0;
        for (int k = 0; k <= radius; k++) {
            w[k] = Math.exp(-0.5 * k * k / (sigma * sigma));
            sum += k == 0 ? w[k] : 2 * w[k];
        }
        float[] f = new float[radius + 1];
        for (int k = 0; k <= radius; k++) {
            f[k] = (float) (w[k] / sum);
        }
        return f;
    }

    /** @return the standard deviation in pixels */
    public double sigma() {
        return sigma;
    }

    /** @return the FIR radius in pixels (used by the exact form) */
    public int radius() {
        return radius;
    }

    /** @return the method asked for */
    public Method method() {
        return method;
    }

    /** @return true if this blur runs the fast (extended box) form */
    public boolean usesFastForm() {
        return fast;
    }

    /** @return a copy of the exact form's half kernel, {@code radius() + 1} weights from the centre out */
    public float[] halfKernel() {
        return half.clone();
    }

    /**
     * The largest difference the fast form can have from the exact FIR of this sigma and radius on any
     * image with values in [0, 1]: with d the difference of the two 2-D kernels (both separable), the
     * worst image is 1 where d &gt; 0 and 0 elsewhere, giving {@code sum(max(d, 0))}; both kernels sum to
     * 1, so this is half the L1 norm of d. Near the border the reflect folding only merges taps, which
     * cannot increase it. Float rounding adds about 1e-6.
     *
     * @return the bound, in the units of the image values
     */
    public double fastErrorBound() {
        double[] f = cascade.impulseResponse();
        int reach = Math.max(radius, cascade.reach());
        int n = 2 * reach + 1;
        double[] fe = new double[n];
        double[] ex = new double[n];
        System.arraycopy(f, 0, fe, reach - cascade.reach(), f.length);
        double[] w = new double[radius + 1];
        double sum = 0;
        for (int k = 0; k <= radius; k++) {
            w[k] = Math.exp(-0.5 * k * k / (sigma * sigma));
            sum += k == 0 ? w[k] : 2 * w[k];
        }
        for (int k = -radius; k <= radius; k++) {
            ex[reach + k] = w[Math.abs(k)] / sum;
        }
        double positive = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double d = fe[i] * fe[j] - ex[i] * ex[j];
                if (d > 0) {
                    positive += d;
                }
            }
        }
        return positive;
    }

    /**
     * Blurs one plane.
     *
     * @param src {@code width * height} values, row-major; not modified
     * @param dst output of the same length, or null to allocate; must not be {@code src}
     * @param width columns, &gt; 0
     * @param height rows, &gt; 0
     * @param work a scratch plane of the same length, or null to allocate
     * @param par threads; the result does not depend on them
     * @return {@code dst}
     */
    public float[] blurPlane(float[] src, float[] dst, int width, int height, float[] work, Parallelism par) {
        Planes.check(src, width, height, "source plane");
        dst = Planes.output(dst, src, width, height);
        float[] tmp = work == null ? new float[src.length] : work;
        if (tmp.length != src.length || tmp == src || tmp == dst) {
            throw new IllegalArgumentException("work plane must be a separate array of " + src.length
                    + " values but had " + tmp.length);
        }
        if (fast) {
            LinePasses.horizontal(cascade::stream, src, tmp, width, height, par);
            LinePasses.vertical(cascade::stream, tmp, dst, width, height, par);
        } else {
            LinePasses.horizontal(cap -> new SymmetricFirStream(half, cap), src, tmp, width, height, par);
            LinePasses.vertical(cap -> new SymmetricFirStream(half, cap), tmp, dst, width, height, par);
        }
        return dst;
    }

    /**
     * @param src plane, row-major
     * @param width columns
     * @param height rows
     * @return a new blurred plane, computed on the calling thread
     */
    public float[] blurPlane(float[] src, int width, int height) {
        return blurPlane(src, null, width, height, null, Parallelism.sequential());
    }

    /**
     * Blurs each of the three channels.
     *
     * @param image values in [0, 1]
     * @param par threads
     * @return the blurred image (a weighted average, so still in [0, 1] up to rounding, which is clamped)
     */
    public RgbImage blur(RgbImage image, Parallelism par) {
        int w = image.width();
        int h = image.height();
        int n = w * h;
        float[] src = image.data();
        float[] out = new float[3 * n];
        float[] plane = new float[n];
        float[] res = new float[n];
        float[] work = new float[n];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(src, c * n, plane, 0, n);
            blurPlane(plane, res, w, h, work, par);
            System.arraycopy(res, 0, out, c * n, n);
        }
        return RgbImage.clamped(w, h, out);
    }

    /**
     * @param image values in [0, 1]
     * @return the blurred image, computed on the calling thread
     */
    public RgbImage blur(RgbImage image) {
        return blur(image, Parallelism.sequential());
    }

    /**
     * @param mask values in [0, 1]
     * @param par threads
     * @return the blurred mask, clamped to [0, 1] against rounding
     */
    public Mask blur(Mask mask, Parallelism par) {
        float[] out = blurPlane(mask.data(), null, mask.width(), mask.height(), null, par);
        Planes.clampUnit(out);
        return Mask.of(mask.width(), mask.height(), out);
    }

    @Override
    public String toString() {
        return "GaussianBlur[sigma=" + sigma + ", radius=" + radius + (radiusGiven ? "" : " (default)")
                + ", method=" + method + ", form=" + (fast ? "fast extended box x" + FAST_PASSES : "exact FIR") + "]";
    }

    /** Builds a {@link GaussianBlur}; validated in {@link #build()}. */
    public static final class Builder {
        private final double sigma;
        private int radius;
        private Method method = Method.AUTO;

        private Builder(double sigma) {
            this.sigma = sigma;
        }

        /**
         * @param radius FIR half width in pixels, &gt;= 1; 0 means the default {@code ceil(4 sigma)}
         * @return this
         */
        public Builder radius(int radius) {
            this.radius = radius;
            return this;
        }

        /**
         * @param method how to compute the blur
         * @return this
         */
        public Builder method(Method method) {
            this.method = method;
            return this;
        }

        /**
         * @return the blur
         * @throws IllegalArgumentException if sigma is not a finite number &gt; 0, the radius is
         *     negative, or the method is null
         */
        public GaussianBlur build() {
            if (!(sigma > 0) || !Double.isFinite(sigma)) {
                throw new IllegalArgumentException("sigma must be > 0 and finite but was " + sigma);
            }
            if (radius < 0) {
                throw new IllegalArgumentException("radius must be >= 0 (0 = default) but was " + radius);
            }
            if (method == null) {
                throw new IllegalArgumentException("method must not be null");
            }
            return new GaussianBlur(this);
        }

        @Override
        public String toString() {
            return "GaussianBlur.Builder[sigma=" + sigma + ", radius=" + radius + ", method=" + method + "]";
        }
    }
}
