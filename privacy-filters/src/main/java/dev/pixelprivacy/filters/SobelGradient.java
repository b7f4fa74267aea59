package dev.pixelprivacy.filters;

import dev.pixelprivacy.core.image.RgbImage;

/**
 * 3x3 Sobel derivatives with the reflect border (edge pixel repeated, as scipy.ndimage.sobel), not
 * normalised: on a ramp {@code v = a x + b y} the interior gives {@code gx = 8a}, {@code gy = 8b}.
 * gx differentiates along columns (x, left to right), gy along rows (y, top to bottom):
 * <pre>
 *   gx: -1 0 1     gy: -1 -2 -1
 *       -2 0 2          0  0  0
 *       -1 0 1          1  2  1
 * </pre>
 */
public final class SobelGradient {
    private SobelGradient() {}

    /**
     * @param src plane, row-major
     * @param gx output, or null to allocate
     * @param gy output, or null to allocate
     * @param width columns
     * @param height rows
     * @param par threads (rows are independent)
     * @return {@code {gx, gy}}
     */
    public static float[][] gradient(float[] src, float[] gx, float[] gy, int width, int height, Parallelism par) {
        Planes.check(src, width, height, "source plane");
        float[] ox = Planes.output(gx, src, width, height);
        float[] oy = Planes.output(gy, src, width, height);
        run(src, ox, oy, null, width, height, par);
        return new float[][] {ox, oy};
    }

    /**
     * @param src plane, row-major
     * @param dst output {@code sqrt(gx^2 + gy^2)}, or null to allocate
     * @param width columns
     * @param height rows
     * @param par threads (rows are independent)
     * @return {@code dst}
     */
    public static float[] magnitude(float[] src, float[] dst, int width, int height, Parallelism par) {
        Planes.check(src, width, height, "source plane");
        float[] om = Planes.output(dst, src, width, height);
        run(src, null, null, om, width, height, par);
        return om;
    }

    /**
     * @param image RGB in [0, 1]
     * @param par threads
     * @return Sobel magnitude of the luminance (0.299, 0.587, 0.114), row-major, in [0, 4 sqrt 2]
     */
    public static float[] luminanceMagnitude(RgbImage image, Parallelism par) {
        float[] lum = Luminance.of(image, null);
        return magnitude(lum, null, image.width(), image.height(), par);
    }

    private static void run(float[] src, float[] gx, float[] gy, float[] mag, int w, int h, Parallelism par) {
        par.forRange(h, (from, to) -> {
            float[] a = new float[w + 2];
            float[] b = new float[w + 2];
            float[] c = new float[w + 2];
            float[] ox = new float[w];
            float[] oy = new float[w];
            for (int y = from; y < to; y++) {
                padRow(src, y == 0 ? 0 : y - 1, w, a);
                padRow(src, y, w, b);
                padRow(src, y == h - 1 ? h - 1 : y + 1, w, c);
                for (int x = 0; x < w; x++) {
                    ox[x] = (a[x + 2] - a[x]) + 2f * (b[x + 2] - b[x]) + (c[x + 2] - c[x]);
                    oy[x] = (c[x] + 2f * c[x + 1] + c[x + 2]) - (a[x] + 2f * a[x + 1] + a[x + 2]);
                }
                if (mag != null) {
                    for (int x = 0; x < w; x++) {
                        ox[x] = (float) Math.sqrt(ox[x] * ox[x] + oy[x] * oy[x]);
                    }
                    System.arraycopy(ox, 0, mag, y * w, w);
                } else {
                    System.arraycopy(ox, 0, gx, y * w, w);
                    System.arraycopy(oy, 0, gy, y * w, w);
                }
            }
        });
    }

    /** Row y into {@code pad[1..w]}, with the edge samples repeated at both ends. */
    private static void padRow(float[] src, int y, int w, float[] pad) {
        System.arraycopy(src, y * w, pad, 1, w);
        pad[0] = pad[1];
        pad[w + 1] = pad[w];
    }
}
