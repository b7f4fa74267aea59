package dev.pixelprivacy.paper.reference;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;

/**
 * The tilt-shift exactly as the authors' reference code ran it (compatibility mode; METHOD.md, last
 * section; their {@code miniatures.createMiniature} with a custom mask), on 8-bit data:
 *
 * <ol>
 *   <li>the mask image is the Salient Defence map written as 8 bits ({@code floor(255 M + 0.5)}, as
 *       torchvision's {@code save_image} rounds);
 *   <li>it is blurred with {@code scipy.ndimage.gaussian_filter} (sigma 3, reflect border, radius 12)
 *       and truncated to 8 bits ({@code np.uint8});
 *   <li>PIL's {@code convert("1")} turns it into a binary mask by Floyd–Steinberg error diffusion
 *       ({@link #dither});
 *   <li>the image is blurred with sigma 1 (radius 4) and truncated to 8 bits;
 *   <li>{@code paste(blurred, mask)}: blurred where the binary mask is set, the image elsewhere.
 * </ol>
 *
 * The blur follows scipy's arithmetic (double precision, rows then columns, symmetric pairs summed
 * from the outside in) so that the truncations land where scipy's do. The colour and contrast boost
 * of the authors' early code was disabled before the submissions and is not part of this.
 */
public final class ReferenceTiltShift {
    /** Sigma of the mask blur. */
    static final double MASK_SIGMA = 3.0;
    /** Sigma of the image blur. */
    static final double IMAGE_SIGMA = 1.0;

    private ReferenceTiltShift() {}

    /**
     * @param image the perturbed image as the reference code re-read it from its JPEG (8-bit levels in
     *     [0, 1]; other values are rounded to the nearest level first)
     * @param salientDefenceMap M, the image's size: where it is high the background is blurred
     * @return the tilt-shifted image, 8-bit levels
     */
    public static RgbImage apply(RgbImage image, Mask salientDefenceMap) {
        salientDefenceMap.requireSizeOf(image);
        int w = image.width();
        int h = image.height();
        int n = w * h;
        double[] m = new double[n];
        float[] md = salientDefenceMap.data();
        for (int i = 0; i < n; i++) {
            m[i] = (int) (md[i] * 255f + 0.5f);
        }
        double[] mb = scipyGaussian(m, w, h, MASK_SIGMA);
        int[] grey = new int[n];
        for (int i = 0; i < n; i++) {
            grey[i] = (int) mb[i];
        }
        boolean[] blurHere = dither(grey, w, h);
        float[] src = image.data();
        float[] out = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            double[] plane = new double[n];
            for (int i = 0; i < n; i++) {
                plane[i] = Math.round(src[c * n + i] * 255f);
            }
            double[] blurred = scipyGaussian(plane, w, h, IMAGE_SIGMA);
            for (int i = 0; i < n; i++) {
                int v = blurHere[i] ? (int) blurred[i] : (int) plane[i];
                out[c * n + i] = v / 255f;
            }
        }
        return RgbImage.of(w, h, out);
    }

    /**
     * PIL's conversion of an 8-bit grey image to mode "1" with its default Floyd–Steinberg dithering:
     * rows top to bottom, pixels left to right; a pixel is set when its value plus the diffused error
     * (integer sixteenths, truncated towards zero) exceeds 128, clipped to [0, 255]; the error goes
     * 7/16 right, 3/16 below-left, 5/16 below and 1/16 below-right.
     *
     * @param grey values in [0, 255], row-major
     * @param width columns
     * @param height rows
     * @return true where the binary image is white (255)
     */
    public static boolean[] dither(int[] grey, int width, int height) {
        if (grey.length != width * height) {
            throw new IllegalArgumentException(grey.length + " values for a " + width + "x" + height + " image");
        }
        boolean[] out = new boolean[grey.length];
        // below[x + 1] collects, in sixteenths, the error that row y passes to pixel x of row y + 1.
        int[] below = new int[width + 1];
        for (int y = 0; y < height; y++) {
            int right = 0;       // error for the next pixel on this row, sixteenths
            int belowLeft = 0;   // pending share of the previous pixel's error for the pixel below-left... of the next
            int belowRight = 0;  // the previous pixel's 1/16 share, pending for below the current pixel
            for (int x = 0; x < width; x++) {
                int v = grey[y * width + x] + (right + below[x + 1]) / 16;
                v = v < 0 ? 0 : (v > 255 ? 255 : v);
                boolean white = v > 128;
                out[y * width + x] = white;
                int e = v - (white ? 255 : 0);
                // 3/16 below-left, 5/16 below (+ the previous pixel's 1/16), 1/16 below-right, 7/16 right
                below[x] = 3 * e + belowLeft;
                belowLeft = 5 * e + belowRight;
                belowRight = e;
                right = 7 * e;
            }
            below[width] = belowLeft;
        }
        return out;
    }

    /**
     * {@code scipy.ndimage.gaussian_filter} of one plane, truncate 4, reflect border, in double:
     * along rows' direction first (axis 0), then along columns (axis 1).
     */
    static double[] scipyGaussian(double[] src, int w, int h, double sigma) {
        double[] k = scipyKernel(sigma);
        int r = k.length / 2;
        double[] tmp = new double[src.length];
        double[] line = new double[Math.max(w, h) + 2 * r];
        for (int x = 0; x < w; x++) {
            for (int i = -r; i < h + r; i++) {
                line[i + r] = src[reflect(i, h) * w + x];
            }
            for (int y = 0; y < h; y++) {
                tmp[y * w + x] = correlateSymmetric(line, y + r, k, r);
            }
        }
        double[] out = new double[src.length];
        for (int y = 0; y < h; y++) {
            for (int i = -r; i < w + r; i++) {
                line[i + r] = tmp[y * w + reflect(i, w)];
            }
            for (int x = 0; x < w; x++) {
                out[y * w + x] = correlateSymmetric(line, x + r, k, r);
            }
        }
        return out;
    }

    /** scipy's symmetric correlation: centre times w0, then pairs from the outermost inwards. */
    private static double correlateSymmetric(double[] line, int centre, double[] k, int r) {
        double s = line[centre] * k[r];
        for (int j = r; j >= 1; j--) {
            s += (line[centre - j] + line[centre + j]) * k[r - j];
        }
        return s;
    }

    /** scipy's kernel: {@code exp(-0.5 / sigma^2 * x^2)} for |x| &lt;= int(4 sigma + 0.5), over its numpy sum. */
    static double[] scipyKernel(double sigma) {
        int r = (int) (4.0 * sigma + 0.5);
        double[] k = new double[2 * r + 1];
        double c = -0.5 / (sigma * sigma);
        for (int i = 0; i < k.length; i++) {
            double x = i - r;
            k[i] = Math.exp(c * (x * x));
        }
        double sum = numpyPairwiseSum(k);
        for (int i = 0; i < k.length; i++) {
            k[i] = k[i] / sum;
        }
        return k;
    }

    /** numpy's pairwise summation for fewer than 128 elements: eight partial sums, then the rest. */
    private static double numpyPairwiseSum(double[] a) {
        int n = a.length;
        if (n < 8) {
            double s = 0;
            for (double v : a) {
                s += v;
            }
            return s;
        }
        double[] p = new double[8];
        System.arraycopy(a, 0, p, 0, 8);
        int i = 8;
        for (; i < n - (n % 8); i += 8) {
            for (int j = 0; j < 8; j++) {
                p[j] += a[i + j];
            }
        }
        double s = ((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7]));
        for (; i < n; i++) {
            s += a[i];
        }
        return s;
    }

    /** scipy 'reflect': d c b a | a b c d | d c b a, for any index. */
    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }
}
