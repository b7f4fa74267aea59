package dev.pixelprivacy.dl4j.model;

/**
 * The taps of one axis of a bilinear resize with aligned corners, as nsfwjs resizes for its models
 * ({@code tf.image.resizeBilinear(x, size, alignCorners = true)}; PyTorch's {@code align_corners=True}):
 * output o samples input coordinate {@code o * (in - 1) / (out - 1)} (0 for a single output), so the
 * first and last samples of both grids coincide. Output o reads inputs {@code i0[o]} and {@code i1[o]}
 * with weights {@code w0[o]} and {@code w1[o]}, the same table layout as {@link Interpolation}'s
 * half-pixel taps, so a resize and its adjoint can apply either. The coordinate is computed as
 * TensorFlow.js's CPU kernel does: the ratio {@code (in - 1) / (out - 1)} in double precision, times o.
 */
final class AlignCornersAxis {
    final int in;
    final int out;
    final int[] i0;
    final int[] i1;
    final float[] w0;
    final float[] w1;

    private AlignCornersAxis(int in, int out) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("axis sizes must be >= 1 but were in " + in + ", out " + out);
        }
        this.in = in;
        this.out = out;
        i0 = new int[out];
        i1 = new int[out];
        w0 = new float[out];
        w1 = new float[out];
        double ratio = out > 1 ? (double) (in - 1) / (out - 1) : 0;
        for (int o = 0; o < out; o++) {
            double src = ratio * o;
            int a = Math.min((int) Math.floor(src), in - 1);
            int b = Math.min(a + 1, in - 1);
            double f = src - a;
            i0[o] = a;
            i1[o] = b;
            w0[o] = (float) (1 - f);
            w1[o] = (float) f;
        }
    }

    /**
     * @param in input size along the axis, at least 1
     * @param out output size along the axis, at least 1
     * @return the taps
     * @throws IllegalArgumentException naming a size below 1
     */
    static AlignCornersAxis of(int in, int out) {
        return new AlignCornersAxis(in, out);
    }

    /** @return the weight of input i in output o (the dense [out x in] matrix of the axis, for checks) */
    double weight(int o, int i) {
        return (i0[o] == i ? w0[o] : 0) + (i1[o] == i ? w1[o] : 0);
    }
}
