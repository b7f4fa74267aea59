package dev.pixelprivacy.core.attack;

import dev.pixelprivacy.core.model.ImageNetStatistics;
import java.util.Locale;

/**
 * An L-infinity budget per channel, in pixel units of the [0, 1] range (8/255 = 0.0314). Budgets given
 * in the paper's normalised units (the ImageNet-normalised tensor the threat model sees) differ per
 * channel: {@code eps_pixel[c] = eps_normalised * std[c]}, see {@link #normalised}.
 */
public final class Epsilon {
    private final float[] perChannel;
    private final String origin;

    private Epsilon(float[] perChannel, String origin) {
        this.perChannel = perChannel;
        this.origin = origin;
    }

    /**
     * @param eps budget in [0, 1] pixel units, the same for all channels
     * @return the budget
     */
    public static Epsilon pixels(double eps) {
        check(eps, 1.0, "eps (pixel units)");
        float e = (float) eps;
        return new Epsilon(new float[] {e, e, e}, String.format(Locale.ROOT, "%s", eps));
    }

    /**
     * @param levels budget in 8-bit levels, e.g. 8 for 8/255
     * @return the budget
     */
    public static Epsilon of255(double levels) {
        check(levels, 255.0, "eps (/255)");
        float e = (float) (levels / 255.0);
        return new Epsilon(new float[] {e, e, e}, String.format(Locale.ROOT, "%s/255", levels));
    }

    /**
     * A budget in the units of a normalised tensor {@code (x - mean) / std}: per channel,
     * {@code eps * std[c]} in pixel units.
     *
     * @param eps budget in normalised units, &gt;= 0
     * @param std per-channel standard deviation (three values &gt; 0)
     * @return the budget
     */
    public static Epsilon normalised(double eps, double[] std) {
        if (std == null || std.length != 3) {
            throw new IllegalArgumentException("std must have 3 values but was " + java.util.Arrays.toString(std));
        }
        float[] e = new float[3];
        for (int c = 0; c < 3; c++) {
            if (!(std[c] > 0) || !Double.isFinite(std[c])) {
                throw new IllegalArgumentException("std values must be > 0 but std[" + c + "] was " + std[c]);
            }
            double v = eps * std[c];
            check(v, 1.0, "eps * std[" + c + "] (pixel units, from normalised eps " + eps + ")");
            e[c] = (float) v;
        }
        check(eps, Double.MAX_VALUE, "eps (normalised units)");
        return new Epsilon(e, String.format(Locale.ROOT, "%s (normalised)", eps));
    }

    /**
     * The paper's units: normalised by the ImageNet standard deviation, so 0.01 is about 0.58/255.
     *
     * @param eps budget in ImageNet-normalised units
     * @return the budget
     */
    public static Epsilon imageNetNormalised(double eps) {
        return normalised(eps, ImageNetStatistics.stds());
    }

    private static void check(double eps, double max, String what) {
        if (!(eps >= 0 && eps <= max)) {
            throw new IllegalArgumentException(what + " must be in [0, " + max + "] but was " + eps);
        }
    }

    /**
     * @param channel 0 red, 1 green, 2 blue
     * @return the budget for that channel, pixel units
     */
    public float channel(int channel) {
        return perChannel[channel];
    }

    /** @return the three per-channel budgets (a copy) */
    public float[] perChannel() {
        return perChannel.clone();
    }

    /** @return the largest per-channel budget, pixel units */
    public float max() {
        return Math.max(perChannel[0], Math.max(perChannel[1], perChannel[2]));
    }

    /**
     * @param factor a multiplier &gt;= 0
     * @return this budget times the factor (a step size derived from the budget, say)
     */
    public Epsilon times(double factor) {
        if (!(factor >= 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("factor must be finite and >= 0 but was " + factor);
        }
        float[] e = new float[3];
        for (int c = 0; c < 3; c++) {
            e[c] = (float) Math.min(1.0, perChannel[c] * factor);
        }
        return new Epsilon(e, String.format(Locale.ROOT, "%s x %s", origin, factor));
    }

    /** @return true if every channel's budget is 0 */
    public boolean isZero() {
        return perChannel[0] == 0f && perChannel[1] == 0f && perChannel[2] == 0f;
    }

    /** @return how the budget was given, e.g. {@code 8.0/255} or {@code 0.01 (normalised)} */
    public String label() {
        return origin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Epsilon other && java.util.Arrays.equals(perChannel, other.perChannel);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(perChannel);
    }

    @Override
    public String toString() {
        if (perChannel[0] == perChannel[1] && perChannel[1] == perChannel[2]) {
            return String.format(Locale.ROOT, "Epsilon[%s = %.6f = %.3f/255]", origin, perChannel[0], perChannel[0] * 255);
        }
        return String.format(Locale.ROOT, "Epsilon[%s = (%.6f, %.6f, %.6f) = (%.3f, %.3f, %.3f)/255]", origin,
                perChannel[0], perChannel[1], perChannel[2],
                perChannel[0] * 255, perChannel[1] * 255, perChannel[2] * 255);
    }
}
