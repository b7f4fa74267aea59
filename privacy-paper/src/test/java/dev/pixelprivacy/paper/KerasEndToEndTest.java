package dev.pixelprivacy.paper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.protect.OutputEncoding;
import dev.pixelprivacy.core.protect.ProtectionResult;
import dev.pixelprivacy.dl4j.model.ModelFiles;
import dev.pixelprivacy.dl4j.model.NimaScorer;
import dev.pixelprivacy.dl4j.model.OnnxThreatModel;
import dev.pixelprivacy.dl4j.model.Preprocessing;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.testing.Fixtures;
import dev.pixelprivacy.dl4j.testing.TfjsModelWriter;
import dev.pixelprivacy.dl4j.tools.Npy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paper's four methods end to end on Keras networks: nsfwjs's trained MobileNetV2 (the Keras 2
 * {@code .h5} of fixtures/keras) as the threat model and a NIMA-shaped Keras head (convolution, global
 * average pooling, dropout, a softmax over ten ratings; seeded weights, written as a TF.js layers model)
 * as the aesthetic scorer, both loaded through {@link ModelFiles} as the command line loads them.
 */
class KerasEndToEndTest {
    private static final int S = 224;

    @TempDir
    Path dir;

    private static float[] seeded(int n, long seed, float scale) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return v;
    }

    @Test
    void everyPaperMethodProtectsAPhotoAgainstAKerasThreatModelWithAKerasNima() throws Exception {
        OnnxModel threatNet = ModelFiles.load(Fixtures.kerasDir().resolve("nsfw_mobilenet_v2.h5"), ModelFiles.Role.CLASSIFIER);
        Path nimaJson = TfjsModelWriter.withInput(64, 64, 3)
                .layer("Rescaling", "scale", "\"scale\": 2.0, \"offset\": -1.0", "in")
                .layer("Conv2D", "conv", "\"filters\": 8, \"kernel_size\": [3, 3], \"strides\": [2, 2], \"padding\": \"same\", "
                        + "\"activation\": \"relu\"", "scale")
                .layer("GlobalAveragePooling2D", "gap", "", "conv")
                .layer("Dropout", "drop", "\"rate\": 0.75", "gap")
                .layer("Dense", "ratings", "\"units\": 10, \"activation\": \"softmax\"", "drop")
                .weight("conv/kernel", seeded(3 * 3 * 3 * 8, 1, 0.5f), 3, 3, 3, 8).weight("conv/bias", seeded(8, 2, 0.1f), 8)
                .weight("ratings/kernel", seeded(8 * 10, 3, 1f), 8, 10).weight("ratings/bias", seeded(10, 4, 0.1f), 10)
                .write(dir.resolve("nima"), "ratings");
        OnnxModel nimaNet = ModelFiles.load(nimaJson, ModelFiles.Role.DISTRIBUTION);
        float[] nhwc = Arrays.copyOf(Npy.read(Fixtures.kerasDir().resolve("nsfw_mobilenet_v2.input.npy")).data(), S * S * 3);
        RgbImage photo = RgbImage.of(S, S, Fixtures.nhwcToNchw(nhwc, 1, S, S, 3));
        int neutral = 2;
        try (OnnxThreatModel threat = new OnnxThreatModel(threatNet, ModelFiles.preprocessing(threatNet, Preprocessing.imagenet256()));
             NimaScorer nima = new NimaScorer(nimaNet, ModelFiles.preprocessing(nimaNet, Preprocessing.nima224()), 1)) {
            assertThat(threat.classCount()).isEqualTo(5);
            double scoreBefore = nima.scores(ImageBatch.of(photo))[0];
            assertThat(scoreBefore).isBetween(1.0, 10.0);
            double lossBefore = threat.lossGradient(ImageBatch.of(photo), new int[] {neutral}, ClassifierLoss.CROSS_ENTROPY).losses()[0];
            PaperMethods paper = PaperMethods.builder(threat).aesthetics(nima).encoding(OutputEncoding.FLOAT).build();
            double eps = 4 / 255.0;
            for (PaperMethod m : PaperMethod.values()) {
                ProtectionResult r = paper.protection(m, Epsilon.of255(4)).protect(photo, neutral);
                assertThat(r.before().label()).as(m.title()).isEqualTo(neutral);
                float[] in = photo.data();
                float[] out = r.floatOutput().data();
                double linf = 0;
                for (int i = 0; i < in.length; i++) {
                    linf = Math.max(linf, Math.abs(out[i] - in[i]));
                }
                if (m != PaperMethod.SALIENT_DEFENCE_TILT_SHIFT) {
                    // the attack's budget (tilt-shift is a filter after it, not bounded by eps)
                    assertThat(linf).as(m.title() + " L-inf").isLessThanOrEqualTo(eps + 1e-6).isGreaterThan(0);
                    double lossAfter = threat.lossGradient(ImageBatch.of(r.floatOutput()), new int[] {neutral},
                            ClassifierLoss.CROSS_ENTROPY).losses()[0];
                    assertThat(lossAfter).as(m.title() + " raises the loss of the true class").isGreaterThan(lossBefore);
                }
                assertThat(nima.scores(ImageBatch.of(r.output()))[0]).as(m.title()).isBetween(1.0, 10.0);
            }
        }
    }
}
