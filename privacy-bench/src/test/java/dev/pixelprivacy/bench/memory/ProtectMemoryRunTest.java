package dev.pixelprivacy.bench.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.image.RgbImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtectMemoryRunTest {
    @Test
    void defaultsAreAThousandImagesSampledEveryHundredAfterTwoHundredOfWarmUp() {
        ProtectMemoryRun.Settings s = ProtectMemoryRun.Settings.parse();
        assertThat(s.images()).isEqualTo(1000);
        assertThat(s.every()).isEqualTo(100);
        assertThat(s.warmUp()).isEqualTo(200);
        assertThat(s.jar()).isEqualTo(Path.of("examples/target/pixel-privacy.jar"));
        assertThat(s.protectOptions()).isEmpty();
    }

    @Test
    void optionsAfterTheDoubleDashGoToProtectAndTheHeapIsFixedInTheCommand() {
        ProtectMemoryRun.Settings s = ProtectMemoryRun.Settings.parse("--images", "300", "--heap", "1g", "--jar", "pp.jar",
                "--", "--mask", "salient-defence");
        List<String> cmd = ProtectMemoryRun.childCommand(s, Path.of("/w/in"), Path.of("/w/out"));
        assertThat(cmd.subList(1, 5)).containsExactly("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-jar");
        assertThat(cmd.subList(6, cmd.size())).containsExactly("protect", "/w/in", "--output", "/w/out", "--jsonl",
                "--mask", "salient-defence");
        assertThat(ProtectMemoryRun.modelDescription(s)).contains("300 generated 256x256 PNGs")
                .endsWith("options --mask salient-defence");
    }

    @Test
    void badOptionsNameTheOptionAndTheValue() {
        assertThatThrownBy(() -> ProtectMemoryRun.Settings.parse("--images", "ten")).hasMessage("--images must be an integer but was 'ten'");
        assertThatThrownBy(() -> ProtectMemoryRun.Settings.parse("--images", "0")).hasMessage("--images must be >= 1 but was 0");
        assertThatThrownBy(() -> ProtectMemoryRun.Settings.parse("--heap", "lots")).hasMessageContaining("'lots'");
        assertThatThrownBy(() -> ProtectMemoryRun.Settings.parse("--images", "250", "--warm-up", "200"))
                .hasMessageContaining("--warm-up must leave at least two samples");
        assertThatThrownBy(() -> ProtectMemoryRun.Settings.parse("--colour", "red")).hasMessageContaining("unknown option '--colour'");
        assertThatThrownBy(() -> ProtectMemoryRun.Settings.parse("--out")).hasMessageContaining("--out needs a value");
    }

    @Test
    void theCommandLineIsQuotedForAShell() {
        assertThat(ProtectMemoryRun.shellLine(List.of("java", "-Xmx1g", "/a b/x.jar", "it's", "")))
                .isEqualTo("java -Xmx1g '/a b/x.jar' 'it'\\''s' ''");
    }

    @Test
    void imagesAreSeededTexturedAndInRange() {
        RgbImage a = ProtectMemoryRun.texturedImage(64, 7);
        RgbImage b = ProtectMemoryRun.texturedImage(64, 7);
        RgbImage c = ProtectMemoryRun.texturedImage(64, 8);
        float[] da = a.data();
        assertThat(da).containsExactly(b.data());
        assertThat(da).isNotEqualTo(c.data());
        double mean = 0;
        for (float v : da) {
            assertThat(v).isBetween(0f, 1f);
            mean += v;
        }
        mean /= da.length;
        double var = 0;
        for (float v : da) {
            var += (v - mean) * (v - mean);
        }
        assertThat(Math.sqrt(var / da.length)).as("standard deviation: texture, not a flat image").isGreaterThan(0.03);
    }

    @Test
    void theChildsLinesAreReadAsJsonNotSearchedForText() {
        assertThat(ProtectMemoryRun.jsonObject("{\"input\":\"a.png\",\"status\":\"protected\"}").get("status").asText())
                .isEqualTo("protected");
        // a file name that contains the text of another status does not change what the line says
        assertThat(ProtectMemoryRun.jsonObject("{\"input\":\"x \\\"status\\\":\\\"protected\\\".png\",\"status\":\"failed\"}")
                .get("status").asText()).isEqualTo("failed");
        assertThat(ProtectMemoryRun.jsonObject("{\"summary\":{\"protected\":3}}").has("summary")).isTrue();
        assertThat(ProtectMemoryRun.jsonObject("Added differentiated op relu")).isNull();
        assertThat(ProtectMemoryRun.jsonObject("{not json")).isNull();
        assertThat(ProtectMemoryRun.jsonObject("[1, 2]")).isNull();
    }
}
