package dev.pixelprivacy.core.metrics;

import dev.pixelprivacy.core.image.RgbImage;

/**
 * The CIEDE2000 colour difference (CIE 142-2001), as written out by Sharma, Wu and Dalal, "The
 * CIEDE2000 color-difference formula: implementation notes, supplementary test data, and mathematical
 * observations", Color Research and Application 30(1), 2005, with the parametric factors
 * {@code kL = kC = kH = 1}; and the conversion of sRGB pixels to CIELAB it is applied to: the sRGB
 * transfer function of IEC 61966-2-1, the sRGB primaries to CIE XYZ, and CIELAB relative to the D65
 * white (2 degree observer). The matrix and white point are those scikit-image's {@code rgb2lab} uses,
 * so image differences agree with {@code skimage.color.deltaE_ciede2000(rgb2lab(a), rgb2lab(b))}.
 */
public final class Ciede2000 {
    /** sRGB (linear) to XYZ, rows X, Y, Z; the primaries of IEC 61966-2-1 with the D65 white. */
    private static final double[][] RGB_TO_XYZ = {
        {0.412453, 0.357580, 0.180423},
        {0.212671, 0.715160, 0.072169},
        {0.019334, 0.119193, 0.950227}};
    /** D65 white, 2 degree observer, Y = 1. */
    private static final double XN = 0.95047;
    private static final double YN = 1.0;
    private static final double ZN = 1.08883;
    private static final double POW25_7 = Math.pow(25, 7);

    private Ciede2000() {}

    /**
     * The difference between two CIELAB colours.
     *
     * @param l1 L* of the first colour
     * @param a1 a* of the first colour
     * @param b1 b* of the first colour
     * @param l2 L* of the second colour
     * @param a2 a* of the second colour
     * @param b2 b* of the second colour
     * @return Delta E 00, &gt;= 0; 0 for equal colours
     */
    public static double deltaE(double l1, double a1, double b1, double l2, double a2, double b2) {
        // Sharma et al. 2005, equations (2) to (22).
        double c1 = Math.hypot(a1, b1);
        double c2 = Math.hypot(a2, b2);
        double cBar7 = Math.pow((c1 + c2) / 2, 7);
        double g = 0.5 * (1 - Math.sqrt(cBar7 / (cBar7 + POW25_7)));
        double ap1 = (1 + g) * a1;
        double ap2 = (1 + g) * a2;
        double cp1 = Math.hypot(ap1, b1);
        double cp2 = Math.hypot(ap2, b2);
        double hp1 = hueDegrees(b1, ap1);
        double hp2 = hueDegrees(b2, ap2);

        double dL = l2 - l1;
        double dC = cp2 - cp1;
        double dhp;
        if (cp1 * cp2 == 0) {
            dhp = 0;
        } else {
            dhp = hp2 - hp1;
            if (dhp > 180) {
                dhp -= 360;
            } else if (dhp < -180) {
                dhp += 360;
            }
        }
        double dH = 2 * Math.sqrt(cp1 * cp2) * Math.sin(Math.toRadians(dhp / 2));

        double lBar = (l1 + l2) / 2;
        double cpBar = (cp1 + cp2) / 2;
        double hBar;
        if (cp1 * cp2 == 0) {
            hBar = hp1 + hp2;
        } else if (Math.abs(hp1 - hp2) <= 180) {
            hBar = (hp1 + hp2) / 2;
        } else if (hp1 + hp2 < 360) {
            hBar = (hp1 + hp2 + 360) / 2;
        } else {
            hBar = (hp1 + hp2 - 360) / 2;
        }
        double t = 1 - 0.17 * Math.cos(Math.toRadians(hBar - 30)) + 0.24 * Math.cos(Math.toRadians(2 * hBar))
                + 0.32 * Math.cos(Math.toRadians(3 * hBar + 6)) - 0.20 * Math.cos(Math.toRadians(4 * hBar - 63));
        double dTheta = 30 * Math.exp(-Math.pow((hBar - 275) / 25, 2));
        double cpBar7 = Math.pow(cpBar, 7);
        double rc = 2 * Math.sqrt(cpBar7 / (cpBar7 + POW25_7));
        double l50 = (lBar - 50) * (lBar - 50);
        double sl = 1 + 0.015 * l50 / Math.sqrt(20 + l50);
        double sc = 1 + 0.045 * cpBar;
        double sh = 1 + 0.015 * cpBar * t;
        double rt = -Math.sin(Math.toRadians(2 * dTheta)) * rc;
        double fl = dL / sl;
        double fc = dC / sc;
        double fh = dH / sh;
        return Math.sqrt(fl * fl + fc * fc + fh * fh + rt * fc * fh);
    }

    /** Hue angle in [0, 360) degrees; 0 for a neutral colour (equation 7). */
    private static double hueDegrees(double b, double ap) {
        if (b == 0 && ap == 0) {
            return 0;
        }
        double h = Math.toDegrees(Math.atan2(b, ap));
        return h < 0 ? h + 360 : h;
    }

    /**
     * @param v an sRGB-encoded sample in [0, 1]
     * @return its linear-light value (IEC 61966-2-1: linear below 0.04045, a 2.4 power above)
     */
    public static double srgbToLinear(double v) {
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    /**
     * @param r red, sRGB-encoded in [0, 1]
     * @param g green, sRGB-encoded in [0, 1]
     * @param b blue, sRGB-encoded in [0, 1]
     * @param lab receives L*, a*, b* (D65 white); length at least 3
     */
    public static void srgbToLab(double r, double g, double b, double[] lab) {
        double lr = srgbToLinear(r);
        double lg = srgbToLinear(g);
        double lb = srgbToLinear(b);
        double fx = labF((RGB_TO_XYZ[0][0] * lr + RGB_TO_XYZ[0][1] * lg + RGB_TO_XYZ[0][2] * lb) / XN);
        double fy = labF((RGB_TO_XYZ[1][0] * lr + RGB_TO_XYZ[1][1] * lg + RGB_TO_XYZ[1][2] * lb) / YN);
        double fz = labF((RGB_TO_XYZ[2][0] * lr + RGB_TO_XYZ[2][1] * lg + RGB_TO_XYZ[2][2] * lb) / ZN);
        lab[0] = 116 * fy - 16;
        lab[1] = 500 * (fx - fy);
        lab[2] = 200 * (fy - fz);
    }

    /** CIELAB's f: a cube root above (6/29)^3, linear below. */
    private static double labF(double t) {
        return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16.0 / 116;
    }

    /**
     * The mean and largest CIEDE2000 difference over the pixels of two images of equal size, each pixel
     * taken as an sRGB colour.
     *
     * @param reference an image, values in [0, 1]
     * @param distorted an image of the same size
     * @return the mean and the largest per-pixel Delta E 00
     * @throws IllegalArgumentException if the sizes differ
     */
    public static ColourDifference between(RgbImage reference, RgbImage distorted) {
        reference.requireSameSize(distorted);
        int n = reference.pixelCount();
        float[] x = reference.data();
        float[] y = distorted.data();
        double[] p = new double[3];
        double[] q = new double[3];
        double sum = 0;
        double max = 0;
        for (int i = 0; i < n; i++) {
            float r1 = x[i];
            float g1 = x[n + i];
            float b1 = x[2 * n + i];
            float r2 = y[i];
            float g2 = y[n + i];
            float b2 = y[2 * n + i];
            if (r1 == r2 && g1 == g2 && b1 == b2) {
                continue; // an unchanged pixel differs by exactly 0
            }
            srgbToLab(r1, g1, b1, p);
            srgbToLab(r2, g2, b2, q);
            double d = deltaE(p[0], p[1], p[2], q[0], q[1], q[2]);
            sum += d;
            max = Math.max(max, d);
        }
        return new ColourDifference(sum / n, max);
    }
}
