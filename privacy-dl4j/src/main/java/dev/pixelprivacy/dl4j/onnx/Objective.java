package dev.pixelprivacy.dl4j.onnx;

/**
 * The scalar an {@link OnnxNetwork} differentiates, as a function of the network output {@code y}
 * (shape as the output) and a weight tensor {@code w} of the same shape supplied per call.
 */
public enum Objective {
    /** {@code sum(y * w)}: e.g. a NIMA mean score (w = 1..10 per row) or a negative true logit (w = -one-hot). */
    WEIGHTED_SUM,
    /**
     * {@code -sum(w * logSoftmax(y, axis 1))} for a [batch, classes] output: the summed softmax
     * cross-entropy of each row against the (one-hot or soft) label row in w.
     */
    SOFTMAX_CROSS_ENTROPY,
    /**
     * {@code sum_i (logSumExp(y_i) - max(y_i))} for a [batch, classes] output: each row's softmax
     * cross-entropy against its own top-1 class, read from the same forward pass; w is not used. Its
     * gradient is {@link #SOFTMAX_CROSS_ENTROPY}'s with the one-hot of each row's arg-max (the max's
     * gradient picks that class), so an untargeted attack on an unlabelled photo needs no separate
     * forward pass to find its label.
     */
    SOFTMAX_CROSS_ENTROPY_AT_PREDICTION,
    /**
     * {@code sum_i (logSumExp(y_i) - logSumExp_{j : w_ij = 1}(y_ij))} for a [batch, classes] output: each
     * row's {@code -log} of the total softmax probability of the classes its 0/1 weight row marks (at
     * least one per row), the loss of leaving that set of classes
     * ({@code dev.pixelprivacy.core.model.ClassifierLoss#awayFromSet}); with one class marked it is
     * {@link #SOFTMAX_CROSS_ENTROPY}.
     */
    AWAY_FROM_SET,
    /**
     * NIMA's earth mover's distance (r = 2) of each [batch, K] output row p to the target row t in w,
     * {@code sqrt(mean_k |CDF(p)_k - CDF(t)_k|^2)}, summed over the batch.
     */
    EMD,
    /**
     * The reference code's variant of {@link #EMD}: {@code sqrt(mean_k (sum_{j<=k} |p_j - t_j|)^2)},
     * absolute differences summed inside the cumulative sum, summed over the batch.
     */
    EMD_REFERENCE_CODE
}
