package dev.pixelprivacy.dl4j.onnx;

import static dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder.attr;
import static dev.pixelprivacy.dl4j.testing.Weights.uniform;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.dl4j.onnx.internal.GraphTranslator;
import dev.pixelprivacy.dl4j.testing.Fixtures;
import dev.pixelprivacy.dl4j.testing.OpCheck;
import java.util.List;
import java.util.Map;
import java.util.Random;
import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Buffers go back to a network's pool as soon as no later op of the call reads them
 * ({@link CallLiveness}), so a call holds at once far less than the sum of the arrays it computes, and
 * reusing a buffer within a call does not change results.
 *
 * <p>The net: six 3x3 convolutions with ReLUs and two residual additions, 8 channels at 16x16, batch 2,
 * then global average pooling and a fully connected layer (a small ResNet-like chain). A gradient call
 * computes about 60 arrays, most of one size; the backward pass needs only the convolution outputs
 * (the ReLU masks), so the pool must end below half of what the call was lent. The input gradient must
 * equal that of a plain SameDiff session of the same graph, which reuses nothing (1e-6 relative L2: the
 * same ops on the same values; a buffer read after reuse, or an op that does not overwrite all of a
 * reused output, gives errors of order 1), and central finite differences of the objective (float32:
 * step 2e-3 on inputs of order 1, tolerance 2e-2 of the largest gradient entry, the rounding of the
 * objective over the step plus a ReLU kink crossed); repeated calls return the same values bit for bit.
 */
class CallLivenessTest {
    private static final long[] SHAPE = {2, 8, 16, 16};

    static OnnxNetwork residualChain() {
        return OnnxModel.fromBytes(residualChainBytes()).network(SHAPE, Objective.SOFTMAX_CROSS_ENTROPY);
    }

    static byte[] residualChainBytes() {
        Random r = new Random(5);
        OnnxModelBuilder b = new OnnxModelBuilder(13).input("x", SHAPE);
        String x = "x";
        for (int i = 0; i < 6; i++) {
            b.initializer("w" + i, uniform(r, -0.3f, 0.3f, 8, 8, 3, 3), 8, 8, 3, 3);
            b.node("Conv", new String[] {x, "w" + i}, "c" + i, attr("pads", 1L, 1, 1, 1));
            String y = "r" + i;
            b.node("Relu", new String[] {"c" + i}, y);
            if (i % 3 == 2) {
                b.node("Add", new String[] {y, x.equals("x") ? "r0" : x}, "s" + i);
                y = "s" + i;
            }
            x = y;
        }
        b.initializer("fc", uniform(r, -1, 1, 4, 8), 4, 8);
        b.node("GlobalAveragePool", new String[] {x}, "g").node("Flatten", new String[] {"g"}, "f")
                .node("Gemm", new String[] {"f", "fc"}, "y", attr("transB", 1L));
        return b.output("y").toBytes();
    }

    /** The same graph run by a plain SameDiff session: its own memory manager, nothing reused. */
    private static float[] plainSessionGradient(float[] x) throws Exception {
        return plainSessionGradient(residualChainBytes(), SHAPE, x, labels());
    }

    /**
     * @return the input gradient of the softmax cross-entropy of {@code model} (output "y", [batch,
     *     labels.length / batch]) by a plain SameDiff session of the translated graph
     */
    static float[] plainSessionGradient(byte[] model, long[] shape, float[] x, float[] labels) throws Exception {
        GraphTranslator.Translated t = GraphTranslator.translate(Onnx.ModelProto.parseFrom(model), null,
                shape, GraphTranslator.Head.SOFTMAX_CROSS_ENTROPY, "y");
        Map<String, INDArray> in = Map.of(GraphTranslator.INPUT, Nd4j.create(x, shape, 'c'),
                GraphTranslator.WEIGHTS, Nd4j.create(labels, new long[] {shape[0], labels.length / shape[0]}, 'c'));
        INDArray g = t.sameDiff().calculateGradientsAndOutputs(in, List.of(GraphTranslator.OBJECTIVE),
                List.of(GraphTranslator.INPUT)).getGradients().get(GraphTranslator.INPUT);
        return g.dup().reshape(g.length()).toFloatVector();
    }

    private static float[] labels() {
        return new float[] {1, 0, 0, 0, 0, 0, 1, 0};
    }

    @Test
    void aGradientCallHoldsLessThanHalfOfWhatItComputes() {
        try (OnnxNetwork net = residualChain()) {
            float[] x = OpCheck.random(2 * 8 * 16 * 16, 9, 0, 1);
            net.gradient(x, labels());
            net.gradient(x, labels());
            assertThat(net.lastCallLentBytes()).as("bytes lent during the call").isGreaterThan(0);
            assertThat(net.pooledBytes()).as("pool after two calls, of " + net.lastCallLentBytes() + " lent per call")
                    .isLessThan(net.lastCallLentBytes() / 2);
        }
    }

    @Test
    void aForwardCallReusesBuffersToo() {
        try (OnnxNetwork net = residualChain()) {
            float[] x = OpCheck.random(2 * 8 * 16 * 16, 9, 0, 1);
            net.output(x);
            assertThat(net.pooledBytes()).isLessThan(net.lastCallLentBytes() / 2);
        }
    }

    @Test
    void reusedBuffersGiveThePlainSessionAndFiniteDifferenceGradient() throws Exception {
        try (OnnxNetwork net = residualChain()) {
            float[] x = OpCheck.random(2 * 8 * 16 * 16, 9, 0, 1);
            assertPooledCallsGiveTheRightGradient(net, x, labels(), plainSessionGradient(x), 2);
        }
    }

    /**
     * Two calls of {@code net} on {@code x} return the same output and input gradient bit for bit; the
     * gradient is within 1e-6 relative L2 of {@code plain} (a plain SameDiff session of the same graph)
     * and within 2e-2 of its largest entry of central finite differences of the objective (step 2e-3)
     * at 12 entries picked with {@code seed}.
     */
    static void assertPooledCallsGiveTheRightGradient(OnnxNetwork net, float[] x, float[] labels, float[] plain,
                                                      long seed) {
        OnnxNetwork.Evaluation e = net.gradient(x, labels);
        OnnxNetwork.Evaluation again = net.gradient(x, labels);
        assertThat(again.inputGradient()).isEqualTo(e.inputGradient());
        assertThat(again.output()).isEqualTo(e.output());
        assertThat(Fixtures.relativeL2(e.inputGradient(), plain)).isLessThan(1e-6);
        float max = 0;
        for (float v : e.inputGradient()) {
            max = Math.max(max, Math.abs(v));
        }
        assertThat(max).isGreaterThan(1e-4f);
        float h = 2e-3f;
        Random pick = new Random(seed);
        for (int k = 0; k < 12; k++) {
            int i = pick.nextInt(x.length);
            float[] xp = x.clone();
            float[] xm = x.clone();
            xp[i] += h;
            xm[i] -= h;
            double fd = (net.gradient(xp, labels).objective() - net.gradient(xm, labels).objective()) / (2 * h);
            assertThat(Math.abs(fd - e.inputGradient()[i])).as("entry " + i).isLessThan(2e-2 * max);
        }
    }
}
