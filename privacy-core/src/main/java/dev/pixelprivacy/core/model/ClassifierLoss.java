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
