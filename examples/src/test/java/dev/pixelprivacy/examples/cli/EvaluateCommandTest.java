package dev.pixelprivacy.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

    /** The accuracy column of a summary.csv line, after checking all 8 samples were counted. */
    private static double accuracy(String summaryLine) {
        String[] f = summaryLine.split(",");
        assertThat(f[3]).isEqualTo("8");
        return Double.parseDouble(f[4]);
    }

    private static String[] run(String... args) {
        CliRun r = CliRun.of(args);
        return new String[] {Integer.toString(r.code()), r.out(), r.err()};
    }

    @Test
    void writesTablesWhereAccuracyFallsWithEps(@TempDir Path dir) throws Exception {
        String[] r = run("evaluate", "samples", "-o", dir.toString(), "--eps", "0,2/255,8/255", "--methods", "fgsm,bim",
                "--steps", "3");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        List<String> summary = Files.readAllLines(dir.resolve("summary.csv"));
        assertThat(summary).hasSize(1 + 2 * 3);
        // fgsm at eps 0: all 8 samples counted and correct; at 8/255: none left correct.
        assertThat(summary.get(1)).startsWith("fgsm,0.0,0.00000,8,1.00000,");
        // columns: attack, epsilon, epsilon_pixels, images, accuracy, ...; the demo CNN keeps 2 of 8 at 8/255
        assertThat(summary.get(3)).startsWith("fgsm,8.0/255,");
        assertThat(accuracy(summary.get(3))).isLessThan(0.5);
        assertThat(Files.readAllLines(dir.resolve("rows.csv"))).hasSize(1 + 2 * 3 * 8);
        assertThat(Files.readString(dir.resolve("summary.md"))).contains("| bim | 2.0/255 | 8 |");
        assertThat(r[1]).contains("8 images listed, 0 misclassified when clean (left out), 0 failed");
        java.awt.image.BufferedImage chart = javax.imageio.ImageIO.read(dir.resolve("accuracy.png").toFile());
        assertThat(chart.getWidth()).isEqualTo(800);
        assertThat(chart.getHeight()).isEqualTo(500);
    }

    @Test
    void aCorruptImageIsReportedCountedAndSkipped(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(Path.of("samples", "beach-1.png"), in.resolve("beach-1.png"));
        Files.writeString(in.resolve("bad.png"), "not a png");
        Files.writeString(in.resolve("labels.csv"), "file,label\nbeach-1.png,0\nbad.png,0\n");
        String[] r = run("evaluate", in.toString(), "-o", dir.resolve("out").toString(), "--eps", "4/255");
        assertThat(r[0]).isEqualTo(Integer.toString(ExitCodes.BAD_INPUT));
        assertThat(r[2]).contains("bad.png");
        assertThat(r[1]).contains("2 images listed, 0 misclassified when clean (left out), 1 failed");
        assertThat(Files.readAllLines(dir.resolve("out").resolve("summary.csv")).get(1)).startsWith("fgsm,4.0/255,").contains(",1,");
    }

    @Test
    void aMissingLabelFileIsAUsageError(@TempDir Path dir) {
        String[] r = run("evaluate", dir.toString(), "-o", dir.resolve("out").toString());
        assertThat(r[0]).isEqualTo(Integer.toString(ExitCodes.USAGE));
        assertThat(r[2]).contains("labels.csv").contains("does not exist");
    }

    @Test
    void thePaperGridRunsEveryMethodWithoutModelFiles(@TempDir Path dir) throws Exception {
        String[] r = run("evaluate", "samples", "-o", dir.toString(), "--paper", "--full-resolution", "--eps", "0,8/255");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        List<String> summary = Files.readAllLines(dir.resolve("summary.csv"));
        // FGSM, Salient Defence, Salient Defence + tilt-shift (no --nima, so no Coupled Optimisation), 2 budgets each.
        assertThat(summary).hasSize(1 + 3 * 2);
        assertThat(summary.get(2)).startsWith("FGSM,8.0/255,");
        assertThat(accuracy(summary.get(2))).isLessThan(0.5);
        assertThat(summary.get(3)).startsWith("Salient Defence,0.0,");
        assertThat(summary.get(5)).startsWith("Salient Defence + tilt-shift,0.0,");
    }

    @Test
    void compatibilityModeWantsNormalisedBudgetsAndThePaperGrid(@TempDir Path dir) throws Exception {
        String[] r = run("evaluate", "samples", "-o", dir.toString(), "--paper", "--compat", "--full-resolution",
                "--eps", "0.05n");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(Files.readAllLines(dir.resolve("summary.csv")).get(1)).startsWith("FGSM,0.05 (normalised),");
        String[] units = run("evaluate", "samples", "-o", dir.toString(), "--paper", "--compat", "--eps", "4/255");
        assertThat(units[0]).isEqualTo(Integer.toString(ExitCodes.USAGE));
        assertThat(units[2]).contains("0.01n on the command line");
        String[] alone = run("evaluate", "samples", "-o", dir.toString(), "--compat");
        assertThat(alone[0]).isEqualTo(Integer.toString(ExitCodes.USAGE));
        assertThat(alone[2]).contains("--compat goes with --paper");
    }

    @Test
    void jpegOutputIsMeasuredAsWrittenAndItsQualityIsChecked(@TempDir Path dir) throws Exception {
        String[] r = run("evaluate", "samples", "-o", dir.toString(), "--eps", "0", "--jpeg", "75");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        // eps 0: the float output is the clean image, but the JPEG written is not: its PSNR is finite.
        String[] f = Files.readAllLines(dir.resolve("summary.csv")).get(1).split(",");
        assertThat(Double.parseDouble(f[8])).as("mean PSNR of the JPEGs").isBetween(25.0, 60.0);
        String[] bad = run("evaluate", "samples", "-o", dir.toString(), "--jpeg", "0");
        assertThat(bad[0]).isEqualTo(Integer.toString(ExitCodes.USAGE));
        assertThat(bad[2]).contains("JPEG quality must be in [1, 100] but was 0");
    }
}
