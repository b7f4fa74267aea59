package dev.pixelprivacy.bench.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.onnx.internal.GraphTranslator;
import java.util.SplittableRandom;
import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;

/**
 * The "before" variant of {@link SalGanProfile}'s A/B really keeps the plain upsampling (a silently
 * rewritten baseline would make the A/B measure nothing), and the SalGAN-shaped forward with its four
 * upsampling stages as transposed convolutions gives the plain translation's output.
 */
class SalGanProfileTest {
    private static final long[] SHAPE = {1, 3, SalGanOnnx.HEIGHT, SalGanOnnx.WIDTH};

    private static int deconvolutions(Onnx.ModelProto model) {
        SameDiff sd = GraphTranslator.translate(model, null, SHAPE, GraphTranslator.Head.NONE, "saliency").sameDiff();
        int n = 0;
        for (SameDiffOp op : sd.getOps().values()) {
            n += op.getOp().opName().equals("deconv2d") ? 1 : 0;
        }
        return n;
    }

    @Test
    void theBaselineKeepsThePlainUpsamplingAndTheLibraryRewritesAllFourStages() throws Exception {
        Onnx.ModelProto model = Onnx.ModelProto.parseFrom(SalGanOnnx.build(16, 2017));
        assertThat(deconvolutions(model)).isEqualTo(4);
        assertThat(deconvolutions(SalGanProfile.withUpsampledOutputs(model))).isZero();
    }

    @Test
    void bothTranslationsGiveTheSameSaliencyMap() throws Exception {
        byte[] bytes = SalGanOnnx.build(16, 2017);
        byte[] plain = SalGanProfile.withUpsampledOutputs(Onnx.ModelProto.parseFrom(bytes)).toByteArray();
        SplittableRandom r = new SplittableRandom(3);
        float[] x = new float[(int) (SHAPE[1] * SHAPE[2] * SHAPE[3])];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (255 * r.nextDouble() - 115);
        }
        float[] a = OnnxModel.fromBytes(plain).network(SHAPE, null).output(x);
        float[] b = OnnxModel.fromBytes(bytes).network(SHAPE, null).output(x);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        // sigmoid outputs in [0, 1]; only float summation order differs
        assertThat(max).isLessThan(1e-4);
    }
}
