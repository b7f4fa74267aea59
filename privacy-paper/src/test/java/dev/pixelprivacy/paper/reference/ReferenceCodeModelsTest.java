package dev.pixelprivacy.paper.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.model.DifferentiableAestheticScorer;
import dev.pixelprivacy.core.model.ScoreGradient;
import dev.pixelprivacy.dl4j.model.NimaScorer;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.testing.Fixtures;
import org.junit.jupiter.api.Test;

class ReferenceCodeModelsTest {

    @Test
    void salganGetsTheNormalisedTensorTimes255AtTheImagesOwnSize() {
        // One pixel (0.5, 0.25, 1.0): 255 (x - mean) / std per channel, RGB order.
        float[] in = ReferenceCodeModels.salganInput().apply(RgbImage.of(1, 1, new float[] {0.5f, 0.25f, 1f}));
        assertThat((double) in[0]).isCloseTo(255 * (0.5 - 0.485) / 0.229, offset(1e-3));
        assertThat((double) in[1]).isCloseTo(255 * (0.25 - 0.456) / 0.224, offset(1e-3));
        assertThat((double) in[2]).isCloseTo(255 * (1.0 - 0.406) / 0.225, offset(1e-3));
        assertThat(ReferenceCodeModels.salganInput().inputWidth(300)).isEqualTo(300);
        float[] nima = ReferenceCodeModels.nimaInput().apply(RgbImage.of(1, 1, new float[] {0.5f, 0.25f, 1f}));
        assertThat((double) nima[0]).isCloseTo((0.5 - 0.485) / 0.229, offset(1e-6));
    }

    @Test
    void theReferenceEmdSumsAbsoluteDifferencesAgainstAllOnes() {
        // p = (0.1, 0.9), t = (1, 1): running sums of |p - t| are 0.9 and 1.0, so
        // sqrt((0.81 + 1.0) / 2) = 0.951315; NIMA's own EMD uses |CDF differences|: 0.9 and 1.0 too here,
        // but for p = (0.6, 0.4): reference 0.4, 1.0 -> sqrt(0.58); NIMA |-0.4|, |-1.0| -> the same;
        // with t = (0, 1) and p = (0.6, 0.4): reference |0.6|, 0.6 + 0.6 -> sqrt((0.36 + 1.44) / 2),
        // NIMA 0.6, 0.0 -> sqrt(0.18).
        assertThat(NimaScorer.emd(new float[] {0.1f, 0.9f}, new float[] {1f, 1f}, true)).isCloseTo(0.951315, offset(1e-5));
        assertThat(NimaScorer.emd(new float[] {0.6f, 0.4f}, new float[] {0f, 1f}, true)).isCloseTo(Math.sqrt(0.9), offset(1e-6));
        assertThat(NimaScorer.emd(new float[] {0.6f, 0.4f}, new float[] {0f, 1f}, false)).isCloseTo(Math.sqrt(0.18), offset(1e-6));
    }

    @Test
    void theEmdScorerIsTheNimaScorersReferenceEmdAgainstAllOnes() throws Exception {
        Fixtures.Fixture f = Fixtures.load("nima_mobilenet_v2");
        NimaScorer net = new NimaScorer(OnnxModel.load(f.model()), ReferenceCodeModels.nimaInput(), 0);
        DifferentiableAestheticScorer emd = ReferenceCodeModels.emdToAllOnes(net, 10);
        float[] d = new float[3 * 224 * 224];
        for (int i = 0; i < d.length; i++) {
            d[i] = (i * 37 % 101) / 100f;
        }
        ImageBatch batch = ImageBatch.of(RgbImage.of(224, 224, d));
        ScoreGradient g = emd.scoreGradient(batch);
        float[] p = net.distributions(batch)[0];
        float[] ones = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        assertThat(emd.scores(batch)[0]).isCloseTo(NimaScorer.emd(p, ones, true), offset(1e-9));
        assertThat(g.scores()[0]).isCloseTo(NimaScorer.emd(p, ones, true), offset(1e-5));
        assertThat(g.gradient().data()).isEqualTo(net.emdGradient(batch, ones, true).gradient().data());
    }
}
