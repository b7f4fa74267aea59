package dev.pixelprivacy.dl4j.onnx.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.dl4j.testing.OpCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.bp.AddBpOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link BackwardReads} on a residual block built in SameDiff directly, {@code s = relu(x * w1) * w2 + x},
 * {@code t = relu(s) + bias} (bias broadcast over [1, C, 1, 1]), objective {@code sum(t * v)}: after the
 * rewrite both ReLU gradients read the ReLU outputs, the same-shape addition's gradient op is gone and
 * the broadcasting one stays, and the input gradient is bit for bit what the unrewritten gradient
 * function gives, and equals the analytic gradient {@code v [s > 0] (w2 w1 [x w1 > 0] + 1)} (within
 * float32 rounding of the products, 1e-6 relative). Run with the stock ReLU gradient
 * ({@code thresholdedrelu_bp}) and with {@code relu_bp} ({@link ReluGradients}).
 */
class BackwardReadsTest {
    private static final long[] SHAPE = {2, 3, 4, 5};
    private static final int N = 2 * 3 * 4 * 5;

    private static final float[] W1 = OpCheck.random(N, 1, -1, 1);
    private static final float[] W2 = OpCheck.random(N, 2, -1, 1);
    private static final float[] V = OpCheck.random(N, 3, -1, 1);
    private static final float[] BIAS = {0.3f, -0.2f, 0.1f};
    private static final float[] X = OpCheck.random(N, 4, -1, 1);

    private static SameDiff block() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, SHAPE);
        SDVariable a = x.mul(sd.constant("w1", Nd4j.create(W1, SHAPE, 'c')));
        SDVariable r1 = sd.nn().relu("r1", a, 0);
        SDVariable b = r1.mul(sd.constant("w2", Nd4j.create(W2, SHAPE, 'c')));
        SDVariable s = sd.math().add("s", b, x);
        SDVariable r2 = sd.nn().relu("r2", s, 0);
        SDVariable t = r2.add("t", sd.constant("bias", Nd4j.create(BIAS, new long[] {1, 3, 1, 1}, 'c')));
        sd.sum("loss", t.mul(sd.constant("v", Nd4j.create(V, SHAPE, 'c'))));
        sd.createGradFunction("x");
        return sd;
    }

    private static float[] gradient(SameDiff sd) {
        INDArray g = sd.calculateGradients(Map.of("x", Nd4j.create(X, SHAPE, 'c')), List.of("x")).get("x");
        return g.dup().reshape(g.length()).toFloatVector();
    }

    @ParameterizedTest(name = "relu_bp rewrite first: {0}")
    @ValueSource(booleans = {false, true})
    void readsTheReluOutputsDropsTheSameShapeAdditionAndKeepsTheGradient(boolean reluBp) {
        SameDiff plain = block();
        SameDiff rewritten = block();
        SameDiff grad = rewritten.getFunction("grad");
        if (reluBp) {
            ReluGradients.rewrite(plain.getFunction("grad"));
            assertThat(ReluGradients.rewrite(grad)).isEqualTo(2);
        }
        // the static shapes the translator knows: the two addends of s, and those of t (differing)
        Map<String, long[]> shapes = Map.of(blockInputOf(rewritten, "s", 0), SHAPE, "x", SHAPE, "r2", SHAPE,
                "bias", new long[] {1, 3, 1, 1});
        assertThat(BackwardReads.rewrite(grad, shapes)).as("two relu gradients and one addition").isEqualTo(3);

        int addBp = 0;
        for (SameDiffOp op : grad.getOps().values()) {
            if (op.getOp() instanceof AddBpOp) {
                addBp++;
                assertThat(op.getInputsToOp()).as("the broadcasting addition keeps its inputs").contains("r2");
            }
            String type = op.getOp().opName();
            if (type.equals("relu_bp") || type.equals("thresholdedrelu_bp")) {
                String first = op.getInputsToOp().get(0);
                SameDiffOp producer = grad.getOps().get(grad.getVariables().get(first).getOutputOfOp());
                assertThat(producer.getOp()).as(op.getName() + " reads " + first).isInstanceOf(RectifiedLinear.class);
            }
        }
        assertThat(addBp).isEqualTo(1);

        float[] g = gradient(rewritten);
        assertThat(g).isEqualTo(gradient(plain));
        double err = 0;
        double norm = 0;
        for (int i = 0; i < N; i++) {
            double a = (double) X[i] * W1[i];
            double s = Math.max(a, 0) * W2[i] + X[i];
            double want = s > 0 ? V[i] * ((a > 0 ? (double) W2[i] * W1[i] : 0) + 1) : 0;
            err += (g[i] - want) * (g[i] - want);
            norm += want * want;
        }
        assertThat(norm).isGreaterThan(1);
        assertThat(Math.sqrt(err / norm)).isLessThan(1e-6);
    }

    @org.junit.jupiter.api.Test
    void splitReluGradientsGiveTheSameValues() {
        SameDiff plain = block();
        SameDiff split = block();
        ReluGradients.rewrite(plain.getFunction("grad"));
        SameDiff grad = split.getFunction("grad");
        ReluGradients.rewrite(grad);
        assertThat(ReluGradients.split(grad)).isEqualTo(2);
        List<String> types = grad.getOps().values().stream().map(o -> o.getOp().opName()).toList();
        assertThat(types).doesNotContain("relu_bp").contains("step");
        float[] want = gradient(plain);
        float[] got = gradient(split);
        assertThat(got).hasSameSizeAs(want);
        int zeros = 0;
        for (int i = 0; i < N; i++) {
            // step(y) * g is -0 where relu_bp gives +0 for a negative g: equal as numbers
            assertThat(got[i] == want[i]).as("element " + i + ": " + got[i] + " vs " + want[i]).isTrue();
            zeros += want[i] == 0 ? 1 : 0;
        }
        assertThat(zeros).as("elements the ReLUs cut").isPositive().isLessThan(N);
    }

    /** @return the name of input {@code i} of the op that computes {@code var} */
    private static String blockInputOf(SameDiff sd, String var, int i) {
        return sd.getOps().get(sd.getVariables().get(var).getOutputOfOp()).getInputsToOp().get(i);
    }
}
