package dev.pixelprivacy.dl4j.model;

/**
 * One axis of a bilinear resize with half-pixel centres and no antialiasing (PyTorch's
 * align_corners=False): output i reads inputs i0[i] and i1[i] with weights w0[i] and w1[i]. The
 * resize of a plane is separable, and its adjoint (for gradients) scatters with the same weights.
 */
final class Interpolation {
    final int in;
    final int out;
    final int[] i0;
    final int[] i1;
    final float[] w0;
    final float[] w1;

    private Interpolation(int in, int out) {
        this.in = in;
        this.out = out;
        i0 = new int[out];
        i1 = new int[out];
        w0 = new float[out];
        w1 = new float[out];
        double scale = (double) in / out;
        for (int o = 0; o < out; o++) {
            double src = in == out ? o : Math.max(0, (o + 0.5) * scale - 0.5);
            int a = (int) Math.floor(src);
            a = Math.min(a, in - 1);
            int b = Math.min(a + 1, in - 1);
            double f = src - a;
            i0[o] = a;
            i1[o] = b;
            w0[o] = (float) (1 - f);
            w1[o] = (float) f;
        }
    }

    static Interpolation of(int in, int out) {
        return new Interpolation(in, out);
    }

    /**
     * @param in input size along the axis
     * @param out output size along the axis
     * @return the taps of a bilinear resize with aligned corners ({@link AlignCornersAxis}), which the same
     *     separable resize and adjoint apply
     */
    static Interpolation alignCorners(int in, int out) {
        AlignCornersAxis a = AlignCornersAxis.of(in, out);
        Interpolation r = new Interpolation(in, out);
        for (int o = 0; o < out; o++) {
            r.i0[o] = a.first[o];
            r.i1[o] = a.second(o);
            r.w1[o] = a.frac[o];
            r.w0[o] = 1 - a.frac[o];
        }
        return r;
    }

    /** @return whether this axis maps each input to itself (same size, half-pixel centres or aligned corners) */
    boolean identity() {
        return in == out;
    }

    /** Resizes plane src[off .. off + w*h) (this = y axis, ix = x axis) into dst[dstOff ..). */
    void resizePlane(float[] src, int off, int w, int h, Interpolation ix, float[] tmp, float[] dst, int dstOff) {
        if (identity() && ix.identity()) {
            // Every tap is (sample, weight 1) + (neighbour, weight 0): for finite samples the same floats.
            System.arraycopy(src, off, dst, dstOff, w * h);
            return;
        }
        int ow = ix.out;
        for (int y = 0; y < h; y++) {
            int row = off + y * w;
            for (int x = 0; x < ow; x++) {
                tmp[y * ow + x] = src[row + ix.i0[x]] * ix.w0[x] + src[row + ix.i1[x]] * ix.w1[x];
            }
        }
        for (int y = 0; y < out; y++) {
            int r0 = i0[y] * ow;
            int r1 = i1[y] * ow;
            float a = w0[y];
            float b = w1[y];
            int d = dstOff + y * ow;
            for (int x = 0; x < ow; x++) {
                dst[d + x] = tmp[r0 + x] * a + tmp[r1 + x] * b;
            }
        }
    }

    /** Adds the adjoint of {@link #resizePlane} applied to g (out x ix.out) into dst[dstOff ..) (h x w). */
    void adjointPlane(float[] g, int w, int h, Interpolation ix, float[] tmp, float[] dst, int dstOff) {
        if (identity() && ix.identity()) {
            // The transpose of the identity: each value added once (the weight-0 taps add only zeros).
            for (int i = 0; i < w * h; i++) {
                dst[dstOff + i] += g[i];
            }
            return;
        }
        int ow = ix.out;
        java.util.Arrays.fill(tmp, 0, h * ow, 0f);
        for (int y = 0; y < out; y++) {
            int r0 = i0[y] * ow;
            int r1 = i1[y] * ow;
            float a = w0[y];
            float b = w1[y];
            for (int x = 0; x < ow; x++) {
                float v = g[y * ow + x];
                tmp[r0 + x] += v * a;
                tmp[r1 + x] += v * b;
            }
        }
        for (int y = 0; y < h; y++) {
            int row = dstOff + y * w;
            for (int x = 0; x < ow; x++) {
                float v = tmp[y * ow + x];
                dst[row + ix.i0[x]] += v * ix.w0[x];
                dst[row + ix.i1[x]] += v * ix.w1[x];
            }
        }
    }
}
