package dev.pixelprivacy.core.metrics;

/** Top-1 accuracy. */
public final class Accuracy {
    private Accuracy() {}

    /**
     * @param predicted predicted class per item
     * @param truth true class per item, same length
     * @return fraction of items where they agree, in [0, 1]; NaN for no items
     */
    public static double top1(int[] predicted, int[] truth) {
        if (predicted.length != truth.length) {
            throw new IllegalArgumentException(
                    predicted.length + " predictions but " + truth.length + " labels");
        }
        if (predicted.length == 0) {
            return Double.NaN;
        }
        int hits = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == truth[i]) {
                hits++;
            }
        }
        return hits / (double) predicted.length;
    }
}
