package dev.pixelprivacy.core.attack;

/**
 * The gradient smoothing of TI-FGSM (Dong et al. 2019, "Evading Defenses to Transferable Adversarial
 * Examples by Translation-Invariant Attacks", CVPR): each channel of the gradient convolved with a
 * normalised Gaussian kernel (zero padding, as the paper's {@code conv2d(..., padding='SAME')}) before
 * the sign is taken.
 *
 * <p>The paper's kernel {@code gkern(15, 3)} samples the normal density at 15 points evenly spaced over
 * [-3, 3] and divides by the sum, i.e. a Gaussian of sigma {@code (15 - 1) / (2 * 3) = 7/3} pixels
 * normalised to sum 1; it is separable (the outer product of its normalised 1-D factor with itself),
 * so it is applied as a row pass and a column pass.
 */
final class GradientSmoothing {
    private final float[] kernel;
    private final int radius;

    /**
     * @param size kernel side, odd, &gt;= 1
     * @param sigma standard deviation in pixels, &gt; 0
     */
    GradientSmoothing(int size, double sigma) {
        double[] g = dev.pixelprivacy.core.metrics.ImageMetrics.gaussianKernel(size, sigma);
        this.kernel = new float[size];
        for (int i = 0; i < size; i++) {
            kernel[i] = (float) g[i];
        }
        this.radius = size / 2;
    }

    /** @return the 1-D factor of the kernel (a copy); the 2-D kernel is its outer product with itself */
    float[] kernel1d() {
        return kernel.clone();
    }

    /**
     * Smooths every channel plane of the NCHW gradient in place.
     *
     * @param g gradient of n images of width x height
     * @param planes number of channel planes (3 per image)
     * @param width columns
     * @param height rows
     */
    void apply(float[] g, int planes, int width, int height) {
        int plane = width * height;
        float[] tmp = new float[plane];
        for (int b = 0; b < planes; b++) {
            int off = b * plane;
            for (int y = 0; y < height; y++) {
                int row = off + y * width;
                for (int x = 0; x < width; x++) {
                    float s = 0f;
                    int k0 = Math.max(-radius, -x);
                    int k1 = Math.min(radius, width - 1 - x);
                    for (int k = k0; k <= k1; k++) {
                        s += kernel[k + radius] * g[row + x + k];
                    }
                    tmp[y * width + x] = s;
                }
            }
            for (int y = 0; y < height; y++) {
                int k0 = Math.max(-radius, -y);
                int k1 = Math.min(radius, height - 1 - y);
                for (int x = 0; x < width; x++) {
                    float s = 0f;
                    for (int k = k0; k <= k1; k++) {
                        s += kernel[k + radius] * tmp[(y + k) * width + x];
                    }
                    g[off + y * width + x] = s;
                }
            }
        }
    }
}
