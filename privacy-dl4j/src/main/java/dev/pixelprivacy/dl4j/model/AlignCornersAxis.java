package dev.pixelprivacy.dl4j.model;

/**
 * The taps of one axis of a bilinear resize with aligned corners, as nsfwjs resizes for its models
 * ({@code tf.image.resizeBilinear(x, size, alignCorners = true)}; PyTorch's {@code align_corners=True}):
 * output o samples input coordinate {@code o * (in - 1) / (out - 1)} (0 for a single output), so the
 * first and last samples of both grids coincide. Output o reads inputs {@link #first}{@code [o]} and
 * {@link #second}{@code (o)} with weights {@code 1 - frac[o]} and {@link #frac}{@code [o]}. The
 * coordinate is split into its integer and fractional parts in exact integer arithmetic, so no output
 * lands on the wrong side of an input sample by rounding. A resize is separable: rows, then columns;
 * its adjoint (for gradients) scatters with the same weights.
 */
final class AlignCornersAxis {
    /** Input size. */
    final int in;
    /** Output size. */
    final int out;
    /** The first input each output reads. */
    final int[] first;
    /** The weight of the second input ({@link #second}); the first gets {@code 1 - frac}. */
    final float[] frac;

    private AlignCornersAxis(int in, int out) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("axis sizes must be >= 1 but were in " + in + ", out " + out);
        }
        this.in = in;
        this.out = out;
        first = new int[out];
        frac = new float[out];
        long den = out > 1 ? out - 1 : 1;
        long step = out > 1 ? in - 1 : 0;
        for (int o = 0; o < out; o++) {
            long num = o * step;
            first[o] = (int) (num / den);
            frac[o] = (float) ((double) (num % den) / den);
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

    /** @return the second input output o reads: the one after {@code first[o]}, or the last input itself */
    int second(int o) {
        return Math.min(first[o] + 1, in - 1);
    }

    /** @return the weight of input i in output o (the dense [out x in] matrix of the axis, for checks) */
    double weight(int o, int i) {
        return (first[o] == i ? 1 - frac[o] : 0) + (second(o) == i ? frac[o] : 0);
    }
}
