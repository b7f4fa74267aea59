package dev.pixelprivacy.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line takes Keras networks where it takes ONNX ones, told apart by content: nsfwjs's
 * trained MobileNetV2 (../shared/fixtures/keras) as {@code --threat-model}, as a Keras {@code .h5} under
 * a misleading name and as a TF.js {@code model.json}.
 */
class KerasModelOptionsTest {
    private static Path keras() {
        return Path.of(System.getProperty("pixelprivacy.shared"), "fixtures", "keras");
    }

    private static Path twoSamples(Path dir) throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        try (Stream<Path> s = Files.list(Path.of("samples"))) {
            s.filter(p -> p.toString().endsWith(".png")).sorted().limit(2).forEach(p -> {
                try {
                    Files.copy(p, in.resolve(p.getFileName()));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        return in;
    }

    @Test
    void protectTakesAKerasH5ThreatModelWhateverItsName(@TempDir Path dir) throws Exception {
        Path model = Files.copy(keras().resolve("nsfw_mobilenet_v2.h5"), dir.resolve("classifier.onnx"));
        CliRun r = CliRun.of("protect", twoSamples(dir).toString(), "-o", dir.resolve("out").toString(), "--threat-model",
                model.toString(), "-q");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
        try (Stream<Path> s = Files.list(dir.resolve("out"))) {
            assertThat(s.filter(p -> p.toString().endsWith(".png")).count()).isEqualTo(2);
        }
    }

    @Test
    void protectTakesATfjsModelJsonThreatModel(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of("protect", twoSamples(dir).toString(), "-o", dir.resolve("out").toString(), "--threat-model",
                keras().resolve("nsfw_mobilenet_v2.tfjs/model.json").toString(), "-q");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void tfjsJudgesAreNamedByTheirFolderAndFedAsNsfwjsFeedsThem(@TempDir Path dir) throws Exception {
        Path model = keras().resolve("nsfw_mobilenet_v2.tfjs/model.json");
        Path in = twoSamples(dir);
        CliRun r = CliRun.of("protect", in.toString(), "-o", dir.resolve("out").toString(), "--steps", "1",
                "--judge", model.toString(), "--after", "jpeg:90", "--jsonl");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("\"nsfw_mobilenet_v2.tfjs/model.json\"");
        // the judge's input: TF.js's align-corners bilinear resize to its 224x224, not the attacked models' antialiased one
        var judge = ModelOptions.judge("--judge", model);
        assertThat(judge.preprocessing().resizeRule())
                .isEqualTo(dev.pixelprivacy.dl4j.model.Preprocessing.ResizeRule.BILINEAR_ALIGN_CORNERS);
        assertThat(ModelOptions.classifier("--threat-model", model).preprocessing().resizeRule())
                .isEqualTo(dev.pixelprivacy.dl4j.model.Preprocessing.ResizeRule.ANTIALIASED);
    }
}
