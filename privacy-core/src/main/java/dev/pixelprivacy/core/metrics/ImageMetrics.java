package dev.pixelprivacy.core.metrics;

import dev.pixelprivacy.core.image.RgbImage;

/**
 * Distances between an image and its perturbed version: MSE, PSNR, L-infinity, L2, SSIM and the CIEDE2000
 * colour difference. All take images of equal size with values in
 * [0, 1] and treat the data range as 1.
 */
public final class ImageMetrics {
    /** Luminance weights (ITU-R BT.601), used by SSIM. */
    public static final float LUMA_R = 0.299f;
    /** Luminance weight of green. */
    public static final float LUMA_G = 0.587f;
    /** Luminance weight of blue. */
    public static final float LUMA_B = 0.114f;

    /** SSIM constants of Wang et al. 2004. */
    private static final double K1 = 0.01;
    private static final double K2 = 0.03;
    private static final int SSIM_WINDOW = 11;
    private static final double SSIM_SIGMA = 1.5;
    private static final double[] SSIM_KERNEL = gaussianKernel(SSIM_WINDOW, SSIM_SIGMA);

    private ImageMetrics() {}

    /**
     * @param a an image
     * @param b an image of the same size
     * @return mean squared difference over all samples
     */
    public static double mse(RgbImage a, RgbImage b) {
        a.requireSameSize(b);
        float[] x = a.data();
        float[] y = b.data();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            s += d * d;
        }
        return s / x.length;
    }

    /**
     * Peak signal-to-noise ratio with peak 1: {@code 10 log10(1 / MSE)}.
     *
     * @param a reference image
     * @param b distorted image of the same size
     * @return PSNR in dB; positive infinity for identical images
     */
    public static double psnr(RgbImage a, RgbImage b) {
        double mse = mse(a, b);
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1.0 / mse);
    }

    /**
     * @param a an image
     * @param b an image of the same size
     * @return the largest absolute sample difference, [0, 1] pixel units
     */
    public static double linf(RgbImage a, RgbImage b) {
        a.requireSameSize(b);
        float[] x = a.data();
        float[] y = b.data();
        float m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i] - y[i]));
        }
        return m;
    }

    /**
     * @param a an image
     * @param b an image of the same size
     * @return the largest absolute sample difference in 8-bit levels (1/255 units)
     */
    public static double linf255(RgbImage a, RgbImage b) {
        return linf(a, b) * 255.0;
    }

    /**
     * @param a an image
     * @param b an image of the same size
     * @return the Euclidean norm of the difference over all samples, [0, 1] pixel units
     */
    public static double l2(RgbImage a, RgbImage b) {
        return Math.sqrt(mse(a, b) * a.data().length);
    }

    /**
     * Structural similarity (Wang, Bovik, Sheikh, Simoncelli 2004) on luminance
     * {@code 0.299 R + 0.587 G + 0.114 B}: Gaussian window 11x11 with sigma 1.5, K1 = 0.01, K2 = 0.03,
     * data range 1, averaged over the windows that fit inside the image (the paper's 'valid' form,
     * as in the authors' MATLAB code).
     *
     * @param a reference image
     * @param b distorted image of the same size, at least 11x11
     * @return mean SSIM in [-1, 1]; 1 for identical images
     */
    public static double ssim(RgbImage a, RgbImage b) {
        a.requireSameSize(b);
        int w = a.width();
        int h = a.height();
        if (w < SSIM_WINDOW || h < SSIM_WINDOW) {
            throw new IllegalArgumentException("SSIM needs images of at least " + SSIM_WINDOW + "x" + SSIM_WINDOW
                    + " pixels but they are " + w + "x" + h);
        }
        double[] x = luminance(a);
        double[] y = luminance(b);
        int n = w * h;
        double[] xx = new double[n];
        double[] yy = new double[n];
        double[] xy = new double[n];
        for (int i = 0; i < n; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        int ow = w - SSIM_WINDOW + 1;
        int oh = h - SSIM_WINDOW + 1;
        double[] mx = validFilter(x, w, h);
        double[] my = validFilter(y, w, h);
        double[] sxx = validFilter(xx, w, h);
        double[] syy = validFilter(yy, w, h);
        double[] sxy = validFilter(xy, w, h);
        double c1 = K1 * K1;
        double c2 = K2 * K2;
        double sum = 0;
        for (int i = 0; i < ow * oh; i++) {
            double mux = mx[i];
            double muy = my[i];
            double vx = sxx[i] - mux * mux;
            double vy = syy[i] - muy * muy;
            double cov = sxy[i] - mux * muy;
            sum += ((2 * mux * muy + c1) * (2 * cov + c2)) / ((mux * mux + muy * muy + c1) * (vx + vy + c2));
        }
        return sum / (ow * oh);
    }

    /**
     * The CIEDE2000 colour difference per pixel ({@link Ciede2000}: sRGB to CIELAB under D65, then
     * Sharma, Wu and Dalal's formula), summarised over the image.
     *
     * @param a reference image
     * @param b distorted image of the same size
     * @return the mean and largest per-pixel Delta E 00
     */
    public static ColourDifference ciede2000(RgbImage a, RgbImage b) {
        return Ciede2000.between(a, b);
    }

    static double[] luminance(RgbImage img) {
        int n = img.pixelCount();
        float[] d = img.data();
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            l[i] = LUMA_R * d[i] + LUMA_G * d[n + i] + LUMA_B * d[2 * n + i];
        }
        return l;
    }

    /** Separable correlation with the normalised Gaussian window, keeping only full windows. */
    private static double[] validFilter(double[] src, int w, int h) {
        int k = SSIM_WINDOW;
        int ow = w - k + 1;
        int oh = h - k + 1;
        double[] rows = new double[ow * h];
        for (int yy = 0; yy < h; yy++) {
            int base = yy * w;
            for (int xx = 0; xx < ow; xx++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    s += SSIM_KERNEL[t] * src[base + xx + t];
                }
                rows[yy * ow + xx] = s;
            }
        }
        double[] out = new double[ow * oh];
        for (int yy = 0; yy < oh; yy++) {
            for (int xx = 0; xx < ow; xx++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    s += SSIM_KERNEL[t] * rows[(yy + t) * ow + xx];
                }
                out[yy * ow + xx] = s;
            }
        }
        return out;
    }

    /**
     * @param size number of taps, odd
     * @param sigma standard deviation in taps, &gt; 0
     * @return the Gaussian sampled at the integer offsets from the centre, normalised to sum 1
     */
    public static double[] gaussianKernel(int size, double sigma) {
        double[] g = new double[size];
        int r = size / 2;
        double sum = 0;
        for (int i = 0; i < size; i++) {
            g[i] = Math.exp(-((i - r) * (double) (i - r)) / (2 * sigma * sigma));
            sum += g[i];
        }
        for (int i = 0; i < size; i++) {
            g[i] /= sum;
        }
        return g;
    }
}
