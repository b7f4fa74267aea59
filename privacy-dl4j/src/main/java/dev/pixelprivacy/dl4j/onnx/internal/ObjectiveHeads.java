package dev.pixelprivacy.dl4j.onnx.internal;

import dev.pixelprivacy.dl4j.onnx.OnnxImportException;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The objectives every front end's networks are differentiated for ({@link GraphTranslator.Head}),
 * appended to the network output, and the gradient function with respect to the input, with the
 * data-only convolution gradient rewrite ({@link ConvInputGradients}).
 */
final class ObjectiveHeads {
    private ObjectiveHeads() {}

    /** Appends {@code head}'s objective on {@code out} (of {@code shape}) as {@link GraphTranslator#OBJECTIVE}. */
    static void append(OpBuilders ops, SDVariable out, long[] shape, GraphTranslator.Head head) {
        SameDiff sd = ops.sd;
        if (head == GraphTranslator.Head.NONE) {
            return;
        }
        SDVariable w = sd.placeHolder(GraphTranslator.WEIGHTS, DataType.FLOAT, shape);
        SDVariable loss;
        switch (head) {
            case WEIGHTED_SUM -> loss = sd.sum(out.mul(w));
            case SOFTMAX_CROSS_ENTROPY -> {
                requireRank2(shape, head);
                // log-softmax as z - m - log(sum(exp(z - m))), m the row maximum: SameDiff's logSoftmax op
                // cannot take an axis in M2.1, and m's gradient contributions cancel exactly
                SDVariable m = sd.max(out, true, 1);
                SDVariable shifted = out.sub(m);
                SDVariable lse = sd.math().log(sd.sum(sd.math().exp(shifted), true, 1));
                loss = sd.sum(shifted.sub(lse).mul(w)).neg();
            }
            case SOFTMAX_CROSS_ENTROPY_AT_PREDICTION -> {
                requireRank2(shape, head);
                // logSumExp(z) - max(z) = log(sum(exp(z - m))) with m the row maximum; here m's gradient
                // does not cancel: it is the one-hot of the arg-max, the label the loss is taken against
                SDVariable m = sd.max(out, true, 1);
                loss = sd.sum(sd.math().log(sd.sum(sd.math().exp(out.sub(m)), true, 1)));
            }
            case AWAY_FROM_SET -> {
                requireRank2(shape, head);
                loss = sd.sum(logSumExp(sd, out).sub(logSumExp(sd, out.add(w.sub(1.0).mul(SET_EXCLUSION)))));
            }
            case EMD, EMD_REFERENCE_CODE -> {
                requireRank2(shape, head);
                int k = (int) shape[1];
                float[] upper = new float[k * k];
                for (int i = 0; i < k; i++) {
                    for (int j = i; j < k; j++) {
                        upper[i * k + j] = 1f; // cdf = p . U, U[i][j] = 1 for i <= j
                    }
                }
                SDVariable u = sd.constant(ops.name("cdf"), Nd4j.create(upper, new long[] {k, k}, 'c'));
                SDVariable d = head == GraphTranslator.Head.EMD
                        ? sd.math().abs(sd.mmul(out.sub(w), u))
                        : sd.mmul(sd.math().abs(out.sub(w)), u);
                SDVariable perRow = sd.math().sqrt(sd.mean(d.mul(d), 1));
                loss = sd.sum(perRow);
            }
            default -> throw new IllegalStateException(head.toString());
        }
        sd.identity(GraphTranslator.OBJECTIVE, loss);
        sd.setLossVariables(GraphTranslator.OBJECTIVE);
    }

    /**
     * Added to the logits outside the set (w = 0) before the set's log-sum-exp: {@code exp} of such a
     * logit minus the set's maximum is 0 in float, so only the set's classes count, and the set's own
     * maximum shifts its sum, which therefore cannot underflow however far the set lies below the top
     * class (shifting by the row maximum instead would give log 0 there).
     */
    private static final double SET_EXCLUSION = 1e30;

    /**
     * {@code m + log(sum(exp(z - m)))} per row, m the row maximum: its gradient is the softmax (m's
     * own contributions cancel exactly, the gradient of the max being one-hot and the softmax summing
     * to 1).
     */
    private static SDVariable logSumExp(SameDiff sd, SDVariable z) {
        SDVariable m = sd.max(z, true, 1);
        return m.add(sd.math().log(sd.sum(sd.math().exp(z.sub(m)), true, 1)));
    }

    /**
     * Creates the gradient function with respect to {@link GraphTranslator#INPUT} (none for
     * {@link GraphTranslator.Head#NONE}) and, if asked, rewrites its dense convolution gradients to
     * data-only ones ({@link ConvInputGradients}).
     */
    static void differentiate(OpBuilders ops, GraphTranslator.Head head, boolean dataOnlyConvGradient) {
        if (head == GraphTranslator.Head.NONE) {
            return;
        }
        ops.sd.createGradFunction(GraphTranslator.INPUT);
        if (dataOnlyConvGradient) {
            ConvInputGradients.rewrite(ops.sd.getFunction("grad"), ops.convInputShapes());
        }
    }

    static void requireRank2(long[] shape, GraphTranslator.Head head) {
        if (shape.length != 2) {
            throw new OnnxImportException("objective " + head + " needs a [batch, classes] output but the output is "
                    + Arrays.toString(shape));
        }
    }
}
