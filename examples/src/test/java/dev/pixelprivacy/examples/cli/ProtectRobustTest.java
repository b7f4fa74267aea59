package dev.pixelprivacy.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixelprivacy.core.io.ImageFiles;
import dev.pixelprivacy.examples.demo.DemoModel;
import dev.pixelprivacy.paper.verify.PlatformChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * protect with the robust-protection options, end to end on the embedded demo model: --judge and --after
 * verify each written file (the verdicts checked against the judge run on its own after the real chain),
 * --robust, --eot and the transfer attacks' names protect, and their bad values are refused before any work.
 */
class ProtectRobustTest {
    private static final Path DEMO = Path.of("src/main/resources/dev/pixelprivacy/examples/demo/scene-demo.onnx");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path sample(String name) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        return Files.copy(Path.of("samples", name), in.resolve(name));
    }

    private static JsonNode image(CliRun run) throws Exception {
        for (String line : run.out().split("\n")) {
            JsonNode n = JSON.readTree(line);
            if (n.has("status")) {
                return n;
            }
        }
        throw new AssertionError("no image line in " + run.out());
    }

    @Test
    void aChainWithoutAJudgeIsMeasuredAndTheRunSaysNothingClassifiedIt() throws Exception {
        Path in = sample("beach-1.png");
        CliRun run = CliRun.of("protect", in.toString(), "-o", dir.resolve("out").toString(), "--after", "jpeg:75",
                "--report", dir.resolve("report").toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("warning: --after without --judge", "no model classifies the written files", "--judge FILE");
        assertThat(run.out()).contains("with no judge (no `--judge`)", "| no judge |").doesNotContain("0.000 |");
        assertThat(Files.readString(dir.resolve("report/index.html"))).contains("No judge classified the file")
                .doesNotContain("class=\"judges\"");
    }

    @Test
    void judgesVerifyTheWrittenFileAfterTheRealChain() throws Exception {
        Path in = sample("beach-1.png");
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("protect", in.toString(), "-o", out.toString(), "--method", "ti-mi-fgsm", "--steps", "3",
                "--judge", DEMO.toString(), "--after", "resize:128:area,jpeg:75", "--jsonl",
                "--report", dir.resolve("report").toString());

        assertThat(run.code()).as(run.err()).isZero();
        JsonNode v = image(run).get("verification");
        assertThat(v.get("after").asText()).isEqualTo("resize:128:area,jpeg:75");
        JsonNode judge = v.get("judges").get("scene-demo.onnx");
        PlatformChain chain = PlatformChain.parse("resize:128:area,jpeg:75");
        var model = DemoModel.shared().threatModel();
        int before = model.predict(chain.apply(ImageFiles.read(in))).label();
        int after = model.predict(chain.apply(ImageFiles.read(out.resolve("beach-1.png")))).label();
        assertThat(judge.get("before").asInt()).isEqualTo(before);
        assertThat(judge.get("after").asInt()).isEqualTo(after);
        assertThat(judge.get("changed").asBoolean()).isEqualTo(before != after);
        assertThat(v.get("ciede2000").asDouble()).isPositive();
        assertThat(Files.readString(dir.resolve("report/index.html"))).contains("class=\"receipt\"", "resize:128:area,jpeg:75");
    }

    @Test
    void robustAndExpectationOptionsProtectAndEnterTheSettingsKey() throws Exception {
        Path in = sample("forest-1.png");
        CliRun robust = CliRun.of("protect", in.toString(), "-o", dir.resolve("robust").toString(), "--robust",
                "--eps", "4/255", "--jsonl");
        CliRun eot = CliRun.of("protect", in.toString(), "-o", dir.resolve("eot").toString(), "--method", "pgd",
                "--steps", "2", "--eot", "jpeg:q=70..95", "--eot-samples", "2", "--seed", "5", "--jsonl");

        assertThat(robust.code()).as(robust.err()).isZero();
        assertThat(eot.code()).as(eot.err()).isZero();
        assertThat(image(robust).get("linf255").asDouble()).isBetween(1.0, 4.0001);
        assertThat(image(eot).get("linf255").asDouble()).isBetween(1.0, 8.0001);
        String robustManifest = Files.readString(dir.resolve("robust").resolve(RunManifest.FILE_NAME));
        String eotManifest = Files.readString(dir.resolve("eot").resolve(RunManifest.FILE_NAME));
        assertThat(settingsOf(robustManifest)).isNotEqualTo(settingsOf(eotManifest));
    }

    private static String settingsOf(String manifest) throws Exception {
        for (String line : manifest.split("\n")) {
            JsonNode n = JSON.readTree(line);
            if (n.has("settings")) {
                return n.get("settings").asText();
            }
        }
        throw new AssertionError("no entry in " + manifest);
    }

    @Test
    void badRobustOptionsAreRefusedBeforeAnyWork() throws Exception {
        Path in = sample("desert-1.png");
        for (List<String> bad : List.of(
                List.of("--robust", "--eps", "12/255"),
                List.of("--robust", "--eot", "jpeg:q=75"),
                List.of("--eot", "jpeg:q=75,blur:2"),
                List.of("--method", "ti-cw"),
                List.of("--judge", DEMO.toString(), "--adaptive-eps"))) {
            Path out = dir.resolve("bad" + bad.hashCode());
            String[] args = new String[bad.size() + 4];
            args[0] = "protect";
            args[1] = in.toString();
            args[2] = "-o";
            args[3] = out.toString();
            for (int i = 0; i < bad.size(); i++) {
                args[4 + i] = bad.get(i);
            }
            CliRun run = CliRun.of(args);
            assertThat(run.code()).as(String.join(" ", bad)).isNotZero();
            assertThat(run.err()).as(String.join(" ", bad)).containsAnyOf("--robust", "--eot", "blur", "ti-cw", "--adaptive-eps");
            assertThat(out.resolve("desert-1.png")).doesNotExist();
        }
    }

    @Test
    void evaluateRunsThePresetAsOneRowAndRefusesBudgetsAboveEightLevels() throws Exception {
        Path in = Files.createDirectories(dir.resolve("labelled"));
        Files.copy(Path.of("samples", "beach-1.png"), in.resolve("beach-1.png"));
        Files.writeString(in.resolve("labels.csv"), "file,label\nbeach-1.png,0\n");
        CliRun refused = CliRun.of("evaluate", in.toString(), "-o", dir.resolve("r0").toString(), "--robust", "-q");
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err()).contains("--robust", "16/255", "default");

        CliRun run = CliRun.of("evaluate", in.toString(), "-o", dir.resolve("r1").toString(), "--robust",
                "--methods", "fgsm,pgd", "--eps", "0,4/255", "-q");
        assertThat(run.code()).as(run.err()).isZero();
        List<String> summary = Files.readAllLines(dir.resolve("r1/summary.csv"));
        assertThat(summary).hasSize(3); // header and one row per budget: the preset once, whatever --methods says
        assertThat(summary.get(1)).startsWith("robust,");
        assertThat(summary.get(2)).startsWith("robust,");
    }
}
