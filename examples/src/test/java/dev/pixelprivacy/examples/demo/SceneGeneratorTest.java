package dev.pixelprivacy.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SceneGeneratorTest {

    @Test
    void theShippedSamplesAreWhatTheGeneratorDrawsAndLabelsCsvNamesThem() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("samples", "labels.csv"));
        assertThat(lines.get(0)).isEqualTo("file,label");
        assertThat(lines).hasSize(1 + 8);
        for (int label = 0; label < 4; label++) {
            for (long seed : GenerateSamples.SEEDS) {
                String name = SceneGenerator.CLASSES.get(label) + "-" + seed + ".png";
                RgbImage shipped = ImageFiles.read(Path.of("samples", name));
                assertThat(shipped).as(name).isEqualTo(SceneGenerator.scene(label, 256, 256, seed).quantised8Bit());
                assertThat(lines).contains(name + "," + label);
            }
        }
    }

    @Test
    void theSameSeedDrawsTheSameSceneAtAnySize() {
        assertThat(SceneGenerator.scene(2, 64, 48, 7)).isEqualTo(SceneGenerator.scene(2, 64, 48, 7));
        assertThat(SceneGenerator.scene(2, 64, 48, 7)).isNotEqualTo(SceneGenerator.scene(2, 64, 48, 8));
        assertThatThrownBy(() -> SceneGenerator.scene(4, 8, 8, 1)).hasMessageContaining("but was 4");
    }
}
