package dev.pixelprivacy.dl4j.testing;

import java.util.Random;

/** Seeded random weights for the small models the tests build. */
public final class Weights {
    private Weights() {}

    /**
     * @param rnd the random source (its state advances)
     * @param lo lower bound
     * @param hi upper bound
     * @param shape dimensions
     * @return as many values as the shape holds, uniform in [lo, hi)
     */
    public static float[] uniform(Random rnd, float lo, float hi, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * rnd.nextFloat();
        }
        return v;
    }
}
