package dev.pixelprivacy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixelprivacy.examples.cli.PixelPrivacy;
import dev.pixelprivacy.paper.batch.ImageBatchProcessor;
import dev.pixelprivacy.paper.batch.ProtectionSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
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
        Path folder = someInputs("mixed", 6);
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

    @Test
    void judgesAndAnEnsembleGiveTheToolsVerdictsAndBytes() throws IOException, URISyntaxException {
        Path folder = someInputs("some", 10);
        Path demo = ImageBatchProcessorTest.demoModelFile(work.resolve("models"));
        Path twin = Path.of(SparkJobTest.class.getResource("scene-demo-twin.onnx").toURI());
        List<String> options = List.of("--threat-model", demo.toString(), "--threat-model", twin.toString(),
                "--judge", demo.toString(), "--judge", twin.toString(), "--after", "resize:48,jpeg:75");
        Path cli = work.resolve("cli-verified");
        List<String> cliArgs = new ArrayList<>(List.of("protect", folder.toString(), "--output", cli.toString(),
                "--jsonl"));
        cliArgs.addAll(options);
        Map<String, JsonNode> cliLines = jsonLines(tool(cliArgs));
        assertThat(cliLines).hasSize(10);

        Path out = work.resolve("verified");
        List<String> jobArgs = new ArrayList<>(List.of(folder.toString(), "--output", out.toString()));
        jobArgs.addAll(options);
        ProtectJob.Arguments args = ProtectJob.Arguments.parse(jobArgs.toArray(String[]::new));
        ProtectJob.Summary s = ProtectJob.run(spark(), args, null); // the models the settings name, as spark-submit

        assertThat(s.protectedTotal()).isEqualTo(10);
        assertThat(args.settings().threatModels()).containsExactly(demo.toString(), twin.toString());
        for (Path p : files(out)) {
            assertThat(Files.readAllBytes(p)).as(p.getFileName().toString())
                    .isEqualTo(Files.readAllBytes(cli.resolve(p.getFileName())));
        }
        assertThat(files(out)).hasSize(10);
        List<Row> rows = spark().read().option("mergeSchema", "true").parquet(out.resolve(ProtectJob.RESULTS)
                .toString()).collectAsList();
        assertThat(rows).hasSize(10);
        for (Row r : rows) {
            String name = Path.of(r.<String>getAs("input").replaceFirst("^file:", "")).getFileName().toString();
            JsonNode v = cliLines.get(name).get("verification");
            assertThat(r.<String>getAs("settings_key")).isEqualTo(args.settings().key());
            assertThat(r.<String>getAs("after_chain")).isEqualTo(v.get("after").asText())
                    .isEqualTo("resize:48:lanczos,jpeg:75");
            List<Row> judges = r.getList(r.fieldIndex("judges"));
            assertThat(judges).extracting(j -> j.<String>getAs("judge"))
                    .containsExactly("scene-demo.onnx", "scene-demo-twin.onnx");
            for (Row j : judges) {
                JsonNode expected = v.get("judges").get(j.<String>getAs("judge"));
                assertThat(j.<Integer>getAs("before")).as(name).isEqualTo(expected.get("before").asInt());
                assertThat(j.<Integer>getAs("after")).as(name).isEqualTo(expected.get("after").asInt());
                assertThat(j.<Boolean>getAs("changed")).isEqualTo(expected.get("changed").asBoolean());
            }
            assertThat(r.<Boolean>getAs("all_judges_changed")).isEqualTo(v.get("allJudgesChanged").asBoolean());
            double ciede = v.get("ciede2000").asDouble();
            assertThat(r.<Double>getAs("ciede2000")).isCloseTo(ciede, within(1e-5 * ciede)); // the tool prints 6 digits
            assertThat(r.<Double>getAs("ciede2000_max")).isGreaterThanOrEqualTo(r.<Double>getAs("ciede2000"));
        }

        // Both members were attacked: the first model alone writes other files.
        Path single = work.resolve("cli-single");
        tool(List.of("protect", folder.toString(), "--output", single.toString(), "--quiet", "--threat-model",
                demo.toString()));
        assertThat(files(out).stream().filter(p -> !java.util.Arrays.equals(readBytes(p),
                readBytes(single.resolve(p.getFileName()))))).isNotEmpty();
    }

    @Test
    void aResultsTableWrittenBeforeTheVerdictColumnsResumes() throws IOException {
        Path folder = someInputs("old", 6);
        Path out = work.resolve("old-out");
        String[] args = {folder.toString(), "--output", out.toString()};
        ProtectJob.run(spark(), ProtectJob.Arguments.parse(args), new DemoNetworks());
        // Rewrite the table as a version without the verification columns wrote it, with three of the six rows.
        String table = out.resolve(ProtectJob.RESULTS).toString();
        List<String> oldColumns = List.of("input", "content_hash", "settings_key", "status", "error", "output",
                "before_label", "before_class", "before_probability", "after_label", "after_class",
                "after_probability", "linf255", "psnr", "ssim");
        Dataset<Row> kept = spark().read().parquet(table).orderBy("input").limit(3)
                .selectExpr(oldColumns.toArray(String[]::new));
        Path old = work.resolve("old-table");
        kept.write().mode(SaveMode.Overwrite).parquet(old.toString());
        List<String> keptInputs = kept.select("input").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        deleteTree(out.resolve(ProtectJob.RESULTS));
        Files.move(old, out.resolve(ProtectJob.RESULTS));
        for (Path p : files(out)) {
            if (keptInputs.stream().noneMatch(i -> i.endsWith("/" + p.getFileName()))) {
                Files.delete(p); // the outputs of the rows dropped, as if that run had been killed
            }
        }
        assertThat(spark().read().parquet(table).columns()).containsExactlyElementsOf(oldColumns);

        ProtectJob.Summary s = ProtectJob.run(spark(), ProtectJob.Arguments.parse(args), new DemoNetworks());

        assertThat(s.skipped()).isEqualTo(3);
        assertThat(s.processed()).isEqualTo(3);
        assertThat(s.protectedTotal()).isEqualTo(6);
        List<Row> rows = spark().read().option("mergeSchema", "true").parquet(table).collectAsList();
        assertThat(rows).hasSize(6);
        assertThat(rows.get(0).schema().fieldNames()).contains("judges", "after_chain", "ciede2000");
        assertThat(rows).allSatisfy(r -> assertThat(r.<Object>getAs("judges")).isNull());
        assertThat(files(out)).hasSize(6);
    }

    /** A folder of this test's own with the first {@code n} inputs. */
    private Path someInputs(String name, int n) throws IOException {
        Path folder = Files.createDirectories(work.resolve(name));
        for (Path p : inputs.subList(0, n)) {
            Files.copy(p, folder.resolve(p.getFileName()));
        }
        return folder;
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private static byte[] readBytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs the command-line tool, which must succeed; its standard output. */
    private static String tool(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PixelPrivacy.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args.toArray(String[]::new));
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    /** The tool's --jsonl lines of protected images, by input file name. */
    private static Map<String, JsonNode> jsonLines(String out) throws IOException {
        Map<String, JsonNode> byName = new HashMap<>();
        for (String line : out.split("\n")) {
            JsonNode n = new ObjectMapper().readTree(line);
            if (n.has("status") && n.get("status").asText().equals("protected")) {
                byName.put(Path.of(n.get("input").asText()).getFileName().toString(), n);
            }
        }
        return byName;
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
