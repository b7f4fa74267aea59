package dev.pixelprivacy.core.model;

/**
 * The loss an attack differentiates, as a function of one image's logits and a class label.
 * Both are defined here in plain arithmetic so any {@link ThreatModel} (and any test) computes the
 * same thing.
 */
public enum ClassifierLoss {
    /**
     * Softmax cross-entropy: {@code log(sum_j exp(z_j)) - z_y}. The paper's FGSM loss; ascending it
     * pushes the image away from class y.
     */
    CROSS_ENTROPY {
        @Override
        public double value(float[] logits, int label) {
            checkLabel(logits, label);
            return logSumExp(logits) - logits[label];
        }

        @Override
        public float[] logitGradient(float[] logits, int label) {
            checkLabel(logits, label);
            double lse = logSumExp(logits);
            float[] g = new float[logits.length];
            for (int j = 0; j < g.length; j++) {
                g[j] = (float) Math.exp(logits[j] - lse);
            }
            g[label] -= 1f;
            return g;
        }
    },
    /**
     * The negative true-class logit {@code -z_y}: what the reference code's {@code nll_loss} on raw
     * logits computes (compatibility mode).
     */
    NEGATIVE_TRUE_LOGIT {
        @Override
        public double value(float[] logits, int label) {
            checkLabel(logits, label);
            return -logits[label];
        }

        @Override
        public float[] logitGradient(float[] logits, int label) {
            checkLabel(logits, label);
            float[] g = new float[logits.length];
            g[label] = -1f;
            return g;
        }
    };

    /**
     * @param logits one image's logits
     * @param label class index in [0, logits.length)
     * @return the loss
     */
    public abstract double value(float[] logits, int label);

    /**
     * @param logits one image's logits
     * @param label class index
     * @return d(loss)/d(logits), same length as the logits
     */
    public abstract float[] logitGradient(float[] logits, int label);

    /**
     * The loss of leaving a set S of classes: {@code -log(sum_{s in S} p_s) = logSumExp(z) - logSumExp(z_S)},
     * p the softmax of the logits z. Ascending it lowers the probability of the whole set; with one class
     * it is {@link #CROSS_ENTROPY} against that class.
     *
     * <p>Why the log of the set's probability rather than the probability itself: the two have the
     * same gradient direction per image ({@code d(-log P_S) = -dP_S / P_S}), but the log's is not
     * scaled down by P_S, so it stays informative where the softmax saturates, it is computed from
     * log-sum-exps without underflow when P_S is tiny in float, and it adds up across the members of an
     * ensemble the way cross-entropy does (Dong et al. 2018's ensemble in loss).
     *
     * @param logits one image's logits
     * @param set the classes to leave, each below {@code logits.length}
     * @return the loss, &gt;= 0
     */
    public static double awayFromSet(float[] logits, ClassSet set) {
        checkSet(logits, set);
        return logSumExp(logits) - logSumExpOver(logits, set);
    }

    /**
     * @param logits one image's logits
     * @param set the classes to leave
     * @return d({@link #awayFromSet})/d(logits): {@code p_j - [j in S] exp(z_j - logSumExp(z_S))}, the
     *     softmax minus the softmax restricted to S
     */
    public static float[] awayFromSetLogitGradient(float[] logits, ClassSet set) {
        double[] q = softmaxOver(logits, set);
        double lse = logSumExp(logits);
        float[] g = new float[logits.length];
        for (int j = 0; j < g.length; j++) {
            g[j] = (float) Math.exp(logits[j] - lse);
        }
        int[] s = set.indices();
        for (int k = 0; k < s.length; k++) {
            g[s[k]] = (float) (Math.exp(logits[s[k]] - lse) - q[k]);
        }
        return g;
    }

    /**
     * @param logits one image's logits
     * @param set some of its classes
     * @return the softmax of the logits restricted to the set, {@code exp(z_s - logSumExp(z_S))}, in the
     *     order of {@link ClassSet#indices()}; sums to 1
     */
    public static double[] softmaxOver(float[] logits, ClassSet set) {
        checkSet(logits, set);
        double lseS = logSumExpOver(logits, set);
        int[] s = set.indices();
        double[] q = new double[s.length];
        for (int k = 0; k < s.length; k++) {
            q[k] = Math.exp(logits[s[k]] - lseS);
        }
        return q;
    }

    private static double logSumExpOver(float[] z, ClassSet set) {
        int[] s = set.indices();
        double max = Double.NEGATIVE_INFINITY;
        for (int j : s) {
            max = Math.max(max, z[j]);
        }
        double sum = 0;
        for (int j : s) {
            sum += Math.exp(z[j] - max);
        }
        return max + Math.log(sum);
    }

    private static void checkSet(float[] logits, ClassSet set) {
        if (set == null) {
            throw new IllegalArgumentException("class set must not be null");
        }
        set.requireWithin(logits.length);
    }

    /** Numerically stable {@code log(sum exp(z))}. */
    static double logSumExp(float[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double s = 0;
        for (float v : z) {
            s += Math.exp(v - max);
        }
        return max + Math.log(s);
    }

    static void checkLabel(float[] logits, int label) {
        if (label < 0 || label >= logits.length) {
            throw new IllegalArgumentException(
                    "label must be in [0, " + logits.length + ") but was " + label);
        }
    }
}
