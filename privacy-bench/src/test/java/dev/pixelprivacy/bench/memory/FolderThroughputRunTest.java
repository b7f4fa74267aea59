package dev.pixelprivacy.bench.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderThroughputRunTest {
    @TempDir
    Path dir;

    @Test
    void settingsDefaultToTheIssuesFoldersAndRefuseBadValuesNamingThem() {
        FolderThroughputRun.Settings s = FolderThroughputRun.Settings.parse();
        assertThat(s.small()).isEqualTo(200);
        assertThat(s.large()).isEqualTo(20);
        assertThat(FolderThroughputRun.Settings.parse("--small", "4", "--", "--mask", "edges").protectOptions())
                .containsExactly("--mask", "edges");
        assertThatThrownBy(() -> FolderThroughputRun.Settings.parse("--small", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'");
        assertThatThrownBy(() -> FolderThroughputRun.Settings.parse("--small", "0", "--large", "0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both 0");
        assertThatThrownBy(() -> FolderThroughputRun.Settings.parse("--bogus", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'--bogus'");
    }

    @Test
    void beforeIsOneImageAtATimeWithNothingOverlappedAndTheChildHasTheDefaultJvmSettings() {
        FolderThroughputRun.Settings s = FolderThroughputRun.Settings.parse("--jar", "t.jar");
        List<String> cmd = FolderThroughputRun.childCommand(s, Path.of("in"), Path.of("out"), FolderThroughputRun.BEFORE);
        assertThat(cmd).noneMatch(w -> w.startsWith("-X"));
        assertThat(cmd.subList(1, cmd.size())).containsExactly("-jar", Path.of("t.jar").toAbsolutePath().toString(),
                "protect", "in", "--output", "out", "--jsonl", "--batch", "1", "--no-overlap");
    }

    @Test
    void theFolderIsTheSameSeededPhotosEveryTime() throws Exception {
        FolderThroughputRun.writeFolder(dir.resolve("a"), 40, 30, 3);
        FolderThroughputRun.writeFolder(dir.resolve("b"), 40, 30, 3);
        try (var files = Files.list(dir.resolve("a"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("photo-0000.jpg", "photo-0001.jpg", "photo-0002.jpg");
        }
        for (String name : List.of("photo-0000.jpg", "photo-0002.jpg")) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(name)))
                    .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(name)));
        }
        assertThat(Files.readAllBytes(dir.resolve("a/photo-0001.jpg")))
                .isNotEqualTo(Files.readAllBytes(dir.resolve("a/photo-0000.jpg")));
    }

    @Test
    void theJsonHasBothRatesPerFolderAndMode() {
        // 10 images in 4 s: 2.5 images/s; the loop's 9 intervals in 3 s: 3.0 images/s
        String json = FolderThroughputRun.toJson(List.of(new FolderThroughputRun.Result(400, 300, 10, "after",
                List.of(), 4.0, 3.0, 512.25, "java -jar t.jar")));
        assertThat(json).contains("\"folder\": \"400x300\"").contains("\"mode\": \"after\"").contains("\"options\": \"\"")
                .contains("\"imagesPerSecond\": 2.50").contains("\"steadyImagesPerSecond\": 3.00")
                .contains("\"peakRssMiB\": 512.3");
    }
}
