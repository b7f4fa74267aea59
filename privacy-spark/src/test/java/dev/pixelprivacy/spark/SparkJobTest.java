package dev.pixelprivacy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.examples.cli.PixelPrivacy;
import dev.pixelprivacy.paper.batch.ImageBatchProcessor;
import dev.pixelprivacy.paper.batch.ProtectionSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job and the DataFrame function in {@code local[2,2]} over 40 demo scenes, against what the
 * command-line tool writes for the same settings.
 */
class SparkJobTest {
    private static final int IMAGES = 40;

    @TempDir
    static Path shared;
    static Path input;
    static Path cliOutput;
    static List<Path> inputs;

    @TempDir
    Path work;

    @BeforeAll
    static void protectWithTheTool() throws IOException {
        input = shared.resolve("photos");
        inputs = TestImages.write(input, IMAGES);
        cliOutput = shared.resolve("cli");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PixelPrivacy.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("protect", input.toString(), "--output", cliOutput.toString(), "--quiet");
        assertThat(code).as(err.toString()).isZero();
        assertThat(files(cliOutput)).hasSize(IMAGES);
    }

    @BeforeEach
    void resetFaults() {
        FaultyNetworks.reset();
    }

    private static SparkSession spark() {
        return LocalSpark.get();
    }

    @Test
    void jobProtectsEveryImageAndWritesTheToolsBytes() throws IOException {
        Path out = work.resolve("out");
        ProtectJob.Summary s = ProtectJob.run(spark(), ProtectJob.Arguments.parse(input.toString(), "--output",
                out.toString(), "--wave", "100"), new DemoNetworks());

        assertThat(s.listed()).isEqualTo(IMAGES);
        assertThat(s.processed()).isEqualTo(IMAGES);
        assertThat(s.protectedTotal()).isEqualTo(IMAGES);
        assertThat(s.failedTotal()).isZero();
        assertSameBytesAsTool(out);
        assertThat(out.resolve(ImageOutputCommitter.TEMPORARY)).doesNotExist();
        List<Row> rows = results(out);
        assertThat(rows).hasSize(IMAGES);
        for (Row r : rows) {
            String name = Path.of(r.getAs("input").toString().replaceFirst("^file:", "")).getFileName().toString();
            assertThat(r.<String>getAs("status")).isEqualTo("protected");
            assertThat(r.<String>getAs("content_hash"))
                    .isEqualTo(ImageBatchProcessor.sha256(Files.readAllBytes(input.resolve(name))));
            assertThat(r.<String>getAs("settings_key")).isEqualTo(ProtectionSettings.defaults().key());
            assertThat(r.<Double>getAs("linf255")).isBetween(0.0, 8.0 + 1e-4); // 8/255 in float, times 255
            assertThat(r.<Double>getAs("psnr")).isGreaterThan(25.0);
            assertThat(r.<Double>getAs("ssim")).isBetween(0.0, 1.0);
            assertThat(r.<String>getAs("before_class")).isNotNull();
            assertThat(r.<String>getAs("after_class")).isNotNull();
        }
    }

    @Test
    void dataFrameFunctionTakesBinaryFileRows() throws IOException {
        Path out = work.resolve("df");
        SparkProtector protector = SparkProtector.builder(ProtectionSettings.defaults(), out.toString())
                .inputRoots(List.of(input.toString())).networks(new DemoNetworks()).build();
        Dataset<Row> images = spark().read().format("binaryFile").load(input.toString());

        List<Row> rows = protector.protect(images).collectAsList();
        protector.cleanup(spark());

        assertThat(rows).hasSize(IMAGES).allSatisfy(r -> assertThat(r.<String>getAs("status")).isEqualTo("protected"));
        assertSameBytesAsTool(out);
        assertThat(out.resolve(ImageOutputCommitter.TEMPORARY)).doesNotExist();
    }

    @Test
    void taskFailingOnItsFirstAttemptStillGivesOneOutputAndOneRowPerInput() throws IOException {
        Path out = work.resolve("retried");
        ProtectJob.Summary s = ProtectJob.run(spark(), ProtectJob.Arguments.parse(input.toString(), "--output",
                out.toString(), "--wave", "100", "--partitions", "2"), FaultyNetworks.failingFirstAttempt());

        assertThat(FaultyNetworks.INJECTED.get()).isEqualTo(1);
        assertThat(s.protectedTotal()).isEqualTo(IMAGES);
        List<Row> rows = results(out);
        assertThat(rows).hasSize(IMAGES);
        assertThat(rows.stream().map(r -> r.<String>getAs("input")).distinct()).hasSize(IMAGES);
        assertSameBytesAsTool(out);
        assertThat(out.resolve(ImageOutputCommitter.TEMPORARY)).doesNotExist();
    }

    @Test
    void killedJobRerunProcessesOnlyWhatIsMissing() throws IOException {
        Path out = work.resolve("killed");
        String[] args = {input.toString(), "--output", out.toString(), "--wave", "10", "--partitions", "2"};
        assertThatThrownBy(() -> ProtectJob.run(spark(), ProtectJob.Arguments.parse(args),
                FaultyNetworks.killedAfter(20))).isInstanceOf(SparkException.class);
        assertThat(results(out)).hasSize(20);
        Map<Path, FileTime> firstRun = new HashMap<>();
        for (Row r : results(out)) {
            Path p = Path.of(r.<String>getAs("output").replaceFirst("^file:", ""));
            firstRun.put(p, Files.getLastModifiedTime(p));
        }

        ProtectJob.Summary s = ProtectJob.run(spark(), ProtectJob.Arguments.parse(args), new DemoNetworks());

        assertThat(s.skipped()).isEqualTo(20);
        assertThat(s.processed()).isEqualTo(20);
        assertThat(s.protectedTotal()).isEqualTo(IMAGES);
        List<Row> rows = results(out);
        assertThat(rows.stream().map(r -> r.<String>getAs("input")).distinct()).hasSize(IMAGES);
        assertThat(rows).hasSize(IMAGES);
        for (Map.Entry<Path, FileTime> e : firstRun.entrySet()) {
            assertThat(Files.getLastModifiedTime(e.getKey())).as("untouched by the rerun: " + e.getKey())
                    .isEqualTo(e.getValue());
        }
        assertSameBytesAsTool(out);

        ProtectJob.Summary third = ProtectJob.run(spark(), ProtectJob.Arguments.parse(args), new DemoNetworks());
        assertThat(third.processed()).isZero();
        assertThat(third.skipped()).isEqualTo(IMAGES);
    }

    @Test
    void corruptFilesBecomeFailedRowsWithReasonsAndTheJobSucceeds() throws IOException {
        Path folder = work.resolve("mixed");
        Files.createDirectories(folder);
        for (Path p : inputs.subList(0, 6)) {
            Files.copy(p, folder.resolve(p.getFileName()));
        }
        List<Path> bad = TestImages.writeCorrupt(folder, inputs.get(0));
        Path out = work.resolve("mixed-out");

        ProtectJob.Summary s = ProtectJob.run(spark(), ProtectJob.Arguments.parse(folder.toString(), "--output",
                out.toString()), new DemoNetworks());

        assertThat(s.protectedTotal()).as(results(out).toString()).isEqualTo(6);
        assertThat(s.failedTotal()).as(results(out).toString()).isEqualTo(bad.size());
        for (Row r : results(out)) {
            if (r.<String>getAs("input").contains("bad-")) {
                String name = Path.of(r.<String>getAs("input")).getFileName().toString();
                assertThat(r.<String>getAs("status")).isEqualTo("failed");
                assertThat(r.<String>getAs("error")).contains(name);
                assertThat(r.<String>getAs("error")).doesNotContain("pixel-privacy-batch-"); // no scratch path
                assertThat(r.<String>getAs("output")).isNull();
            } else {
                assertThat(r.<String>getAs("status")).isEqualTo("protected");
            }
        }
        assertThat(files(out)).hasSize(6);
    }

    private static List<Row> results(Path out) {
        return spark().read().parquet(out.resolve(ProtectJob.RESULTS).toString()).collectAsList();
    }

    private static void assertSameBytesAsTool(Path out) throws IOException {
        List<Path> written = files(out);
        assertThat(written).hasSize(IMAGES);
        for (Path p : written) {
            assertThat(Files.readAllBytes(p)).as(p.getFileName().toString())
                    .isEqualTo(Files.readAllBytes(cliOutput.resolve(p.getFileName())));
        }
    }

    /** The images directly in a folder (not the results table, the tool's run manifest or hidden files). */
    private static List<Path> files(Path folder) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().startsWith("_"))
                    .filter(p -> !p.getFileName().toString().equals("pixel-privacy-manifest.jsonl")).sorted()
                    .forEach(out::add);
        }
        return out;
    }
}
