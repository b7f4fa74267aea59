package dev.pixelprivacy.dl4j.onnx;

import static dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder.attr;
import static dev.pixelprivacy.dl4j.testing.Weights.uniform;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.dl4j.onnx.internal.GraphTranslator;
import dev.pixelprivacy.dl4j.testing.Fixtures;
import dev.pixelprivacy.dl4j.testing.OpCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import onnx.Onnx;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;

/**
 * Which max pooling ops {@link GenericKernels} sends to libnd4j's generic kernel: those on NCHW input,
 * forward and backward, and none on NHWC input, whose oneDNN kernels are the faster ones; decided on
 * the ops of real translated graphs (checked to be in the layout asked for), and both layouts' pooling
 * checked against ONNX Runtime on negative input (where a zero border would win every window it touches).
 */
class GenericKernelsTest {
    private static final long[] SHAPE = {2, 3, 10, 12};

    /**
     * A convolution (the NHWC translation starts at convolutions) whose bias -4 makes every output
     * negative (|taps| &lt;= 27 x 0.1 x 1), then the ResNet stem's pooling and a 2x2 one.
     */
    private static byte[] model() {
        float[] bias = {-4f, -4f, -4f, -4f};
        return new OnnxModelBuilder(13).input("x", SHAPE)
                .initializer("w", uniform(new Random(5), -0.1f, 0.1f, 4, 3, 3, 3), 4, 3, 3, 3).initializer("b", bias, 4)
                .node("Conv", new String[] {"x", "w", "b"}, "neg", attr("pads", 1L, 1, 1, 1))
                .node("MaxPool", new String[] {"neg"}, "p", attr("kernel_shape", 3L, 3), attr("strides", 2L, 2),
                        attr("pads", 1L, 1, 1, 1))
                .node("MaxPool", new String[] {"p"}, "y", attr("kernel_shape", 2L, 2), attr("strides", 2L, 2))
                .output("y").toBytes();
    }

    private static List<SameDiffOp> poolingOps(boolean nhwc) throws Exception {
        Onnx.ModelProto m = Onnx.ModelProto.parseFrom(model());
        System.setProperty(GraphTranslator.NHWC_PROPERTY, Boolean.toString(nhwc));
        SameDiff sd;
        try {
            sd = GraphTranslator.translate(m, null, SHAPE, GraphTranslator.Head.WEIGHTED_SUM, "y").sameDiff();
        } finally {
            System.clearProperty(GraphTranslator.NHWC_PROPERTY);
        }
        List<SameDiffOp> ops = new ArrayList<>();
        for (SameDiff g : List.of(sd, sd.getFunction("grad"))) {
            for (SameDiffOp op : g.getOps().values()) {
                if (op.getOp().opName().startsWith("maxpool2d")) {
                    ops.add(op);
                }
            }
        }
        return ops;
    }

    @ParameterizedTest(name = "NHWC {0}")
    @ValueSource(booleans = {false, true})
    void maxPoolingForwardAndBackwardRunGenericKernelsOnlyOnNchwInput(boolean nhwc) throws Exception {
        List<SameDiffOp> ops = poolingOps(nhwc);
        assertThat(ops).extracting(op -> op.getOp().opName()).contains("maxpool2d", "maxpool2d_bp");
        assertThat(ops).allSatisfy(op -> assertThat(op.getOp() instanceof MaxPooling2D m ? m.getConfig().isNHWC()
                : ((Pooling2D) op.getOp()).getConfig().isNHWC()).as(op.getName() + " in NHWC").isEqualTo(nhwc));
        assertThat(ops).allSatisfy(op -> assertThat(GenericKernels.forcesGeneric(op)).as(op.getName()).isEqualTo(!nhwc));
    }

    @ParameterizedTest(name = "NHWC {0}")
    @ValueSource(booleans = {false, true})
    void forwardOnlyPoolingMatchesOnnxRuntimeInEitherLayout(boolean nhwc) {
        float[] x = OpCheck.random(SHAPE[0] * SHAPE[1] * SHAPE[2] * SHAPE[3], 3, -1f, 1f);
        System.setProperty(GraphTranslator.NHWC_PROPERTY, Boolean.toString(nhwc));
        try (OnnxNetwork net = OnnxModel.fromBytes(model()).network(SHAPE, null)) {
            float[] ours = net.output(x);
            assertThat(Fixtures.maxAbsRelative(ours, OpCheck.onnxRuntime(model(), x, SHAPE))).isLessThan(1e-6);
        } finally {
            System.clearProperty(GraphTranslator.NHWC_PROPERTY);
        }
    }
}
