package dev.pixelprivacy.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.ImageFiles;
import dev.pixelprivacy.core.model.ThreatModel;
import dev.pixelprivacy.examples.demo.DemoModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtectCommandTest {

    private static Path copySamples(Path dir) throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        try (Stream<Path> s = Files.list(Path.of("samples"))) {
            for (Path p : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".png"))::iterator) {
                Files.copy(p, in.resolve(p.getFileName()));
            }
        }
        return in;
    }

    private static String digest(Path dir) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                md.update(p.getFileName().toString().getBytes());
                md.update(Files.readAllBytes(p));
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void protectLowersTheDemoModelsAccuracyWritesValidPngsAndLeavesInputsUntouched(@TempDir Path dir) throws Exception {
        Path in = copySamples(dir);
        String before = digest(in);
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("protect", in.toString(), "--output", out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("protected 8, skipped 0, failed 0");
        assertThat(digest(in)).isEqualTo(before);

        ThreatModel model = DemoModel.shared().threatModel();
        int stillCorrect = 0;
        try (Stream<Path> s = Files.list(in)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                RgbImage clean = ImageFiles.read(p);
                RgbImage prot = ImageFiles.read(out.resolve(p.getFileName()));
                assertThat(prot.width()).isEqualTo(256);
                assertThat(prot.height()).isEqualTo(256);
                assertThat(dev.pixelprivacy.core.metrics.ImageMetrics.linf255(clean, prot)).isLessThanOrEqualTo(8.0 + 1e-3);
                stillCorrect += model.predict(prot).label() == model.predict(clean).label() ? 1 : 0;
            }
        }
        assertThat(stillCorrect).as("samples still classified as before").isLessThan(8);
    }

    @Test
    void aSecondRunSkipsFinishedFilesUnlessOverwriteIsGiven(@TempDir Path dir) throws Exception {
        Path in = copySamples(dir);
        Path out = dir.resolve("out");
        assertThat(CliRun.of("protect", in.toString(), "-o", out.toString(), "-q").code()).isZero();
        CliRun second = CliRun.of("protect", in.toString(), "-o", out.toString());
        assertThat(second.out()).contains("protected 0, skipped 8, failed 0");
        CliRun third = CliRun.of("protect", in.toString(), "-o", out.toString(), "--overwrite");
        assertThat(third.out()).contains("protected 8, skipped 0, failed 0");
    }

    @Test
    void aCorruptInputIsReportedAndTheRestAreStillProtected(@TempDir Path dir) throws Exception {
        Path in = copySamples(dir);
        Files.writeString(in.resolve("broken.png"), "this is not a PNG");
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("protect", in.toString(), "-o", out.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("broken.png");
        assertThat(r.out()).contains("protected 8, skipped 0, failed 1");
        assertThat(out.resolve("broken.png")).doesNotExist();
    }

    @Test
    void badArgumentsGiveAUsageErrorNamingTheValue(@TempDir Path dir) throws Exception {
        Path in = copySamples(dir);
        CliRun eps = CliRun.of("protect", in.toString(), "-o", dir.resolve("o").toString(), "--eps", "300/255");
        assertThat(eps.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(eps.err()).contains("300");
        CliRun method = CliRun.of("protect", in.toString(), "-o", dir.resolve("o").toString(), "--method", "cw");
        assertThat(method.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(method.err()).contains("'cw'");
        CliRun mask = CliRun.of("protect", in.toString(), "-o", dir.resolve("o").toString(), "--mask", "nope");
        assertThat(mask.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(mask.err()).contains("unknown mask 'nope'").contains("uniform");
        CliRun missing = CliRun.of("protect", in.toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("--output");
        CliRun absent = CliRun.of("protect", dir.resolve("absent.png").toString(), "-o", dir.resolve("o").toString());
        assertThat(absent.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(absent.err()).contains("absent.png");
    }

    @Test
    void listShowsTheInstalledMasks() {
        CliRun r = CliRun.of("list");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("uniform - ").contains("value (default 1)");
    }

    @Test
    void aMaskPluginOnTheClassPathIsListedAndUsable(@TempDir Path dir) throws Exception {
        // examples/custom-mask-plugin is on the test class path, as a user's jar would be.
        assertThat(CliRun.of("list").out()).contains("border - perturb only a frame along the picture's edges");
        Path in = copySamples(dir);
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("protect", in.resolve("forest-1.png").toString(), "-o", out.toString(), "--mask", "border",
                "--mask-options", "width=0.1,softness=0");
        assertThat(r.code()).as(r.err()).isZero();
        RgbImage clean = ImageFiles.read(in.resolve("forest-1.png"));
        RgbImage prot = ImageFiles.read(out.resolve("forest-1.png"));
        // Centre pixel (inside the frame of 25.6 pixels) unchanged; a corner pixel changed.
        for (int c = 0; c < 3; c++) {
            assertThat(prot.get(c, 128, 128)).isEqualTo(clean.get(c, 128, 128));
        }
        assertThat(dev.pixelprivacy.core.metrics.ImageMetrics.linf255(clean, prot)).isGreaterThan(3.9);
    }

    @Test
    void epsilonUnitsAreParsed() {
        assertThat(ProtectCommand.parseEpsilon("8/255").max()).isEqualTo(8 / 255f);
        assertThat(ProtectCommand.parseEpsilon("0.01n").channel(0)).isEqualTo((float) (0.01 * 0.229));
        assertThat(ProtectCommand.parseEpsilon("0.02").max()).isEqualTo(0.02f);
    }

    @Test
    void jsonLinesGiveOneObjectPerImageAndASummary(@TempDir Path dir) throws Exception {
        Path in = copySamples(dir);
        CliRun r = CliRun.of("protect", in.toString(), "-o", dir.resolve("out").toString(), "--jsonl", "--mask", "salient-defence",
                "--tilt-shift", "--size", "128");
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines).hasSize(9);
        assertThat(lines[0]).startsWith("{\"input\":").contains("\"status\":\"protected\"", "\"before\":{\"label\":");
        assertThat(lines[8]).isEqualTo("{\"summary\":{\"protected\":8,\"skipped\":0,\"failed\":0,\"ignored\":0}}");
        assertThat(ImageFiles.read(dir.resolve("out").resolve("beach-1.png")).width()).isEqualTo(128);
    }

    @Test
    void coupledOptimisationNeedsNima(@TempDir Path dir) throws Exception {
        Path in = copySamples(dir);
        CliRun r = CliRun.of("protect", in.toString(), "-o", dir.resolve("out").toString(), "--coupled");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--coupled needs --nima");
        CliRun missing = CliRun.of("protect", in.toString(), "-o", dir.resolve("out").toString(), "--threat-model",
                dir.resolve("absent.onnx").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("--threat-model").contains("absent.onnx");
    }
}
