package dev.pixelprivacy.core.model;

/**
 * A classifier's top-1 answer for one image.
 *
 * @param label the arg-max class index
 * @param probability its softmax probability in [0, 1]
 * @param probabilities the softmax of all logits
 */
public record Prediction(int label, double probability, float[] probabilities) {

    /**
     * @param logits one image's logits, at least one
     * @return the arg-max class (the lowest index on ties) and the softmax probabilities
     */
    public static Prediction fromLogits(float[] logits) {
        if (logits == null || logits.length == 0) {
            throw new IllegalArgumentException("logits must not be empty");
        }
        int best = 0;
        for (int j = 1; j < logits.length; j++) {
            if (logits[j] > logits[best]) {
                best = j;
            }
        }
        double lse = ClassifierLoss.logSumExp(logits);
        float[] p = new float[logits.length];
        for (int j = 0; j < p.length; j++) {
            p[j] = (float) Math.exp(logits[j] - lse);
        }
        return new Prediction(best, p[best], p);
    }

    /**
     * @param k how many
     * @return the k most probable class indices, most probable first
     */
    public int[] topK(int k) {
        if (k <= 0 || k > probabilities.length) {
            throw new IllegalArgumentException("k must be in [1, " + probabilities.length + "] but was " + k);
        }
        Integer[] idx = new Integer[probabilities.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Float.compare(probabilities[b], probabilities[a]));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    @Override
    public String toString() {
        return "Prediction[label=" + label + ", p=" + String.format(java.util.Locale.ROOT, "%.4f", probability) + "]";
    }
}
