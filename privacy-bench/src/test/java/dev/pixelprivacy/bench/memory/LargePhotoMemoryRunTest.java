package dev.pixelprivacy.bench.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LargePhotoMemoryRunTest {
    @TempDir
    Path dir;

    @Test
    void theIssuesSizesAreFourByThreePhotos() {
        assertThat(LargePhotoMemoryRun.size(12)).containsExactly(4000, 3000);
        assertThat(LargePhotoMemoryRun.size(48)).containsExactly(8000, 6000);
        assertThat(LargePhotoMemoryRun.size(2)).containsExactly(1632, 1224);
    }

    @Test
    void settingsDefaultToTwelveAndFortyEightMegapixelsAndRefuseBadValuesNamingThem() {
        LargePhotoMemoryRun.Settings s = LargePhotoMemoryRun.Settings.parse();
        assertThat(s.megapixels()).containsExactly(12, 48);
        assertThat(LargePhotoMemoryRun.Settings.parse("--megapixels", "2", "--", "--mask", "edges").protectOptions())
                .containsExactly("--mask", "edges");
        assertThatThrownBy(() -> LargePhotoMemoryRun.Settings.parse("--megapixels", "200"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("200");
        assertThatThrownBy(() -> LargePhotoMemoryRun.Settings.parse("--megapixels", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'");
    }

    @Test
    void theChildRunsTheToolWithTheDefaultJvmSettings() {
        LargePhotoMemoryRun.Settings s = LargePhotoMemoryRun.Settings.parse("--jar", "t.jar");
        List<String> cmd = LargePhotoMemoryRun.childCommand(s, Path.of("p.jpg"), Path.of("out"));
        assertThat(cmd).noneMatch(w -> w.startsWith("-X"));
        assertThat(cmd.subList(1, cmd.size())).containsExactly("-jar", Path.of("t.jar").toAbsolutePath().toString(),
                "protect", "p.jpg", "--output", "out", "--jsonl");
    }

    @Test
    void theGeneratedPhotoIsAJpegOfTheSizeAndTheSameForTheSameSeed() throws Exception {
        Path a = dir.resolve("a.jpg");
        Path b = dir.resolve("b.jpg");
        LargePhotoMemoryRun.writePhoto(a, 64, 48, 7);
        LargePhotoMemoryRun.writePhoto(b, 64, 48, 7);
        BufferedImage img = ImageIO.read(a.toFile());
        assertThat(img.getWidth()).isEqualTo(64);
        assertThat(img.getHeight()).isEqualTo(48);
        assertThat(java.nio.file.Files.readAllBytes(a)).isEqualTo(java.nio.file.Files.readAllBytes(b));
    }

    @Test
    void theJsonHasOneEntryPerPhotoWithItsTarget() {
        String json = LargePhotoMemoryRun.toJson(List.of(
                new LargePhotoMemoryRun.Result(4000, 3000, 10, 700.25, 9.04, "java \"x\"")));
        assertThat(json).contains("{\"width\": 4000, \"height\": 3000, \"megapixels\": 12.0, \"jpegBytes\": 10, "
                + "\"targetMB\": 1200, \"peakRssMiB\": 700.3, \"seconds\": 9.0, \"command\": \"java \\\"x\\\"\"}");
    }
}
