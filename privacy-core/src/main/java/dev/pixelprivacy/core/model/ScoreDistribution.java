package dev.pixelprivacy.core.model;

/** Arithmetic on score distributions such as NIMA's softmax over the ratings 1..10. */
public final class ScoreDistribution {
    private ScoreDistribution() {}

    /**
     * NIMA's mean score {@code sum_i i * p_i} with ratings {@code 1..p.length}.
     *
     * @param p probabilities, summing to about 1
     * @return the mean rating
     */
    public static double meanScore(float[] p) {
        return meanScore(p, 1);
    }

    /**
     * Mean rating with ratings {@code first .. first + p.length - 1}. The reference code's NIMA used
     * {@code first = 0} (ratings 0..9); the organisers' used 1.
     *
     * @param p probabilities
     * @param first the rating of {@code p[0]}
     * @return the mean rating
     */
    public static double meanScore(float[] p, int first) {
        if (p == null || p.length == 0) {
            throw new IllegalArgumentException("a score distribution needs at least one probability");
        }
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += (first + i) * (double) p[i];
        }
        return s;
    }
}
