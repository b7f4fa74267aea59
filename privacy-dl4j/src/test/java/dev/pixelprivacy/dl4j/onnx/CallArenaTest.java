package dev.pixelprivacy.dl4j.onnx;

import static dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder.attr;
import static dev.pixelprivacy.dl4j.testing.Weights.uniform;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.dl4j.testing.OpCheck;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link CallArena} serves a request from the smallest free buffer that is large enough and at most
 * {@link CallArena#MAX_WASTE_FACTOR} times its length, as an exact-length view at offset 0; and a
 * network whose arrays shrink along the graph (stride-2 convolutions: the backward pass reuses the
 * forward pass's larger buffers for its smaller gradients) gives, with such views, the input gradient
 * of a plain SameDiff session of the same graph (1e-6 relative L2: the same ops on the same values; an
 * op that read or wrote past the view's length, or at another offset, gives errors of order 1), central
 * finite differences (step 2e-3, tolerance 2e-2 of the largest entry, as {@code CallLivenessTest}), and
 * the same values bit for bit on repeated calls.
 */
class CallArenaTest {
    private static final long[] SHAPE = {2, 4, 16, 16};

    private static INDArray lend(CallArena arena, long... shape) {
        INDArray a = arena.allocate(false, DataType.FLOAT, shape);
        arena.track(a);
        return a;
    }

    @Test
    void aSmallerRequestGetsTheSmallestFreeBufferThatFitsWithinTwiceItsLength() {
        CallArena arena = new CallArena();
        try {
            INDArray big = lend(arena, 10, 10);
            INDArray mid = lend(arena, 70);
            assertThat(mid.data().originalDataBuffer()).as("the 100 buffer is lent: a new one").isNull();
            arena.untrack(big);
            arena.untrack(mid);
            assertThat(arena.pooledBytes()).isEqualTo(4 * 170);

            INDArray a = arena.allocate(false, DataType.FLOAT, 6, 10);
            assertThat(a.data().originalDataBuffer()).as("60 served by the 70 buffer, not the 100").isSameAs(mid.data());
            assertThat(a.length()).isEqualTo(60);
            assertThat(a.data().length()).as("an exact-length view").isEqualTo(60);
            assertThat(a.offset()).isZero();
            assertThat(a.ordering()).isEqualTo('c');
            assertThat(a.shape()).containsExactly(6, 10);
            a.assign(7);
            assertThat(mid.data().getFloat(0)).isEqualTo(7f);
            assertThat(mid.data().getFloat(59)).as("the view is the buffer's first 60 elements").isEqualTo(7f);

            INDArray b = arena.allocate(false, DataType.FLOAT, 50);
            assertThat(b.data().originalDataBuffer()).as("50: the 100 buffer, exactly 2x").isSameAs(big.data());
            INDArray c = arena.allocate(false, DataType.FLOAT, 30);
            assertThat(c.data().originalDataBuffer()).as("nothing free: a new buffer").isNull();
            assertThat(c.data().length()).isEqualTo(30);
            assertThat(arena.pooledBytes()).isEqualTo(4 * 200);
            arena.recycle();
            assertThat(arena.lastCallViewLoans()).isEqualTo(2);

            INDArray d = arena.allocate(false, DataType.FLOAT, 20);
            assertThat(d.data().originalDataBuffer()).as("the 30 buffer: 70 and 100 waste more than 2x")
                    .isSameAs(c.data());
            INDArray e = arena.allocate(false, DataType.FLOAT, 35);
            assertThat(e.data().originalDataBuffer()).as("35: the 70 buffer, the smallest that fits").isSameAs(mid.data());
            INDArray f = arena.allocate(false, DataType.FLOAT, 3, 4);
            assertThat(f.data().length()).as("12: no free buffer within 2x (100 only): new").isEqualTo(12);
            assertThat(f.data().originalDataBuffer()).isNull();
            INDArray g = arena.allocate(false, DataType.DOUBLE, 50);
            assertThat(g.data().originalDataBuffer()).as("another data type never shares").isNull();
            assertThat(g.data().length()).isEqualTo(50);
        } finally {
            arena.free();
        }
        assertThat(arena.pooledBytes()).isZero();
    }

    /** Two stride-2 convolutions with ReLUs (8x16x16 -> 8x8x8 -> 16x4x4), pooling and a linear layer. */
    static byte[] shrinkingNet() {
        Random r = new Random(11);
        OnnxModelBuilder b = new OnnxModelBuilder(13).input("x", SHAPE)
                .initializer("w0", uniform(r, -0.4f, 0.4f, 8, 4, 3, 3), 8, 4, 3, 3)
                .initializer("b0", uniform(r, -0.1f, 0.1f, 8), 8)
                .initializer("w1", uniform(r, -0.3f, 0.3f, 8, 8, 3, 3), 8, 8, 3, 3)
                .initializer("w2", uniform(r, -0.3f, 0.3f, 16, 8, 3, 3), 16, 8, 3, 3)
                .initializer("fc", uniform(r, -1, 1, 3, 16), 3, 16)
                .node("Conv", new String[] {"x", "w0", "b0"}, "c0", attr("pads", 1L, 1, 1, 1))
                .node("Relu", new String[] {"c0"}, "r0")
                .node("Conv", new String[] {"r0", "w1"}, "c1", attr("pads", 1L, 1, 1, 1), attr("strides", 2L, 2))
                .node("Relu", new String[] {"c1"}, "r1")
                .node("Conv", new String[] {"r1", "w2"}, "c2", attr("pads", 1L, 1, 1, 1), attr("strides", 2L, 2))
                .node("Relu", new String[] {"c2"}, "r2")
                .node("GlobalAveragePool", new String[] {"r2"}, "g").node("Flatten", new String[] {"g"}, "f")
                .node("Gemm", new String[] {"f", "fc"}, "y", attr("transB", 1L));
        return b.output("y").toBytes();
    }

    private static float[] labels() {
        return new float[] {0, 1, 0, 0, 0, 1};
    }

    @Test
    void viewsOfLargerBuffersGiveThePlainSessionAndFiniteDifferenceGradient() throws Exception {
        try (OnnxNetwork net = OnnxModel.fromBytes(shrinkingNet()).network(SHAPE, Objective.SOFTMAX_CROSS_ENTROPY)) {
            float[] x = OpCheck.random(2 * 4 * 16 * 16, 13, 0, 1);
            CallLivenessTest.assertPooledCallsGiveTheRightGradient(net, x, labels(), CallLivenessTest.plainSessionGradient(shrinkingNet(), SHAPE, x, labels()), 4);
            assertThat(net.lastCallViewLoans()).as("loans a larger pooled buffer served").isPositive();
            assertThat(net.output(x)).isEqualTo(net.gradient(x, labels()).output());
        }
    }
}
