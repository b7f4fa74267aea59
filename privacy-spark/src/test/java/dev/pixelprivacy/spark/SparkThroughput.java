package dev.pixelprivacy.spark;

import dev.pixelprivacy.core.io.ImageFiles;
import dev.pixelprivacy.examples.cli.PixelPrivacy;
import dev.pixelprivacy.examples.demo.SceneGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Images per second for one folder, by the command-line tool in-process or by the Spark job in
 * {@code local[N]}, with the embedded demo model; one configuration per JVM so that the peak
 * resident memory (VmHWM) is that configuration's (in {@code local[N]} the driver and the executor
 * share the JVM: the executor's peak is at most this). The tool runs with its defaults (batches and
 * overlap), the job with its own (batches, one task per core). Run by {@code scripts/spark-bench.sh}
 * and by the {@code spark} part of {@code scripts/bench.sh}, which print the ratios and write them
 * as JSON. A benchmark, not a test: it measures, asserts nothing.
 */
public final class SparkThroughput {
    private SparkThroughput() {
    }

    /**
     * @param args mode (cli, local1, local2), image count, image size ({@code WIDTHxHEIGHT}, or one side for a
     *     square), work folder
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int count = Integer.parseInt(args[1]);
        String[] size = args[2].split("x");
        int width = Integer.parseInt(size[0]);
        int height = Integer.parseInt(size[size.length - 1]);
        Path work = Path.of(args[3]);
        Path in = work.resolve("in");
        Path warm = work.resolve("warm");
        if (!Files.isDirectory(in)) {
            write(in, count, width, height, 0);
        }
        if (!Files.isDirectory(warm)) {
            write(warm, 8, width, height, 10_000);
        }
        Path out = work.resolve("out-" + mode);
        Path warmOut = work.resolve("warm-out-" + mode);
        delete(out);
        delete(warmOut);
        SparkSession spark = mode.startsWith("local") ? SparkSession.builder().master("local[" + mode.substring(5) + "]")
                .appName("spark-throughput").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate() : null;
        run(mode, spark, warm, warmOut); // JIT, model loading, Spark's first job
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        long t0 = System.nanoTime();
        run(mode, spark, in, out);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long heap = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                heap += p.getPeakUsage().getUsed();
            }
        }
        if (spark != null) {
            spark.stop();
        }
        System.out.printf(Locale.ROOT, "RESULT mode=%s images=%d width=%d height=%d seconds=%.2f images_per_s=%.2f "
                + "peak_rss_mb=%d peak_heap_mb=%d%n", mode, count, width, height, seconds, count / seconds, peakRssMb(),
                heap >> 20);
        System.exit(0);
    }

    private static void run(String mode, SparkSession spark, Path in, Path out) throws IOException {
        if (spark == null) {
            StringWriter err = new StringWriter();
            int code = PixelPrivacy.commandLine().setOut(new PrintWriter(new StringWriter()))
                    .setErr(new PrintWriter(err)).execute("protect", in.toString(), "--output", out.toString(), "-q");
            if (code != 0) {
                throw new IllegalStateException("the tool failed: " + err);
            }
        } else {
            ProtectJob.run(spark, ProtectJob.Arguments.parse(in.toString(), "--output", out.toString(), "--wave",
                    "100000"), new DemoNetworks());
        }
    }

    private static void write(Path dir, int count, int width, int height, long seed) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < count; i++) {
            ImageFiles.writePng(SceneGenerator.scene(i % 4, width, height, seed + i),
                    dir.resolve(String.format(Locale.ROOT, "img-%04d.png", i)));
        }
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static long peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
            }
        }
        return -1;
    }
}
