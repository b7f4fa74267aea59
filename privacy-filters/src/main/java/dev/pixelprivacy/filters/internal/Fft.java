package dev.pixelprivacy.filters.internal;

/**
 * Iterative radix-2 complex FFT in double precision (Cooley-Tukey, bit-reversal then butterflies),
 * {@code X[k] = sum_n x[n] exp(-2 pi i k n / N)}; the inverse uses {@code +i} and divides by N.
 */
public final class Fft {
    private final int n;
    private final int[] reversed;
    private final double[] cos;
    private final double[] sin;

    /**
     * @param n length, a power of two &gt;= 1
     * @throws IllegalArgumentException otherwise
     */
    public Fft(int n) {
        if (n < 1 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT length must be a power of two >= 1 but was " + n);
        }
        this.n = n;
        int bits = Integer.numberOfTrailingZeros(n);
        reversed = new int[n];
        for (int i = 0; i < n; i++) {
            reversed[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
        cos = new double[n / 2 + 1];
        sin = new double[n / 2 + 1];
        for (int k = 0; k < cos.length; k++) {
            cos[k] = Math.cos(2 * Math.PI * k / n);
            sin[k] = Math.sin(2 * Math.PI * k / n);
        }
    }

    /** @return the length */
    public int length() {
        return n;
    }

    /**
     * Transforms in place.
     *
     * @param re real parts, length n
     * @param im imaginary parts, length n
     * @param inverse true for the inverse transform (scaled by 1/n)
     */
    public void transform(double[] re, double[] im, boolean inverse) {
        for (int i = 0; i < n; i++) {
            int j = reversed[i];
            if (j > i) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        double sign = inverse ? 1 : -1;
        for (int size = 2; size <= n; size <<= 1) {
            int half = size >> 1;
            int step = n / size;
            for (int start = 0; start < n; start += size) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * step];
                    double wi = sign * sin[k * step];
                    int a = start + k;
                    int b = a + half;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
        if (inverse) {
            double s = 1.0 / n;
            for (int i = 0; i < n; i++) {
                re[i] *= s;
                im[i] *= s;
            }
        }
    }

    /**
     * 2-D transform in place of a row-major {@code width x height} array: rows, then columns.
     *
     * @param re real parts
     * @param im imaginary parts
     * @param width columns, a power of two
     * @param height rows, a power of two
     * @param inverse true for the inverse (scaled by 1 / (width height))
     */
    public static void transform2d(double[] re, double[] im, int width, int height, boolean inverse) {
        Fft rows = new Fft(width);
        Fft cols = new Fft(height);
        double[] r = new double[width];
        double[] i = new double[width];
        for (int y = 0; y < height; y++) {
            System.arraycopy(re, y * width, r, 0, width);
            System.arraycopy(im, y * width, i, 0, width);
            rows.transform(r, i, inverse);
            System.arraycopy(r, 0, re, y * width, width);
            System.arraycopy(i, 0, im, y * width, width);
        }
        double[] cr = new double[height];
        double[] ci = new double[height];
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                cr[y] = re[y * width + x];
                ci[y] = im[y * width + x];
            }
            cols.transform(cr, ci, inverse);
            for (int y = 0; y < height; y++) {
                re[y * width + x] = cr[y];
                im[y * width + x] = ci[y];
            }
        }
    }
}
