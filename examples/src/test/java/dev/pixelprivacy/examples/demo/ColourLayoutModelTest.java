package dev.pixelprivacy.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.ImageFiles;
import dev.pixelprivacy.core.model.ClassifierLoss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ColourLayoutModelTest {
    private static ColourLayoutModel model;

    @BeforeAll
    static void train() {
        model = ColourLayoutModel.demo();
    }

    @Test
    void classifiesEveryShippedSampleCorrectly() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("samples", "labels.csv"));
        assertThat(lines.get(0)).isEqualTo("file,label");
        assertThat(lines).hasSize(1 + 8);
        for (String line : lines.subList(1, lines.size())) {
            String[] parts = line.split(",");
            RgbImage img = ImageFiles.read(Path.of("samples", parts[0]));
            assertThat(model.predict(img).label()).as(parts[0]).isEqualTo(Integer.parseInt(parts[1]));
        }
    }

    @Test
    void classifiesFreshScenesItWasNotTrainedOn() {
        int correct = 0;
        int total = 0;
        for (int label = 0; label < 4; label++) {
            for (int seed = 100; seed < 110; seed++) {
                correct += model.predict(SceneGenerator.scene(label, 256, 256, seed)).label() == label ? 1 : 0;
                total++;
            }
        }
        assertThat(correct / (double) total).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void theShippedSamplesAreWhatTheGeneratorDraws() throws IOException {
        for (int label = 0; label < 4; label++) {
            for (long seed : GenerateSamples.SEEDS) {
                String name = SceneGenerator.CLASSES.get(label) + "-" + seed + ".png";
                RgbImage shipped = ImageFiles.read(Path.of("samples", name));
                assertThat(shipped).as(name).isEqualTo(SceneGenerator.scene(label, 256, 256, seed).quantised8Bit());
            }
        }
    }

    @Test
    void inputGradientMatchesCentralFiniteDifferences() {
        // Pixels kept inside (0.05, 0.95) so no step reaches the [0, 1] boundary. One pixel at a time:
        // moving all pixels at once meets the curvature of the gradient magnitude where it is small.
        float[] d = SceneGenerator.scene(1, 64, 48, 5).copyOfData();
        for (int k = 0; k < d.length; k++) {
            d[k] = 0.05f + 0.9f * d[k];
        }
        RgbImage img = RgbImage.of(64, 48, d);
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        for (int label = 0; label < 4; label++) {
            float[] g = model.lossGradient(img, label, ClassifierLoss.CROSS_ENTROPY).gradient().data();
            for (int t = 0; t < 10; t++) {
                int k = r.nextInt(d.length);
                float[] plus = d.clone();
                float[] minus = d.clone();
                plus[k] += 3e-3f;
                minus[k] -= 3e-3f;
                double lp = model.lossGradient(RgbImage.of(64, 48, plus), label, ClassifierLoss.CROSS_ENTROPY).losses()[0];
                double lm = model.lossGradient(RgbImage.of(64, 48, minus), label, ClassifierLoss.CROSS_ENTROPY).losses()[0];
                double fd = (lp - lm) / (plus[k] - minus[k]);
                // Measured agreement is ~0.1%; 3% allows for curvature and float logits (~1e-6).
                assertThat((double) g[k]).as("label %d sample %d", label, k)
                        .isCloseTo(fd, org.assertj.core.data.Offset.offset(0.03 * Math.abs(fd) + 3e-5));
            }
        }
    }

    @Test
    void batchLogitsEqualSingleImageLogits() {
        RgbImage a = SceneGenerator.scene(0, 40, 40, 1);
        RgbImage b = SceneGenerator.scene(2, 40, 40, 1);
        float[][] z = model.logits(ImageBatch.of(a, b));
        assertThat(z[1]).containsExactly(model.logits(b));
    }

    @Test
    void refusesImagesSmallerThanItsGrid() {
        assertThatThrownBy(() -> model.predict(RgbImage.filled(8, 40, 0f, 0f, 0f))).hasMessageContaining("8x40");
    }
}
