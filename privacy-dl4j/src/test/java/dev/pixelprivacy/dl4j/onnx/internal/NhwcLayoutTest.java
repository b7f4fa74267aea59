package dev.pixelprivacy.dl4j.onnx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.dl4j.onnx.Objective;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.onnx.OnnxNetwork;
import dev.pixelprivacy.dl4j.testing.Fixtures;
import dev.pixelprivacy.dl4j.testing.Fixtures.Fixture;
import java.io.IOException;
import java.nio.file.Files;
import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.DeConv2DTF;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;

/**
 * The NHWC translation ({@link GraphTranslator#NHWC_PROPERTY}) against PyTorch, with the tolerances of
 * {@code PyTorchFixtureTest} (outputs within 1e-4 of the largest magnitude, input gradients within 1e-3
 * relative L2 on the fixtures without a unit on an activation kink), and against the NCHW translation
 * of the same fixture; and that the NHWC graph really runs NHWC convolutions, max pooling and input
 * gradients (a translation that silently fell back to NCHW would pass the numerical checks).
 * {@code nima_mobilenet_v2} mixes layouts: its depthwise convolutions stay NCHW between NHWC ones.
 */
class NhwcLayoutTest {

    private static OnnxNetwork network(Fixture f, boolean nhwc, boolean ce) throws IOException {
        System.setProperty(GraphTranslator.NHWC_PROPERTY, Boolean.toString(nhwc));
        try {
            return OnnxModel.load(f.model()).network(f.input().shape(),
                    ce ? Objective.SOFTMAX_CROSS_ENTROPY : Objective.WEIGHTED_SUM);
        } finally {
            System.clearProperty(GraphTranslator.NHWC_PROPERTY);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tinynet", "tinynet_unfolded", "nima_mobilenet_v2", "resnet18_places"})
    void outputsMatchPyTorchAndTheNchwGraph(String name) throws IOException {
        Fixture f = Fixtures.load(name);
        boolean ce = f.objective().equals("cross_entropy");
        try (OnnxNetwork nhwc = network(f, true, ce); OnnxNetwork nchw = network(f, false, ce)) {
            float[] w = Fixtures.objectiveWeights(f, nhwc.outputShape());
            OnnxNetwork.Evaluation e = nhwc.gradient(f.input().data(), w);
            assertThat(Fixtures.maxAbsRelative(e.output(), f.output().data())).as("NHWC gradient pass output vs PyTorch")
                    .isLessThan(1e-4);
            assertThat(Fixtures.maxAbsRelative(nhwc.output(f.input().data()), f.output().data()))
                    .as("NHWC forward pass vs PyTorch").isLessThan(1e-4);
            OnnxNetwork.Evaluation r = nchw.gradient(f.input().data(), w);
            assertThat(Fixtures.maxAbsRelative(e.output(), r.output())).as("NHWC vs NCHW output").isLessThan(1e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tinynet", "tinynet_unfolded", "resnet18_places"})
    void inputGradientMatchesPyTorch(String name) throws IOException {
        Fixture f = Fixtures.load(name);
        boolean ce = f.objective().equals("cross_entropy");
        try (OnnxNetwork nhwc = network(f, true, ce)) {
            float[] g = nhwc.gradient(f.input().data(), Fixtures.objectiveWeights(f, nhwc.outputShape())).inputGradient();
            assertThat(Fixtures.relativeL2(g, f.grad().data())).as("NHWC input gradient vs PyTorch").isLessThan(1e-3);
        }
    }

    @Test
    void resNetConvolutionsPoolingAndTheirGradientsRunInNhwc() throws IOException {
        Fixture f = Fixtures.load("resnet18_places");
        Onnx.ModelProto model = Onnx.ModelProto.parseFrom(Files.readAllBytes(f.model()));
        System.setProperty(GraphTranslator.NHWC_PROPERTY, "true");
        GraphTranslator.Translated t;
        try {
            t = GraphTranslator.translate(model, null, f.input().shape(), GraphTranslator.Head.SOFTMAX_CROSS_ENTROPY,
                    model.getGraph().getOutput(0).getName());
        } finally {
            System.clearProperty(GraphTranslator.NHWC_PROPERTY);
        }
        SameDiff sd = t.sameDiff();
        int convs = 0;
        int nhwcConvs = 0;
        int nhwcPools = 0;
        for (SameDiffOp op : sd.getOps().values()) {
            if (op.getOp() instanceof Conv2D c) {
                convs++;
                nhwcConvs += c.getConfig().isNHWC() ? 1 : 0;
            } else if (op.getOp() instanceof MaxPooling2D p) {
                nhwcPools += p.getConfig().isNHWC() ? 1 : 0;
            }
        }
        // torchvision's ResNet-18: 20 convolutions, all dense and undilated with symmetric pads
        assertThat(convs).isEqualTo(20);
        assertThat(nhwcConvs).isEqualTo(convs);
        assertThat(nhwcPools).isEqualTo(1);
        int nhwcDeconvs = 0;
        int nhwcGradConvs = 0;
        for (SameDiffOp op : sd.getFunction("grad").getOps().values()) {
            assertThat(op.getOp().opName()).as("no stock conv2d_bp left").isNotEqualTo("conv2d_bp");
            if (op.getOp() instanceof DeConv2DTF d && d.getConfig().getDataFormat().equalsIgnoreCase("NHWC")) {
                nhwcDeconvs++;
            } else if (op.getOp() instanceof Conv2D c && c.getConfig().isNHWC()) {
                nhwcGradConvs++;
            }
        }
        // the gradient function holds the 20 forward convolutions too; the 13 stride-1 ones differentiate to
        // a forward convolution of flipped weights, the stem and the six strided ones to deconv2d_tf
        assertThat(nhwcDeconvs).as("strided input gradients").isEqualTo(7);
        assertThat(nhwcGradConvs).as("forward and adjoint convolutions").isEqualTo(convs + 13);
    }

    private static int nhwcConvolutions(SameDiff sd) {
        int n = 0;
        for (SameDiffOp op : sd.getOps().values()) {
            if (op.getOp() instanceof Conv2D c && c.getConfig().isNHWC()) {
                n++;
            }
        }
        return n;
    }

    private static GraphTranslator.Translated translate(Onnx.ModelProto model, Fixture f, GraphTranslator.Head head) {
        return GraphTranslator.translate(model, null, f.input().shape(), head, model.getGraph().getOutput(0).getName());
    }

    @Test
    void byDefaultEveryGraphRunsNhwcAndFalseRunsNchw() throws IOException {
        Fixture f = Fixtures.load("resnet18_places");
        Onnx.ModelProto model = Onnx.ModelProto.parseFrom(Files.readAllBytes(f.model()));
        System.clearProperty(GraphTranslator.NHWC_PROPERTY);
        assertThat(nhwcConvolutions(translate(model, f, GraphTranslator.Head.NONE).sameDiff()))
                .as("NHWC convolutions of the forward-only graph").isEqualTo(20);
        assertThat(nhwcConvolutions(translate(model, f, GraphTranslator.Head.SOFTMAX_CROSS_ENTROPY).sameDiff()))
                .as("NHWC convolutions of the differentiated graph").isEqualTo(20);
        System.setProperty(GraphTranslator.NHWC_PROPERTY, "false");
        try {
            assertThat(nhwcConvolutions(translate(model, f, GraphTranslator.Head.NONE).sameDiff()))
                    .as("false: the forward-only graph runs NCHW").isZero();
            assertThat(nhwcConvolutions(translate(model, f, GraphTranslator.Head.SOFTMAX_CROSS_ENTROPY).sameDiff()))
                    .as("false: the differentiated graph runs NCHW").isZero();
        } finally {
            System.clearProperty(GraphTranslator.NHWC_PROPERTY);
        }
    }

    @Test
    void theDefaultNetworksGiveTheLogitsAndGradientOfTheNchwOnes() throws IOException {
        Fixture f = Fixtures.load("resnet18_places");
        System.clearProperty(GraphTranslator.NHWC_PROPERTY);
        OnnxModel model = OnnxModel.load(f.model());
        float[] out;
        OnnxNetwork.Evaluation nhwc;
        float[] w;
        try (OnnxNetwork forward = model.network(f.input().shape(), null);
             OnnxNetwork gradient = model.network(f.input().shape(), Objective.SOFTMAX_CROSS_ENTROPY)) {
            out = forward.output(f.input().data());
            assertThat(Fixtures.maxAbsRelative(out, f.output().data())).as("default forward vs PyTorch").isLessThan(1e-4);
            w = Fixtures.objectiveWeights(f, gradient.outputShape());
            nhwc = gradient.gradient(f.input().data(), w);
            assertThat(Fixtures.maxAbsRelative(out, nhwc.output()))
                    .as("forward-only vs differentiated logits, both NHWC").isLessThan(1e-5);
        }
        System.setProperty(GraphTranslator.NHWC_PROPERTY, "false");
        try (OnnxNetwork nchw = OnnxModel.load(f.model()).network(f.input().shape(), Objective.SOFTMAX_CROSS_ENTROPY)) {
            OnnxNetwork.Evaluation g = nchw.gradient(f.input().data(), w);
            assertThat(Fixtures.maxAbsRelative(out, g.output())).as("NHWC vs NCHW logits").isLessThan(1e-5);
            assertThat(Fixtures.relativeL2(nhwc.inputGradient(), g.inputGradient())).as("NHWC vs NCHW input gradient")
                    .isLessThan(1e-5);
        } finally {
            System.clearProperty(GraphTranslator.NHWC_PROPERTY);
        }
    }

    @Test
    void aPropertyThatIsNeitherTrueNorFalseIsRefusedWithItsValue() {
        System.setProperty(GraphTranslator.NHWC_PROPERTY, "yes");
        try {
            assertThatThrownBy(() -> GraphTranslator.nhwc())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(GraphTranslator.NHWC_PROPERTY).hasMessageContaining("'yes'");
        } finally {
            System.clearProperty(GraphTranslator.NHWC_PROPERTY);
        }
    }
}
