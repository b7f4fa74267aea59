package dev.pixelprivacy.dl4j.model;

import static dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder.attr;
import static dev.pixelprivacy.dl4j.testing.Weights.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.LossGradient;
import dev.pixelprivacy.core.model.ScoreGradient;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder;
import dev.pixelprivacy.dl4j.testing.Fixtures;
import dev.pixelprivacy.dl4j.testing.OpCheck;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The privacy-core adapters: PyTorch's numbers through the adapters, and pixel-space gradients
 * (through resize, channel order, scale and normalisation) against central differences of the
 * adapters' own forward passes (h = 1e-3 in [0, 1] units, objective accumulated in double; 2e-2
 * relative tolerance covers float32 rounding of the differences).
 */
class AdapterTest {
    private static final Preprocessing IDENTITY = Preprocessing.builder().build();

    /** Conv(3->4, 3x3) + Relu + GlobalAveragePool + Flatten + Gemm(4->k), optionally Softmax. */
    static OnnxModel smallClassifier(int classes, boolean softmax) {
        Random r = new Random(5);
        OnnxModelBuilder b = new OnnxModelBuilder(13).input("x", 1, 3, 8, 8).initializer("w", uniform(r, -1, 1, 4, 3, 3, 3), 4, 3, 3, 3)
                .initializer("fc", uniform(r, -1, 1, classes, 4), classes, 4).initializer("fb", uniform(r, -1, 1, classes), classes)
                .node("Conv", new String[] {"x", "w"}, "c", attr("pads", 1L, 1, 1, 1)).node("Tanh", new String[] {"c"}, "t")
                .node("GlobalAveragePool", new String[] {"t"}, "g").node("Flatten", new String[] {"g"}, "f")
                .node("Gemm", new String[] {"f", "fc", "fb"}, softmax ? "z" : "y", attr("transB", 1L));
        if (softmax) {
            b.node("Softmax", new String[] {"z"}, "y", attr("axis", 1L));
        }
        return OnnxModel.fromBytes(b.output("y").toBytes());
    }

    static RgbImage image(int w, int h, long seed) {
        return RgbImage.of(w, h, OpCheck.random(3L * w * h, seed, 0.05f, 0.95f));
    }

    private static Preprocessing awkward() {
        return Preprocessing.builder().size(8, 8).resize(Preprocessing.ResizeRule.BILINEAR)
                .channelOrder(Preprocessing.ChannelOrder.BGR).scale(255f).mean(100f, 120f, 110f).std(50f, 60f, 70f).build();
    }

    private interface Scalar {
        double of(ImageBatch b);
    }

    private static double fdError(ImageBatch batch, float[] grad, Scalar f) {
        float[] x = batch.data();
        int[] coords = new Random(9).ints(0, x.length).distinct().limit(40).toArray();
        double num = 0;
        double den = 0;
        float h = 1e-3f;
        for (int i : coords) {
            float[] p = x.clone();
            float[] m = x.clone();
            p[i] += h;
            m[i] -= h;
            double fd = (f.of(ImageBatch.wrap(batch.size(), batch.width(), batch.height(), p))
                    - f.of(ImageBatch.wrap(batch.size(), batch.width(), batch.height(), m))) / (2 * h);
            num += (grad[i] - fd) * (grad[i] - fd);
            den += fd * fd;
        }
        return Math.sqrt(num / den);
    }

    @Test
    void threatModelReproducesPyTorchLossAndGradient() throws Exception {
        Fixtures.Fixture f = Fixtures.load("resnet18_places");
        OnnxThreatModel tm = new OnnxThreatModel(OnnxModel.load(f.model()), IDENTITY);
        long[] s = f.input().shape();
        ImageBatch batch = ImageBatch.wrap((int) s[0], (int) s[3], (int) s[2], f.input().data().clone());
        LossGradient lg = tm.lossGradient(batch, f.labels(), ClassifierLoss.CROSS_ENTROPY);
        assertThat(tm.classCount()).isEqualTo(365);
        assertThat(lg.losses()[0]).isCloseTo(f.objectiveValue(), offset(1e-4 * f.objectiveValue()));
        assertThat(Fixtures.relativeL2(lg.gradient().data(), f.grad().data())).isLessThan(1e-3);
    }

    @Test
    void nimaReproducesPyTorchMeanScore() throws Exception {
        Fixtures.Fixture f = Fixtures.load("nima_mobilenet_v2");
        NimaScorer nima = new NimaScorer(OnnxModel.load(f.model()), IDENTITY, 1);
        ImageBatch batch = ImageBatch.wrap(1, 224, 224, f.input().data().clone());
        assertThat(nima.scores(batch)[0]).isCloseTo(f.objectiveValue(), offset(1e-4));
        assertThat(nima.scoreGradient(batch).scores()[0]).isCloseTo(f.objectiveValue(), offset(1e-4));
    }

    @Test
    void gradientAtThePredictionIsTheLabelledGradientAtTheArgMaxInOnePass() throws Exception {
        // The PyTorch fixture (its label is the model's own top-1) and a two-image batch of a small net.
        Fixtures.Fixture f = Fixtures.load("resnet18_places");
        OnnxThreatModel tm = new OnnxThreatModel(OnnxModel.load(f.model()), IDENTITY);
        long[] s = f.input().shape();
        ImageBatch photo = ImageBatch.wrap((int) s[0], (int) s[3], (int) s[2], f.input().data().clone());
        LossGradient at = tm.lossGradientAtPrediction(photo, ClassifierLoss.CROSS_ENTROPY);
        int top = dev.pixelprivacy.core.model.Prediction.fromLogits(at.logits()[0]).label();
        LossGradient labelled = tm.lossGradient(photo, new int[] {top}, ClassifierLoss.CROSS_ENTROPY);
        assertThat(at.logits()[0]).containsExactly(labelled.logits()[0]);
        assertThat(at.losses()[0]).isCloseTo(labelled.losses()[0], offset(1e-9));
        // two heads of one network, whose output gradients (softmax minus the one-hot) agree to a float32
        // ulp; through ResNet-18's backward that is 7.4e-7 relative (NCHW deconv2d_tf input gradients)
        // to 1.6e-6 (the NHWC adjoint convolutions); a wrong label or a lost term is of order 1
        assertThat(Fixtures.relativeL2(at.gradient().data(), labelled.gradient().data())).isLessThan(1e-5);

        OnnxThreatModel small = new OnnxThreatModel(smallClassifier(5, false), awkward());
        ImageBatch batch = ImageBatch.of(image(11, 9, 3), image(11, 9, 4));
        LossGradient both = small.lossGradientAtPrediction(batch, ClassifierLoss.CROSS_ENTROPY);
        int[] labels = new int[2];
        for (int i = 0; i < 2; i++) {
            labels[i] = dev.pixelprivacy.core.model.Prediction.fromLogits(both.logits()[i]).label();
        }
        LossGradient reference = small.lossGradient(batch, labels, ClassifierLoss.CROSS_ENTROPY);
        assertThat(Fixtures.relativeL2(both.gradient().data(), reference.gradient().data())).isLessThan(1e-6);
        assertThat(both.losses()).containsExactly(reference.losses());
    }

    @Test
    void threatModelGradientIsInOriginalPixelSpace() {
        OnnxThreatModel tm = new OnnxThreatModel(smallClassifier(5, false), awkward());
        ImageBatch batch = ImageBatch.of(image(11, 9, 1), image(11, 9, 2));
        int[] labels = {3, 1};
        for (ClassifierLoss loss : ClassifierLoss.values()) {
            LossGradient lg = tm.lossGradient(batch, labels, loss);
            assertThat(lg.gradient().width()).isEqualTo(11);
            assertThat(lg.gradient().height()).isEqualTo(9);
            double err = fdError(batch, lg.gradient().data(), b -> {
                float[][] z = tm.logits(b);
                return loss.value(z[0], labels[0]) + loss.value(z[1], labels[1]);
            });
            assertThat(err).as(loss.toString()).isLessThan(2e-2);
        }
    }

    @Test
    void nimaScoreAndEmdGradientsMatchFiniteDifferences() {
        NimaScorer nima = new NimaScorer(smallClassifier(10, true), awkward(), 1);
        ImageBatch batch = ImageBatch.of(image(10, 7, 3));
        ScoreGradient sg = nima.scoreGradient(batch);
        assertThat(sg.scores()[0]).isBetween(1.0, 10.0);
        assertThat(fdError(batch, sg.gradient().data(), b -> nima.scores(b)[0])).isLessThan(2e-2);
        float[] ones = new float[10];
        java.util.Arrays.fill(ones, 1f);
        float[] top = new float[10];
        top[9] = 1f;
        for (boolean ref : new boolean[] {false, true}) {
            float[] target = ref ? ones : top;
            ScoreGradient eg = nima.emdGradient(batch, target, ref);
            double direct = NimaScorer.emd(nima.distributions(batch)[0], target, ref);
            assertThat(eg.scores()[0]).isCloseTo(direct, offset(1e-5));
            assertThat(fdError(batch, eg.gradient().data(), b -> NimaScorer.emd(nima.distributions(b)[0], target, ref)))
                    .as("emd referenceCode=" + ref).isLessThan(2e-2);
        }
    }

    @Test
    void saliencyIsAUnitMapAtTheImageSize() {
        Random r = new Random(6);
        OnnxModel m = OnnxModel.fromBytes(new OnnxModelBuilder(13).input("x", 1, 3, 12, 16).initializer("w", uniform(r, -1, 1, 1, 3, 3, 3), 1, 3, 3, 3)
                .node("Conv", new String[] {"x", "w"}, "c", attr("pads", 1L, 1, 1, 1), attr("strides", 2L, 2))
                .node("Sigmoid", new String[] {"c"}, "y").output("y").toBytes());
        SalGanSaliency sal = new SalGanSaliency(m, Preprocessing.builder().size(16, 12).resize(Preprocessing.ResizeRule.BILINEAR)
                .channelOrder(Preprocessing.ChannelOrder.BGR).scale(255f).mean(103.939f, 116.779f, 123.68f).build());
        Mask mask = sal.saliency(image(37, 23, 4));
        assertThat(mask.width()).isEqualTo(37);
        assertThat(mask.height()).isEqualTo(23);
        float min = 1;
        float max = 0;
        for (float v : mask.data()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isCloseTo(0f, offset(1e-6f));
        assertThat(max).isCloseTo(1f, offset(1e-6f));
    }

    @Test
    void concurrentThreadsGetTheSameGradientsAsOneThread() throws Exception {
        OnnxThreatModel tm = new OnnxThreatModel(smallClassifier(5, false), Preprocessing.imagenet256());
        ImageBatch batch = ImageBatch.of(image(20, 20, 7));
        float[] expected = tm.lossGradient(batch, new int[] {2}, ClassifierLoss.CROSS_ENTROPY).gradient().data();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            java.util.List<Future<float[]>> fs = new java.util.ArrayList<>();
            for (int t = 0; t < 6; t++) {
                fs.add(pool.submit(() -> tm.lossGradient(batch, new int[] {2}, ClassifierLoss.CROSS_ENTROPY).gradient().data()));
            }
            for (Future<float[]> f : fs) {
                assertThat(f.get()).containsExactly(expected);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void badArgumentsNameTheValue() {
        assertThatThrownBy(() -> Preprocessing.builder().std(1f, 0f, 1f).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[1.0, 0.0, 1.0]");
        OnnxThreatModel tm = new OnnxThreatModel(smallClassifier(5, false), Preprocessing.imagenet256());
        assertThatThrownBy(() -> tm.lossGradient(ImageBatch.of(image(8, 8, 1)), new int[] {5}, ClassifierLoss.CROSS_ENTROPY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 5");
    }
}
