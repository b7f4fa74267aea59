package dev.pixelprivacy.dl4j.onnx.internal;

import static dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder.attr;
import static dev.pixelprivacy.dl4j.testing.Weights.uniform;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder;
import dev.pixelprivacy.dl4j.testing.Fixtures;
import dev.pixelprivacy.dl4j.testing.OpCheck;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import onnx.Onnx;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The data-only convolution gradient ({@link ConvInputGradients}: for stride 1 a forward convolution of the
 * output gradient with the flipped, channel-swapped weights; otherwise deconv2d_tf, a transposed convolution
 * with the forward weights) against SameDiff's stock {@code conv2d_bp}, which the translator used before:
 * same graph, same input, same objective weights, the two input gradients must agree to float32
 * rounding (1e-5 relative L2; a wrong weight layout, a kernel flip or a lost border row gives errors
 * of order 1e-2 to 1). Covers the shapes ResNet-50 has (7x7 stride 2 pad 3, 1x1 stride 2, 3x3 stride 2
 * pad 1, 3x3 stride 1), batches, bias, a dilated kernel, strided remainders (an input row and column
 * past the last window, as ResNet's even-sized stride-2 layers have: deconv2d_tf runs with the shape
 * given and its shape function skipped), non-square stride-1 shapes (the adjoint convolution takes any), a
 * pad above k - 1 (no adjoint convolution: deconv2d_tf), and that the strided shapes M2.1's deconv2d_tf cannot
 * take (non-square outputs) keep conv2d_bp. The finite-difference checks of every Conv case in OperatorTest run through
 * the new path as well. Also checks that the ReLU gradients run relu_bp, split into step and multiply
 * ({@link ReluGradients}).
 */
class ConvInputGradientsTest {

    static Stream<Arguments> cases() {
        // the last argument: the op that computes the input gradient: conv2d (a second one, the adjoint
        // convolution with flipped weights: stride 1), deconv2d_tf (strided, square output) or the stock conv2d_bp
        return Stream.of(
                c("7x7 s2 p3 (ResNet stem), no remainder", new long[] {1, 3, 33, 33}, 8, 7, 2, new long[] {3, 3, 3, 3}, 1, false, "deconv2d_tf"),
                c("7x7 s2 p3 even input: remainder", new long[] {1, 3, 32, 32}, 8, 7, 2, new long[] {3, 3, 3, 3}, 1, false, "deconv2d_tf"),
                c("7x7 s2 p3 even input batch 3 bias: remainder", new long[] {3, 3, 20, 20}, 6, 7, 2, new long[] {3, 3, 3, 3}, 1, true, "deconv2d_tf"),
                c("7x7 s2 p3 batch 2 bias", new long[] {2, 3, 21, 21}, 5, 7, 2, new long[] {3, 3, 3, 3}, 1, true, "deconv2d_tf"),
                c("1x1 s2 (ResNet downsample), no remainder", new long[] {2, 16, 17, 17}, 32, 1, 2, new long[] {0, 0, 0, 0}, 1, false, "deconv2d_tf"),
                c("1x1 s2 remainder", new long[] {2, 16, 16, 16}, 32, 1, 2, new long[] {0, 0, 0, 0}, 1, false, "deconv2d_tf"),
                c("3x3 s2 p1 remainder (ResNet stages 2-4)", new long[] {2, 8, 16, 16}, 8, 3, 2, new long[] {1, 1, 1, 1}, 1, true, "deconv2d_tf"),
                c("3x3 s3 p0 remainder 2", new long[] {1, 4, 14, 14}, 5, 3, 3, new long[] {0, 0, 0, 0}, 1, false, "deconv2d_tf"),
                c("3x3 s2 p1 non-square input, square output", new long[] {1, 4, 11, 12}, 6, 3, 2, new long[] {1, 1, 1, 1}, 1, true, "deconv2d_tf"),
                c("3x3 s2 p1, no remainder", new long[] {1, 8, 15, 15}, 8, 3, 2, new long[] {1, 1, 1, 1}, 1, true, "deconv2d_tf"),
                c("3x3 s1 p1", new long[] {2, 8, 9, 9}, 12, 3, 1, new long[] {1, 1, 1, 1}, 1, true, "conv2d"),
                c("3x3 s1 p1 ResNet width", new long[] {1, 64, 16, 16}, 64, 3, 1, new long[] {1, 1, 1, 1}, 1, false, "conv2d"),
                c("3x3 s2 p1 non-square, stock path", new long[] {1, 4, 12, 18}, 6, 3, 2, new long[] {1, 1, 1, 1}, 1, true, "conv2d_bp"),
                c("3x3 no pad non-square: the adjoint convolution takes any shape", new long[] {1, 5, 7, 13}, 3, 3, 1, new long[] {0, 0, 0, 0}, 1, false, "conv2d"),
                c("5x5 s1 p1 non-square batch 2 bias: adjoint pad 3", new long[] {2, 6, 11, 9}, 7, 5, 1, new long[] {1, 1, 1, 1}, 1, true, "conv2d"),
                c("1x1 s1 non-square batch 3 bias", new long[] {3, 24, 5, 7}, 40, 1, 1, new long[] {0, 0, 0, 0}, 1, true, "conv2d"),
                c("3x3 s1 p3 (pad > k - 1): deconv2d_tf", new long[] {1, 4, 9, 9}, 5, 3, 1, new long[] {3, 3, 3, 3}, 1, false, "deconv2d_tf"),
                c("3x3 dilation 2 pad 2", new long[] {1, 3, 14, 14}, 4, 3, 1, new long[] {2, 2, 2, 2}, 2, true, "conv2d"),
                c("1x1 s1 wide", new long[] {1, 64, 8, 8}, 256, 1, 1, new long[] {0, 0, 0, 0}, 1, false, "conv2d"));
    }

    private static Arguments c(String name, long[] shape, long out, long k, long stride, long[] pads, long dil, boolean bias,
                               String backward) {
        Random r = new Random(name.hashCode());
        OnnxModelBuilder b = new OnnxModelBuilder(13).input("x", shape)
                .initializer("w", uniform(r, -0.5f, 0.5f, out, shape[1], k, k), out, shape[1], k, k);
        if (bias) {
            b.initializer("b", uniform(r, -1, 1, out), out);
        }
        String[] in = bias ? new String[] {"x", "w", "b"} : new String[] {"x", "w"};
        // a ReLU after the conv so the incoming gradient has zeros, as in a network
        b.node("Conv", in, "c", attr("pads", pads), attr("strides", stride, stride), attr("dilations", dil, dil))
                .node("Relu", new String[] {"c"}, "y");
        return Arguments.of(name, proto(b.output("y").toBytes()), shape, backward);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void dataOnlyGradientEqualsConv2dBp(String name, Onnx.ModelProto model, long[] shape, String backward) {
        float[] fast = gradient(model, shape, true, backward);
        float[] stock = gradient(model, shape, false, "conv2d_bp");
        double sq = 0;
        for (float v : stock) {
            sq += (double) v * v;
        }
        assertThat(Math.sqrt(sq / stock.length)).as("the reference gradient must not vanish").isGreaterThan(1e-3);
        assertThat(Fixtures.relativeL2(fast, stock)).as(name).isLessThan(1e-5);
    }

    private static float[] gradient(Onnx.ModelProto model, long[] shape, boolean dataOnly, String backward) {
        GraphTranslator.Translated t = GraphTranslator.translate(model, null, shape,
                GraphTranslator.Head.WEIGHTED_SUM, "y", dataOnly);
        SameDiff sd = t.sameDiff();
        sd.createGradFunction(GraphTranslator.INPUT);
        List<String> ops = sd.getFunction("grad").getOps().values().stream().map(o -> o.getOp().opName()).toList();
        // the forward convolution is in the gradient function too
        assertThat(ops.stream().filter("conv2d"::equals).count()).as("conv2d ops").isEqualTo(backward.equals("conv2d") ? 2 : 1);
        for (String other : List.of("deconv2d_tf", "conv2d_bp")) {
            assertThat(ops.contains(other)).as(other).isEqualTo(backward.equals(other));
        }
        if (dataOnly) {
            // relu_bp, split into step and multiply (ReluGradients.split)
            assertThat(ops).contains("step", "multiply").doesNotContain("thresholdedrelu_bp", "relu_bp");
        } else {
            assertThat(ops).contains("thresholdedrelu_bp").doesNotContain("relu_bp");
        }
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        long m = 1;
        for (long d : t.outputShape()) {
            m *= d;
        }
        INDArray x = Nd4j.create(OpCheck.random(n, 11, -1f, 1f), shape, 'c');
        INDArray w = Nd4j.create(OpCheck.random(m, 12, -1f, 1f), t.outputShape(), 'c');
        OutAndGrad r = sd.calculateGradientsAndOutputs(Map.of(GraphTranslator.INPUT, x, GraphTranslator.WEIGHTS, w),
                List.of(GraphTranslator.OBJECTIVE), List.of(GraphTranslator.INPUT));
        INDArray g = r.getGradients().get(GraphTranslator.INPUT);
        assertThat(g.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(g.shape()).isEqualTo(shape);
        return g.dup().reshape(g.length()).toFloatVector();
    }

    private static Onnx.ModelProto proto(byte[] bytes) {
        try {
            return Onnx.ModelProto.parseFrom(bytes);
        } catch (org.nd4j.shade.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
