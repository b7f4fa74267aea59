package dev.pixelprivacy.paper.reference;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.model.ImageNetStatistics;
import dev.pixelprivacy.filters.GaussianBlur;
import dev.pixelprivacy.filters.Parallelism;
import dev.pixelprivacy.filters.internal.Reflect;

/**
 * The edge map exactly as the authors' reference code computes it (METHOD.md, last section; their
 * {@code salient_defence.py}), for reproducing their numbers. On the ImageNet-normalised (C, H, W)
 * tensor: {@code dx = ndimage.sobel(t, 0)} (derivative across the channel axis), {@code dy =
 * ndimage.sobel(t, 1)} (across rows; no column derivative), {@code mag = hypot(dx, dy)}, scaled to max
 * 255, {@code gaussian_filter(mag, 10)} over all three axes (radius 40, reflect, so the channel axis of
 * length 3 is reflected periodically), grey = 0.2989 E_R + 0.5870 E_G + 0.1140 E_B, min-max normalised.
 *
 * <p>The channel blur and the grey weights are linear and act only on the channel axis, so they are
 * folded into one weight per channel before a single spatial blur; the result is the same up to float
 * rounding.
 */
public final class ReferenceEdgeMap {
    /** ImageNet channel means, RGB. */
    private static final float[] MEAN = ImageNetStatistics.meansFloat();
    /** ImageNet channel standard deviations, RGB. */
    private static final float[] STD = ImageNetStatistics.stdsFloat();
    /** The reference's grey weights. */
    static final double[] GREY = {0.2989, 0.5870, 0.1140};
    private static final double SIGMA = 10.0;
    /** scipy's radius: {@code int(truncate * sigma + 0.5)} with truncate 4. */
    private static final int RADIUS = (int) (4.0 * SIGMA + 0.5);

    private ReferenceEdgeMap() {}

    /**
     * @param image RGB in [0, 1] (normalised inside, as the reference code's tensor was)
     * @param par threads; the result does not depend on them
     * @return the reference code's min-max normalised edginess, the image's size
     */
    public static Mask compute(RgbImage image, Parallelism par) {
        int w = image.width();
        int h = image.height();
        int n = w * h;
        float[][] t = new float[3][n];
        float[] d = image.data();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                t[c][i] = (d[c * n + i] - MEAN[c]) / STD[c];
            }
        }
        // scipy.ndimage.sobel(t, axis): [-1, 0, 1] along axis, then [1, 2, 1] along each other axis in order.
        float[][] dx = derivative(t, 0, w, h);
        dx = smooth(dx, 1, w, h);
        dx = smooth(dx, 2, w, h);
        float[][] dy = derivative(t, 1, w, h);
        dy = smooth(dy, 0, w, h);
        dy = smooth(dy, 2, w, h);
        float max = 0f;
        float[][] mag = new float[3][n];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                mag[c][i] = (float) Math.hypot(dx[c][i], dy[c][i]);
                max = Math.max(max, mag[c][i]);
            }
        }
        // Channel axis of the sigma-10 blur: output channel c gathers input channel reflect(c + k).
        double[] g = new double[2 * RADIUS + 1];
        double gs = 0;
        for (int k = -RADIUS; k <= RADIUS; k++) {
            g[k + RADIUS] = Math.exp(-0.5 * k * k / (SIGMA * SIGMA));
            gs += g[k + RADIUS];
        }
        double[] v = new double[3];
        for (int c = 0; c < 3; c++) {
            for (int k = -RADIUS; k <= RADIUS; k++) {
                v[Reflect.index(c + k, 3)] += GREY[c] * g[k + RADIUS] / gs;
            }
        }
        float scale = max > 0 ? 255f / max : 0f;
        float[] combined = new float[n];
        for (int i = 0; i < n; i++) {
            combined[i] = (float) (v[0] * (mag[0][i] * scale) + v[1] * (mag[1][i] * scale) + v[2] * (mag[2][i] * scale));
        }
        GaussianBlur blur = GaussianBlur.builder(SIGMA).radius(RADIUS).method(GaussianBlur.Method.EXACT).build();
        float[] e = blur.blurPlane(combined, null, w, h, null, par);
        return Mask.minMaxNormalised(w, h, e);
    }

    /** {@code out[i] = in[i + 1] - in[i - 1]} along the axis (0 channel, 1 row, 2 column), reflect border. */
    private static float[][] derivative(float[][] in, int axis, int w, int h) {
        return correlate3(in, axis, w, h, -1f, 0f, 1f);
    }

    /** {@code out[i] = in[i - 1] + 2 in[i] + in[i + 1]} along the axis, reflect border. */
    private static float[][] smooth(float[][] in, int axis, int w, int h) {
        return correlate3(in, axis, w, h, 1f, 2f, 1f);
    }

    private static float[][] correlate3(float[][] in, int axis, int w, int h, float a, float b, float c) {
        float[][] out = new float[3][w * h];
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float lo;
                    float hi;
                    float mid = in[ch][y * w + x];
                    if (axis == 0) {
                        lo = in[Reflect.index(ch - 1, 3)][y * w + x];
                        hi = in[Reflect.index(ch + 1, 3)][y * w + x];
                    } else if (axis == 1) {
                        lo = in[ch][Reflect.index(y - 1, h) * w + x];
                        hi = in[ch][Reflect.index(y + 1, h) * w + x];
                    } else {
                        lo = in[ch][y * w + Reflect.index(x - 1, w)];
                        hi = in[ch][y * w + Reflect.index(x + 1, w)];
                    }
                    // scipy accumulates each 1-D correlation in double and stores float32
                    out[ch][y * w + x] = (float) ((double) a * lo + (double) b * mid + (double) c * hi);
                }
            }
        }
        return out;
    }
}
