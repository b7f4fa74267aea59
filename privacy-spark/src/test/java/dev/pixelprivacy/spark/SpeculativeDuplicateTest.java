package dev.pixelprivacy.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.examples.cli.PixelPrivacy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.Success$;
import org.apache.spark.TaskKilled;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A speculative duplicate at job level: the job on a real standalone cluster (a Master and two
 * Workers in this JVM, each executor its own JVM on its own loopback address, see
 * {@link StandaloneCluster}) with speculation on, where partition 0's first attempt straggles after
 * committing its first images. Spark launches a speculative copy on the other executor, the copy
 * succeeds, Spark kills the straggler; the outputs and the results table must be those of exactly
 * one attempt per input, equal to what the command-line tool writes.
 */
class SpeculativeDuplicateTest {
    private static final int IMAGES = 20;
    /** Longer than the whole test may take: the straggler only ends when Spark kills it. */
    private static final long STALL_MILLIS = 180_000;

    @TempDir
    static Path dir;
    static Path input;
    static Path cli;
    static StandaloneCluster cluster;
    static SparkSession spark;
    /** Task starts and ends by "stage S partition P attempt A", as the driver's listener saw them. */
    static final Map<String, TaskInfo> STARTED = new ConcurrentHashMap<>();
    static final Map<String, String> ENDED = new ConcurrentHashMap<>();
    /** Result rows each task attempt wrote, by the same key. */
    static final Map<String, Long> WRITTEN = new ConcurrentHashMap<>();

    @BeforeAll
    static void startCluster() {
        LocalSpark.stop(); // one SparkContext per JVM
        cluster = new StandaloneCluster(List.of("127.0.0.1", "127.0.0.2"), 1536, dir.resolve("workers"));
        spark = SparkSession.builder().master(cluster.masterUrl()).appName("privacy-spark speculation")
                .config(StandaloneCluster.executorSettings("1g"))
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.speculation", "true")
                .config("spark.speculation.interval", "100ms")
                .config("spark.speculation.quantile", "0.5") // one of two tasks finished
                .config("spark.speculation.multiplier", "1.0") // longer than the finished one's median
                // Under load a listing task may be speculated too: harmless, the test looks at the stage that wrote rows.
                .config("spark.speculation.minTaskRuntime", "5s")
                // Spark 3.4+ would also weigh each task's input rate; the straggler is slow by time alone.
                .config("spark.speculation.efficiency.enabled", "false")
                .getOrCreate();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskStart(SparkListenerTaskStart start) {
                STARTED.put(key(start.stageId(), start.taskInfo()), start.taskInfo());
            }

            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                String key = key(end.stageId(), end.taskInfo());
                if (end.taskMetrics() != null) {
                    WRITTEN.put(key, end.taskMetrics().outputMetrics().recordsWritten());
                }
                ENDED.put(key, end.reason() == Success$.MODULE$ ? "success"
                        : end.reason() instanceof TaskKilled k ? "killed: " + k.reason() : end.reason().toString());
            }
        });
        // The tool's outputs, while the executors' JVMs start.
        input = dir.resolve("photos");
        cli = dir.resolve("cli");
        try {
            TestImages.write(input, IMAGES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringWriter err = new StringWriter();
        int code = PixelPrivacy.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
                .execute("protect", input.toString(), "--output", cli.toString(), "--quiet");
        assertThat(code).as(err.toString()).isZero();
        // Both executors registered before the job, so that each task starts on its own executor (their
        // JVMs took 16 s to start at a load average of 2, 35 s at 14).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (spark.sparkContext().statusTracker().getExecutorInfos().length < 3 && System.nanoTime() < deadline) {
            sleep(100); // the driver and two executors
        }
        assertThat(spark.sparkContext().statusTracker().getExecutorInfos()).as("driver and two executors").hasSize(3);
    }

    @AfterAll
    static void stopCluster() {
        if (spark != null) {
            spark.stop();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String key(int stage, TaskInfo t) {
        return "stage " + stage + " partition " + t.index() + " attempt " + t.attemptNumber();
    }

    @Test
    void speculativeCopyOfAStragglerLeavesOneOutputAndOneRowPerInput() throws Exception {
        Path out = dir.resolve("out");

        ProtectJob.Summary s = ProtectJob.run(spark, ProtectJob.Arguments.parse(input.toString(), "--output",
                out.toString(), "--partitions", "2"), FaultyNetworks.stallingFirstAttempt(STALL_MILLIS));

        // The one stage that wrote result rows is the wave's (other stages list, hash and read). The
        // straggler ends when Spark kills it, after the job: wait for both attempts' ends.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> writers = List.of();
        String stage = null;
        while (System.nanoTime() < deadline && (stage == null || !ENDED.containsKey(stage + "0"))) {
            sleep(100);
            writers = WRITTEN.entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(e -> e.getKey().substring(0, e.getKey().indexOf(" partition"))).distinct().toList();
            stage = writers.isEmpty() ? null : writers.get(0) + " partition 0 attempt ";
        }
        assertThat(writers).as("stages that wrote rows: " + WRITTEN).hasSize(1);
        assertThat(STARTED.get(stage + "1").speculative()).isTrue();
        assertThat(STARTED.get(stage + "1").host()).as("the copy runs on the other executor's host")
                .isNotEqualTo(STARTED.get(stage + "0").host());
        assertThat(ENDED).containsEntry(stage + "1", "success");
        assertThat(WRITTEN).as("the copy wrote partition 0's rows").containsEntry(stage + "1", (long) IMAGES / 2);
        assertThat(ENDED.get(stage + "0")).as(ENDED.toString()).startsWith("killed: "); // "Stage finished"

        assertThat(s.processed()).isEqualTo(IMAGES);
        assertThat(s.protectedTotal()).isEqualTo(IMAGES);
        List<Row> rows = spark.read().parquet(out.resolve(ProtectJob.RESULTS).toString()).collectAsList();
        assertThat(rows).hasSize(IMAGES);
        assertThat(rows.stream().map(r -> r.<String>getAs("input")).distinct()).hasSize(IMAGES);
        assertThat(rows).allSatisfy(r -> assertThat(r.<String>getAs("status")).isEqualTo("protected"));

        // Every file below the output: the images, each the tool's bytes, and the committed table.
        List<Path> images;
        try (Stream<Path> walk = Files.walk(out)) {
            List<Path> all = walk.filter(Files::isRegularFile).map(out::relativize).sorted().toList();
            images = all.stream().filter(p -> !p.startsWith(ProtectJob.RESULTS)).toList();
            assertThat(all.stream().filter(p -> p.startsWith(ProtectJob.RESULTS)).map(p -> p.getFileName().toString()))
                    .as("results: part files and the commit marker only")
                    .map(n -> n.replaceFirst("^\\.(.*)\\.crc$", "$1")) // the local file system's checksums
                    .allMatch(n -> n.equals("_SUCCESS") || n.startsWith("part-"));
        }
        assertThat(out.resolve(ImageOutputCommitter.TEMPORARY)).doesNotExist();
        assertThat(images.stream().map(Path::toString).collect(Collectors.toList())).hasSize(IMAGES);
        for (Path p : images) {
            assertThat(Files.readAllBytes(out.resolve(p))).as(p.toString()).isEqualTo(Files.readAllBytes(cli.resolve(p)));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
