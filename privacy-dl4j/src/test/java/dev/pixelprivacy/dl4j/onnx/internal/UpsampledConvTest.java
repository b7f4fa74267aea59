package dev.pixelprivacy.dl4j.onnx.internal;

import static dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder.attr;
import static dev.pixelprivacy.dl4j.testing.Weights.uniform;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder;
import dev.pixelprivacy.dl4j.onnx.OnnxNetwork;
import dev.pixelprivacy.dl4j.testing.Fixtures;
import dev.pixelprivacy.dl4j.testing.OpCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;

/**
 * A nearest 2x Resize feeding a 3x3 convolution (stride 1, pads 1), SalGAN's decoder stage, is
 * translated in forward-only graphs as one stride-2 transposed convolution of the low-resolution input
 * ({@link OpBuilders#upsampledConv3x3}). Checked against ONNX Runtime (within 1e-5 of the
 * largest output, as {@code OperatorTest}: only float summation order differs) in both layouts, with
 * the graph's ops showing whether the rewrite was made (a silent fallback to the plain translation
 * would pass the numerical check); the patterns it must not take (another consumer of the upsampled
 * tensor, a strided convolution, a factor other than 2, linear mode, a differentiated graph) keep the
 * plain translation and the same results.
 */
class UpsampledConvTest {
    private static final long[] SHAPE = {2, 3, 5, 7};

    private static byte[] model(Function<OnnxModelBuilder, OnnxModelBuilder> body) {
        return body.apply(new OnnxModelBuilder(13).input("x", SHAPE)).output("y").toBytes();
    }

    private static OnnxModelBuilder weights(OnnxModelBuilder b, long out, long in, long k) {
        Random r = new Random(out * 31 + in * 7 + k);
        return b.initializer("w", uniform(r, -1, 1, out, in, k, k), out, in, k, k).initializer("b", uniform(r, -1, 1, out), out);
    }

    /** Resize with scales [1, 1, 2, 2], asymmetric coordinates and floor, as PyTorch exports nn.Upsample(scale_factor=2). */
    private static OnnxModelBuilder upsample(OnnxModelBuilder b) {
        return b.initializer("sc", new float[] {1, 1, 2, 2}, 4).node("Resize", new String[] {"x", "", "sc"}, "up",
                attr("coordinate_transformation_mode", "asymmetric"), attr("mode", "nearest"), attr("nearest_mode", "floor"));
    }

    static Stream<Arguments> rewritten() {
        List<Arguments> a = new ArrayList<>();
        a.add(Arguments.of("asymmetric floor, bias", model(b -> weights(upsample(b), 4, 3, 3)
                .node("Conv", new String[] {"up", "w", "b"}, "y", attr("pads", 1L, 1, 1, 1)))));
        a.add(Arguments.of("sizes, half_pixel round_prefer_floor (the defaults), no bias", model(b -> weights(b, 5, 3, 3)
                .initializer("sz", new long[] {2, 3, 10, 14}, 4).node("Resize", new String[] {"x", "", "", "sz"}, "up")
                .node("Conv", new String[] {"up", "w"}, "y", attr("pads", 1L, 1, 1, 1)))));
        a.add(Arguments.of("auto_pad SAME_UPPER, then ReLU", model(b -> weights(upsample(b), 4, 3, 3)
                .node("Conv", new String[] {"up", "w", "b"}, "c", attr("auto_pad", "SAME_UPPER"))
                .node("Relu", new String[] {"c"}, "y"))));
        a.add(Arguments.of("BatchNormalization after the convolution (folded)", model(b -> {
            Random r = new Random(3);
            return weights(upsample(b), 4, 3, 3).initializer("g", uniform(r, 0.5f, 1.5f, 4), 4)
                    .initializer("be", uniform(r, -1, 1, 4), 4).initializer("m", uniform(r, -1, 1, 4), 4)
                    .initializer("v", uniform(r, 0.5f, 1.5f, 4), 4)
                    .node("Conv", new String[] {"up", "w", "b"}, "c", attr("pads", 1L, 1, 1, 1))
                    .node("BatchNormalization", new String[] {"c", "g", "be", "m", "v"}, "y");
        })));
        return a.stream();
    }

    static Stream<Arguments> notRewritten() {
        List<Arguments> a = new ArrayList<>();
        a.add(Arguments.of("upsampled tensor also added to the output", model(b -> weights(upsample(b), 3, 3, 3)
                .node("Conv", new String[] {"up", "w", "b"}, "c", attr("pads", 1L, 1, 1, 1))
                .node("Add", new String[] {"c", "up"}, "y"))));
        a.add(Arguments.of("strided convolution", model(b -> weights(upsample(b), 4, 3, 3)
                .node("Conv", new String[] {"up", "w", "b"}, "y", attr("pads", 1L, 1, 1, 1), attr("strides", 2L, 2)))));
        a.add(Arguments.of("1x1 convolution", model(b -> weights(upsample(b), 4, 3, 1)
                .node("Conv", new String[] {"up", "w", "b"}, "y"))));
        a.add(Arguments.of("factor 3", model(b -> weights(b, 4, 3, 3).initializer("sc", new float[] {1, 1, 3, 3}, 4)
                .node("Resize", new String[] {"x", "", "sc"}, "up", attr("coordinate_transformation_mode", "asymmetric"),
                        attr("nearest_mode", "floor"))
                .node("Conv", new String[] {"up", "w", "b"}, "y", attr("pads", 1L, 1, 1, 1)))));
        a.add(Arguments.of("linear mode", model(b -> weights(b, 4, 3, 3).initializer("sc", new float[] {1, 1, 2, 2}, 4)
                .node("Resize", new String[] {"x", "", "sc"}, "up", attr("mode", "linear"))
                .node("Conv", new String[] {"up", "w", "b"}, "y", attr("pads", 1L, 1, 1, 1)))));
        return a.stream();
    }

    private static SameDiff forwardGraph(byte[] model, boolean nhwc) throws Exception {
        System.setProperty(GraphTranslator.NHWC_PROPERTY, Boolean.toString(nhwc));
        try {
            return GraphTranslator.translate(Onnx.ModelProto.parseFrom(model), null, SHAPE, GraphTranslator.Head.NONE, "y")
                    .sameDiff();
        } finally {
            System.clearProperty(GraphTranslator.NHWC_PROPERTY);
        }
    }

    private static boolean hasOp(SameDiff sd, String opName) {
        for (SameDiffOp op : sd.getOps().values()) {
            if (op.getOp().opName().equals(opName)) {
                return true;
            }
        }
        return false;
    }

    private static double forwardError(byte[] model, boolean nhwc) {
        float[] x = OpCheck.random(SHAPE[0] * SHAPE[1] * SHAPE[2] * SHAPE[3], 11, -1f, 1f);
        System.setProperty(GraphTranslator.NHWC_PROPERTY, Boolean.toString(nhwc));
        try (OnnxNetwork net = OnnxModel.fromBytes(model).network(SHAPE, null)) {
            return Fixtures.maxAbsRelative(net.output(x), OpCheck.onnxRuntime(model, x, SHAPE));
        } finally {
            System.clearProperty(GraphTranslator.NHWC_PROPERTY);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rewritten")
    void nearestTwiceThenConvRunsAsTransposedConvolutionAndMatchesOnnxRuntime(String name, byte[] model) throws Exception {
        for (boolean nhwc : new boolean[] {false, true}) {
            SameDiff sd = forwardGraph(model, nhwc);
            assertThat(hasOp(sd, "deconv2d")).as(name + ", NHWC " + nhwc + ": transposed convolution").isTrue();
            assertThat(hasOp(sd, "matmul")).as(name + ", NHWC " + nhwc + ": no upsampling left").isFalse();
            assertThat(forwardError(model, nhwc)).as(name + ", NHWC " + nhwc).isLessThan(1e-5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notRewritten")
    void otherPatternsKeepThePlainTranslationAndMatchOnnxRuntime(String name, byte[] model) throws Exception {
        for (boolean nhwc : new boolean[] {false, true}) {
            assertThat(hasOp(forwardGraph(model, nhwc), "deconv2d")).as(name + ", NHWC " + nhwc).isFalse();
            assertThat(forwardError(model, nhwc)).as(name + ", NHWC " + nhwc).isLessThan(1e-5);
        }
    }

    @Test
    void differentiatedGraphsKeepThePlainTranslationAndTheirGradient() throws Exception {
        byte[] model = rewritten().findFirst().map(a -> (byte[]) a.get()[1]).orElseThrow();
        SameDiff sd = GraphTranslator.translate(Onnx.ModelProto.parseFrom(model), null, SHAPE,
                GraphTranslator.Head.WEIGHTED_SUM, "y").sameDiff();
        assertThat(hasOp(sd, "deconv2d")).isFalse();
        OpCheck.Result r = OpCheck.check(model, SHAPE, 13, true);
        assertThat(r.forwardError()).isLessThan(1e-5);
        assertThat(r.gradientError()).isLessThan(1e-2);
    }
}
