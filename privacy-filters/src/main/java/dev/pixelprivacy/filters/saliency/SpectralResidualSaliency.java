package dev.pixelprivacy.filters.saliency;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.model.SaliencyModel;
import dev.pixelprivacy.filters.GaussianBlur;
import dev.pixelprivacy.filters.Luminance;
import dev.pixelprivacy.filters.Resize;
import dev.pixelprivacy.filters.internal.Fft;
import dev.pixelprivacy.filters.internal.Reflect;

/**
 * Weight-free saliency by the spectral residual (Hou and Zhang, "Saliency detection: a spectral
 * residual approach", CVPR 2007). The luminance is area-downsampled to {@code size x size}; with F its
 * 2-D Fourier transform, the log amplitude {@code L = log |F|} minus its 3x3 local average is the
 * spectral residual R (amplitudes floored at 1e-6 of the DC term); the saliency is {@code |IFFT(exp(R + i phase(F)))|^2}, smoothed by a Gaussian,
 * min-max normalised and resized (bilinear) back to the image's size. Immutable; thread-safe.
 */
public final class SpectralResidualSaliency implements SaliencyModel {
    /** Working size of Hou and Zhang: 64 x 64. */
    public static final int DEFAULT_SIZE = 64;
    /** Smoothing sigma in working-size pixels. */
    public static final double DEFAULT_SIGMA = 3.0;

    private final int size;
    private final double sigma;
    private final GaussianBlur smooth;

    private SpectralResidualSaliency(Builder b) {
        this.size = b.size;
        this.sigma = b.sigma;
        this.smooth = GaussianBlur.builder(sigma).method(GaussianBlur.Method.EXACT).build();
    }

    /** @return the model with Hou and Zhang's settings */
    public static SpectralResidualSaliency standard() {
        return builder().build();
    }

    /** @return a builder with default settings */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the working size (a power of two) */
    public int size() {
        return size;
    }

    /** @return the smoothing sigma in working-size pixels */
    public double sigma() {
        return sigma;
    }

    @Override
    public Mask saliency(RgbImage image) {
        float[] small = Resize.plane(Luminance.of(image, null), image.width(), image.height(), size, size);
        int n = size * size;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = small[i];
        }
        Fft.transform2d(re, im, size, size, false);
        double[] mag = new double[n];
        double[] logAmp = new double[n];
        // Amplitude floor at 1e-6 of the DC term: perfectly flat synthetic content has exact spectral
        // zeros (a sampled sinc) whose log would dominate the residual; natural images sit far above it.
        double floor = 1e-6 * Math.hypot(re[0], im[0]) + 1e-12;
        for (int i = 0; i < n; i++) {
            mag[i] = Math.hypot(re[i], im[i]);
            logAmp[i] = Math.log(mag[i] + floor);
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double avg = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        avg += logAmp[Reflect.index(y + dy, size) * size + Reflect.index(x + dx, size)];
                    }
                }
                int i = y * size + x;
                double residual = logAmp[i] - avg / 9.0;
                // exp(R + i phase) = exp(R) * F / |F|; a zero coefficient has no phase, take it real
                if (mag[i] > 0) {
                    double s = Math.exp(residual) / mag[i];
                    re[i] *= s;
                    im[i] *= s;
                } else {
                    re[i] = Math.exp(residual);
                    im[i] = 0;
                }
            }
        }
        Fft.transform2d(re, im, size, size, true);
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (re[i] * re[i] + im[i] * im[i]);
        }
        float[] smoothed = smooth.blurPlane(s, size, size);
        Mask normalised = Mask.minMaxNormalised(size, size, smoothed);
        return Resize.mask(normalised, image.width(), image.height());
    }

    @Override
    public String toString() {
        return "SpectralResidualSaliency[size=" + size + ", sigma=" + sigma + "]";
    }

    /** Builds a {@link SpectralResidualSaliency}; validated in {@link #build()}. */
    public static final class Builder {
        private int size = DEFAULT_SIZE;
        private double sigma = DEFAULT_SIGMA;

        private Builder() {}

        /**
         * @param size working size, a power of two in [16, 1024]
         * @return this
         */
        public Builder size(int size) {
            this.size = size;
            return this;
        }

        /**
         * @param sigma smoothing in working-size pixels, &gt; 0
         * @return this
         */
        public Builder sigma(double sigma) {
            this.sigma = sigma;
            return this;
        }

        /**
         * @return the model
         * @throws IllegalArgumentException for a size that is not a power of two in [16, 1024] or a sigma
         *     that is not finite and &gt; 0
         */
        public SpectralResidualSaliency build() {
            if (size < 16 || size > 1024 || Integer.bitCount(size) != 1) {
                throw new IllegalArgumentException(
                        "spectral residual size must be a power of two in [16, 1024] but was " + size);
            }
            if (!(sigma > 0) || !Double.isFinite(sigma)) {
                throw new IllegalArgumentException("spectral residual sigma must be > 0 and finite but was " + sigma);
            }
            return new SpectralResidualSaliency(this);
        }

        @Override
        public String toString() {
            return "SpectralResidualSaliency.Builder[size=" + size + ", sigma=" + sigma + "]";
        }
    }
}
