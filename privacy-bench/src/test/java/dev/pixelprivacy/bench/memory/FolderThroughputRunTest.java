package dev.pixelprivacy.bench.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    void withoutABaselineJarEachFolderRunsBeforeThenAfterAsBefore() {
        FolderThroughputRun.Settings s = FolderThroughputRun.Settings.parse("--jar", "t.jar");
        assertThat(s.baselineJar()).isNull();
        assertThat(s.modes()).extracting(FolderThroughputRun.Mode::name).containsExactly("before", "after");
    }

    @Test
    void aBaselineJarRunsFirstWithItsCommitAndContradictoryOrBlankBaselineOptionsAreRefused() {
        FolderThroughputRun.Settings s = FolderThroughputRun.Settings.parse("--jar", "t.jar", "--baseline-jar", "old.jar");
        assertThat(s.modes()).extracting(FolderThroughputRun.Mode::name)
                .containsExactly(FolderThroughputRun.ISSUE_TIME, "before", "after");
        FolderThroughputRun.Mode first = s.modes().get(0);
        assertThat(first.jar()).isEqualTo(Path.of("old.jar"));
        assertThat(first.options()).isEmpty();
        assertThat(first.commit()).isNull();
        assertThat(s.modes().get(1).jar()).isEqualTo(Path.of("t.jar"));
        assertThat(FolderThroughputRun.Settings.parse("--baseline-jar", "old.jar", "--baseline-commit", "a40889a")
                .modes().get(0).commit()).isEqualTo("a40889a");
        assertThatThrownBy(() -> FolderThroughputRun.Settings.parse("--baseline-commit", "a40889a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a40889a")
                .hasMessageContaining("--baseline-jar");
        assertThatThrownBy(() -> FolderThroughputRun.Settings.parse("--baseline-jar", "old.jar", "--baseline-commit", "a b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a b'");
        assertThat(FolderThroughputRun.Settings.parse("--baseline-not-measured", "shallow clone").baselineNotMeasured())
                .isEqualTo("shallow clone");
        assertThatThrownBy(() -> FolderThroughputRun.Settings.parse("--baseline-jar", "old.jar",
                "--baseline-not-measured", "no git")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("old.jar").hasMessageContaining("'no git'");
        assertThatThrownBy(() -> FolderThroughputRun.Settings.parse("--baseline-not-measured", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--baseline-not-measured")
                .hasMessageContaining("' '");
        assertThatThrownBy(() -> FolderThroughputRun.Settings.parse("--baseline-jar"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--baseline-jar needs a value");
    }

    @Test
    void aMissingBaselineJarFailsTheRunNamingItBeforeAnyFolderIsWritten() {
        Path missing = dir.resolve("missing.jar");
        FolderThroughputRun.Settings s = FolderThroughputRun.Settings.parse("--jar", "t.jar", "--baseline-jar",
                missing.toString(), "--work", dir.resolve("work").toString(), "--small", "1", "--large", "0");
        assertThatThrownBy(() -> FolderThroughputRun.run(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("--baseline-jar");
        assertThat(dir.resolve("work")).doesNotExist();
    }

    @Test
    void beforeIsOneImageAtATimeWithNothingOverlappedAndTheChildHasTheDefaultJvmSettings() {
        FolderThroughputRun.Settings s = FolderThroughputRun.Settings.parse("--jar", "t.jar");
        List<String> cmd = FolderThroughputRun.childCommand(s, s.modes().get(0), Path.of("in"), Path.of("out"));
        assertThat(cmd).noneMatch(w -> w.startsWith("-X"));
        assertThat(cmd.subList(1, cmd.size())).containsExactly("-jar", Path.of("t.jar").toAbsolutePath().toString(),
                "protect", "in", "--output", "out", "--jsonl", "--batch", "1", "--no-overlap");
    }

    @Test
    void theIssueTimeChildRunsTheBaselineJarWithNoneOfTheModesOptionsButTheProtectOptions() {
        FolderThroughputRun.Settings s = FolderThroughputRun.Settings.parse("--jar", "t.jar", "--baseline-jar", "old.jar",
                "--", "--mask", "edges");
        List<String> cmd = FolderThroughputRun.childCommand(s, s.modes().get(0), Path.of("in"), Path.of("out"));
        assertThat(cmd).noneMatch(w -> w.startsWith("-X"));
        assertThat(cmd.subList(1, cmd.size())).containsExactly("-jar", Path.of("old.jar").toAbsolutePath().toString(),
                "protect", "in", "--output", "out", "--jsonl", "--mask", "edges");
        List<String> after = FolderThroughputRun.childCommand(s, s.modes().get(2), Path.of("in"), Path.of("out"));
        assertThat(after.subList(1, after.size())).containsExactly("-jar", Path.of("t.jar").toAbsolutePath().toString(),
                "protect", "in", "--output", "out", "--jsonl", "--mask", "edges");
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
        FolderThroughputRun.Mode after = FolderThroughputRun.Settings.parse("--jar", "t.jar").modes().get(1);
        String json = FolderThroughputRun.toJson(List.of(new FolderThroughputRun.Result(400, 300, 10, after,
                4.0, 3.0, 512.25, "java -jar t.jar")), null);
        assertThat(json).contains("\"folder\": \"400x300\"").contains("\"mode\": \"after\"").contains("\"options\": \"\"")
                .contains("\"imagesPerSecond\": 2.50").contains("\"steadyImagesPerSecond\": 3.00")
                .contains("\"peakRssMiB\": 512.3")
                .contains("\"jar\": \"" + Path.of("t.jar").toAbsolutePath() + "\"")
                .doesNotContain("\"commit\"").doesNotContain("baselineNotMeasured");
    }

    @Test
    void theJsonSaysWhichJarAndCommitTheIssueTimeRunHadOrWhyItWasNotMeasured() throws Exception {
        FolderThroughputRun.Settings s = FolderThroughputRun.Settings.parse("--jar", "t.jar", "--baseline-jar", "old.jar",
                "--baseline-commit", "a40889a");
        // 20 images in 8 s: 2.5 images/s; 19 intervals in 7.6 s: 2.5 images/s
        String json = FolderThroughputRun.toJson(List.of(new FolderThroughputRun.Result(400, 300, 20, s.modes().get(0),
                8.0, 7.6, 400.0, "java -jar old.jar")), null);
        Map<?, ?> run = (Map<?, ?>) ((List<?>) new ObjectMapper().readValue(json, Map.class).get("runs")).get(0);
        assertThat(run.get("mode")).isEqualTo("issue-time");
        assertThat(run.get("commit")).isEqualTo("a40889a");
        assertThat(run.get("options")).isEqualTo("");
        assertThat(run.get("jar")).isEqualTo(Path.of("old.jar").toAbsolutePath().toString());
        assertThat(run.get("steadyImagesPerSecond")).isEqualTo(2.5);
        String none = FolderThroughputRun.toJson(List.of(), "the clone lacks a40889a");
        assertThat(new ObjectMapper().readValue(none, Map.class))
                .containsEntry("baselineNotMeasured", "the clone lacks a40889a").containsEntry("runs", List.of());
    }
}
