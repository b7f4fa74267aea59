package dev.pixelprivacy.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixelprivacy.core.attack.AttackResult;
import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.ImageFiles;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.Prediction;
import dev.pixelprivacy.dl4j.onnx.OnnxImportException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded demo CNN, as the command-line tool will load it. */
class DemoModelTest {
    private static DemoModel model;
    private static List<RgbImage> samples;
    private static int[] sampleLabels;

    @BeforeAll
    static void load() throws IOException {
        model = DemoModel.shared();
        List<String> lines = Files.readAllLines(Path.of("samples", "labels.csv"));
        assertThat(lines.get(0)).isEqualTo("file,label");
        samples = new ArrayList<>();
        sampleLabels = new int[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] parts = lines.get(i).split(",");
            samples.add(ImageFiles.read(Path.of("samples", parts[0])));
            sampleLabels[i - 1] = Integer.parseInt(parts[1]);
        }
        assertThat(samples).hasSize(8);
    }

    @Test
    void classifiesEveryShippedSampleCorrectly() {
        Prediction[] p = model.threatModel().predict(ImageBatch.of(samples));
        for (int i = 0; i < p.length; i++) {
            assertThat(p[i].label()).as("sample %d", i).isEqualTo(sampleLabels[i]);
        }
    }

    @Test
    void classifiesMostFreshScenes() {
        // Seeds 7,000,000 and up: neither training (1,000,000 + step * batch + j), nor the held-out
        // set of scene-demo.json (5,000,000 and up), nor the samples (1 and 2). The held-out accuracy
        // at 256x256 recorded in scene-demo.json is the expectation; 90% leaves room for a small set.
        int perClass = 6;
        List<RgbImage> scenes = new ArrayList<>();
        for (int label = 0; label < 4; label++) {
            for (int i = 0; i < perClass; i++) {
                scenes.add(SceneGenerator.scene(label, 256, 256, 7_000_000L + i).quantised8Bit());
            }
        }
        int correct = 0;
        for (int start = 0; start < scenes.size(); start += 8) {
            Prediction[] p = model.threatModel().predict(ImageBatch.of(scenes.subList(start, start + 8)));
            for (int j = 0; j < p.length; j++) {
                correct += p[j].label() == (start + j) / perClass ? 1 : 0;
            }
        }
        assertThat(correct).as("correct of %d fresh 256x256 scenes", scenes.size())
                .isGreaterThanOrEqualTo((int) Math.ceil(0.9 * scenes.size()));
    }

    /** FGSM through the core attack, as the tool runs it: untargeted, cross-entropy, rounded to 8 bits. */
    private static List<AttackResult> fgsm(double eps255) {
        SignGradientAttack fgsm = SignGradientAttack.builder(model.threatModel())
                .method(SignGradientAttack.Method.FGSM).epsilon(Epsilon.of255(eps255)).robustTo8Bit(true).build();
        List<AttackResult> r = fgsm.attackUntargeted(ImageBatch.of(samples), sampleLabels);
        for (int i = 0; i < r.size(); i++) {
            assertThat(r.get(i).before().label()).isEqualTo(sampleLabels[i]);
            assertThat(r.get(i).linf255()).isLessThanOrEqualTo(eps255 + 1e-3);
        }
        return r;
    }

    private static double margin(float[] z, int label) {
        double other = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < z.length; c++) {
            if (c != label) {
                other = Math.max(other, z[c]);
            }
        }
        return z[label] - other;
    }

    @Test
    void fgsmAtTheToolsDefaultEpsHalvesTheMarginsOfTheSamples() {
        // Measured: FGSM at 4/255 cuts the true-class logit margin of every sample (by 17% to 95%,
        // 57% on average) but flips none; the bound asks for a cut on each and 40% on average.
        List<AttackResult> r = fgsm(4);
        double before = 0;
        double after = 0;
        for (int i = 0; i < r.size(); i++) {
            double m0 = margin(model.threatModel().logits(samples.get(i)), sampleLabels[i]);
            double m1 = margin(model.threatModel().logits(r.get(i).image()), sampleLabels[i]);
            assertThat(m1).as("sample %d margin %.3f after FGSM", i, m0).isLessThan(m0);
            before += m0;
            after += m1;
        }
        assertThat(after).as("summed margin after FGSM 4/255, before %.3f", before).isLessThanOrEqualTo(0.6 * before);
    }

    @Test
    void fgsmAtEightChangesTheClassOfMostSamples() {
        // Measured: 6 of the 8 samples change class at 8/255 (both forests, cities and deserts).
        List<AttackResult> r = fgsm(8);
        long changed = r.stream().filter(x -> x.after().label() != x.goal().label()).count();
        assertThat(changed).as("samples whose class FGSM at 8/255 changed").isGreaterThanOrEqualTo(5);
    }

    @Test
    void inputGradientMatchesCentralFiniteDifferences() {
        // A 64x64 forest scene squeezed into (0.05, 0.95) so no step leaves [0, 1]. The loss is the
        // negative true logit (no softmax saturation); each probed pixel is moved alone by +-h. Float32
        // logits of magnitude ~10 carry ~1e-6 rounding, 2.5e-4 after dividing by 2h; a ReLU or max-pool
        // switch inside [-h, h] would bend the difference quotient, so h is small and the tolerance 3%
        // of the largest probed gradient.
        int w = 64;
        int h = 64;
        float[] d = SceneGenerator.scene(1, w, h, 5).copyOfData();
        for (int k = 0; k < d.length; k++) {
            d[k] = 0.05f + 0.9f * d[k];
        }
        RgbImage img = RgbImage.of(w, h, d);
        float[] g = model.threatModel().lossGradient(img, 1, ClassifierLoss.NEGATIVE_TRUE_LOGIT).gradient().data();
        // probe the ten pixels with the largest gradient and ten fixed others
        List<Integer> probes = new ArrayList<>();
        Integer[] order = new Integer[g.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(Math.abs(g[b]), Math.abs(g[a])));
        for (int k = 0; k < 10; k++) {
            probes.add(order[k]);
        }
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int k = 0; k < 10; k++) {
            probes.add(r.nextInt(g.length));
        }
        double scale = Math.abs(g[order[0]]);
        assertThat(scale).isGreaterThan(1e-3);
        float step = 2e-3f;
        for (int k : probes) {
            float[] plus = d.clone();
            float[] minus = d.clone();
            plus[k] += step;
            minus[k] -= step;
            float[][] z = model.threatModel().logits(ImageBatch.of(RgbImage.of(w, h, plus), RgbImage.of(w, h, minus)));
            double fd = (-(double) z[0][1] + z[1][1]) / (plus[k] - minus[k]);
            assertThat((double) g[k]).as("pixel %d", k).isCloseTo(fd, within(0.03 * scale));
        }
    }

    @Test
    void describesItselfAndMatchesItsRecord() throws IOException {
        assertThat(model.classNames()).containsExactlyElementsOf(SceneGenerator.CLASSES);
        assertThat(model.threatModel().classCount()).isEqualTo(4);
        assertThat(model.onnxModel().opset()).isEqualTo(13);
        assertThat(model.onnxModel().inputName()).isEqualTo("input");
        assertThat(model.onnxModel().outputName()).isEqualTo("logits");
        assertThat(model.onnxModel().declaredInputShape()).containsExactly(-1, 3, -1, -1);
        byte[] onnx;
        try (InputStream in = DemoModel.class.getResourceAsStream(DemoModel.RESOURCE)) {
            onnx = in.readAllBytes();
        }
        assertThat(onnx.length).isLessThan(1 << 20);
        Onnx.ModelProto proto = Onnx.ModelProto.parseFrom(onnx);
        assertThat(proto.getGraph().getInput(0).getType().getTensorType().getShape().getDimList())
                .extracting(Onnx.TensorShapeProto.Dimension::getDimParam).containsExactly("N", "", "H", "W");

        JsonNode json;
        try (InputStream in = DemoModel.class.getResourceAsStream("scene-demo.json")) {
            json = new ObjectMapper().readTree(in);
        }
        assertThat(json.get("onnx").get("bytes").asLong()).isEqualTo(onnx.length);
        assertThat(json.get("onnx").get("opset").asLong()).isEqualTo(13);
        List<String> classes = new ArrayList<>();
        json.get("classes").forEach(n -> classes.add(n.asText()));
        assertThat(classes).containsExactlyElementsOf(model.classNames());
        Map<String, String> meta = model.metadata();
        assertThat(meta.get(DemoModel.META_MEAN)).isEqualTo(joined(json.get("preprocessing").get("mean")));
        assertThat(meta.get(DemoModel.META_STD)).isEqualTo(joined(json.get("preprocessing").get("std")));
        assertThat(json.get("training").get("seed").asLong()).isEqualTo(TrainDemoModel.DEFAULT.seed());
        assertThat(json.get("training").get("steps").asInt()).isEqualTo(TrainDemoModel.DEFAULT.steps());
        assertThat(json.get("parameters").asLong()).isEqualTo(DemoCnn.initialise(DemoCnn.SCENES, 0).count());
        double heldOut = json.get("evaluation").get("held-out 256x256").get("clean").asDouble();
        assertThat(heldOut).isGreaterThanOrEqualTo(0.95);
    }

    private static String joined(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(n -> parts.add(Float.toString((float) n.asDouble())));
        return String.join(",", parts);
    }

    @Test
    void acceptsOtherSizesAndRefusesTinyOnes() {
        RgbImage wide = SceneGenerator.scene(2, 160, 96, 11);
        assertThat(model.threatModel().predict(wide).label()).isEqualTo(2);
        assertThatThrownBy(() -> model.threatModel().predict(RgbImage.filled(16, 16, 0.5f, 0.5f, 0.5f)))
                .isInstanceOf(OnnxImportException.class);
    }

    @Test
    void refusesAModelWithoutItsMetadata() throws Exception {
        byte[] bare = Onnx.ModelProto.parseFrom(TrainDemoModel.export(DemoCnn.initialise(DemoCnn.SCENES, 1),
                TrainDemoModel.DEFAULT)).toBuilder().clearMetadataProps().build().toByteArray();
        assertThatThrownBy(() -> DemoModel.fromBytes(bare)).isInstanceOf(OnnxImportException.class)
                .hasMessageContaining(DemoModel.META_CLASSES);
        assertThatThrownBy(() -> DemoModel.fromBytes(new byte[] {1, 2, 3})).isInstanceOf(OnnxImportException.class);
    }
}
