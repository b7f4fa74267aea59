package dev.pixelprivacy.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mask, score, model-check and --help, end to end. */
class ToolCommandsTest {
    private static final Path FIXTURES = Path.of(System.getProperty("pixelprivacy.shared", "../../shared"), "fixtures", "onnx");

    @Test
    void maskWritesTheMaskSaliencyAndEdgeMapsAsGreyPngsOfTheImagesSize(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of("mask", "samples/forest-1.png", "-o", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("forest-1.png: mask 'salient-defence' mean");
        for (String suffix : new String[] {"mask", "saliency", "edges"}) {
            RgbImage m = ImageFiles.read(dir.resolve("forest-1-" + suffix + ".png"));
            assertThat(m.width()).isEqualTo(256);
            assertThat(m.get(0, 100, 100)).isEqualTo(m.get(1, 100, 100)).isEqualTo(m.get(2, 100, 100));
        }
    }

    @Test
    void scoreNeedsNimaAndPrintsTheMeanRating(@TempDir Path dir) throws Exception {
        CliRun none = CliRun.of("score", "samples/beach-1.png");
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("--nima");
        assertThat(FIXTURES.resolve("nima_mobilenet_v2.onnx")).exists();
        CliRun r = CliRun.of("score", "samples/beach-1.png", "--nima", FIXTURES.resolve("nima_mobilenet_v2.onnx").toString(), "--jsonl");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("{\"input\":\"samples/beach-1.png\",\"score\":").contains("\"distribution\":[");
        double score = Double.parseDouble(r.out().replaceAll("(?s).*\"score\":([0-9.eE+-]+),.*", "$1"));
        assertThat(score).isBetween(1.0, 10.0);
    }

    @Test
    void modelCheckReportsTheImportAndRefusesACorruptModel(@TempDir Path dir) throws Exception {
        CliRun ok = CliRun.of("model-check", "--model", FIXTURES.resolve("tinynet.onnx").toString(), "--input",
                FIXTURES.resolve("tinynet.input.npy").toString(), "--objective", "cross_entropy", "--labels", "0,3",
                "--out-output", dir.resolve("o.npy").toString(), "--out-grad", dir.resolve("g.npy").toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("operators:", "output 'output': [2, 7]");
        assertThat(dir.resolve("g.npy")).exists();
        Path bad = Files.writeString(dir.resolve("bad.onnx"), "not a model");
        CliRun refused = CliRun.of("model-check", "--model", bad.toString(), "--input",
                FIXTURES.resolve("tinynet.input.npy").toString(), "--objective", "cross_entropy");
        assertThat(refused.code()).as("a malformed model is a failure of a model, as the README says").isEqualTo(ExitCodes.FAILURE);
        assertThat(refused.err()).contains("bad.onnx");
        CliRun usage = CliRun.of("model-check", "--model");
        assertThat(usage.code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void nd4jStartsEarlyForTheCommandsThatAlwaysRunANetworkOnly() {
        for (String cmd : new String[] {"protect", "evaluate", "score", "model-check"}) {
            assertThat(PixelPrivacy.runsNetworks(cmd, "x")).as(cmd).isTrue();
        }
        assertThat(PixelPrivacy.runsNetworks("mask", "x")).as("mask needs a network only with --salgan").isFalse();
        assertThat(PixelPrivacy.runsNetworks("list")).isFalse();
        assertThat(PixelPrivacy.runsNetworks("--help")).isFalse();
        assertThat(PixelPrivacy.runsNetworks()).isFalse();
    }

    @Test
    void everySubcommandHasHelpAndTheToolListsThem() {
        for (String cmd : new String[] {"protect", "evaluate", "mask", "score", "model-check", "list"}) {
            CliRun r = CliRun.of(cmd, "--help");
            assertThat(r.code()).as(cmd).isZero();
            assertThat(r.out()).as(cmd).contains("Usage: pixel-privacy " + cmd);
        }
        CliRun top = CliRun.of("--help");
        assertThat(top.out()).contains("protect", "evaluate", "mask", "score", "model-check", "list", "Exit codes:");
        CliRun none = CliRun.of();
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
    }
}
