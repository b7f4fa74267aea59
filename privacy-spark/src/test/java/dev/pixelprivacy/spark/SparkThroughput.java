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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;

/**
 * Images per second for one folder, by the command-line tool in-process or by the Spark job in
 * {@code local[N]}, with the embedded demo model; one configuration per JVM so that the peak
 * resident memory (VmHWM) is that configuration's (in {@code local[N]} the driver and the executor
 * share the JVM: the executor's peak is at most this). The tool runs with its defaults (batches and
 * overlap), the job with its own (batches, one task per core). Besides the wall time, the process's
 * CPU time per image (all threads, native ones included) and, to find where time goes, each stage's
 * times (STAGE lines) and the CPU time by thread name (THREADS line). Run by {@code scripts/spark-bench.sh}
 * and by the {@code spark} part of {@code scripts/bench.sh}, which print the ratios and write them
 * as JSON. A benchmark, not a test: it measures, asserts nothing.
 */
public final class SparkThroughput {
    /**
     * Images of the warm-up folder. With 8, C2 compiled for 2.8 s during a measured 100-image
     * {@code local[2]} run (the tool's: 1.6 s); with 32, about 3 s during a 200-image run (the tool's:
     * 2.3 s): Spark's code paths keep the JIT busy, and a longer warm-up only spreads it thinner.
     */
    static final int WARM_UP_IMAGES = 32;

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
            write(warm, WARM_UP_IMAGES, width, height, 10_000);
        }
        Path out = work.resolve("out-" + mode);
        Path warmOut = work.resolve("warm-out-" + mode);
        delete(out);
        delete(warmOut);
        SparkSession spark = mode.startsWith("local") ? SparkSession.builder().master("local[" + mode.substring(5) + "]")
                .appName("spark-throughput").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate() : null;
        run(mode, spark, warm, warmOut); // JIT, model loading, Spark's first job
        StageTimes stages = new StageTimes();
        if (spark != null) {
            spark.sparkContext().addSparkListener(stages);
        }
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        Map<String, Long> threads0 = threadCpuTicks();
        long t0 = System.nanoTime();
        run(mode, spark, in, out);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9; // all threads, native ones included
        Map<String, Long> threads = threadCpuTicks();
        threads0.forEach((name, ticks) -> threads.merge(name, -ticks, Long::sum));
        long heap = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                heap += p.getPeakUsage().getUsed();
            }
        }
        if (spark != null) {
            spark.stop(); // drains the listener bus
            stages.print(mode);
        }
        // Which threads the CPU went to during the measured run (native OpenMP threads included), in ticks.
        System.out.println("THREADS mode=" + mode + " " + threads.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
        System.out.printf(Locale.ROOT, "RESULT mode=%s images=%d width=%d height=%d seconds=%.2f images_per_s=%.2f "
                + "peak_rss_mb=%d peak_heap_mb=%d cpu_s=%.2f cpu_ms_per_image=%.1f%n", mode, count, width, height, seconds,
                count / seconds, peakRssMb(), heap >> 20, cpuSeconds, 1000 * cpuSeconds / count);
        System.exit(0);
    }

    /**
     * Where a job's time goes: per stage, its wall time and its tasks' run, CPU and GC times, as
     * Spark's listener reports them (STAGE lines, read by whoever investigates the overhead).
     */
    private static final class StageTimes extends SparkListener {
        private final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void onStageCompleted(SparkListenerStageCompleted completed) {
            StageInfo s = completed.stageInfo();
            TaskMetrics m = s.taskMetrics();
            long wall = (long) s.completionTime().get() - (long) s.submissionTime().get();
            lines.add(String.format(Locale.ROOT, "stage=%d tasks=%d wall_ms=%d run_ms=%d cpu_ms=%d gc_ms=%d "
                    + "deserialize_ms=%d name=%s", s.stageId(), s.numTasks(), wall, m.executorRunTime(),
                    m.executorCpuTime() / 1_000_000, m.jvmGCTime(), m.executorDeserializeTime(),
                    s.name().replace(' ', '_')));
        }

        synchronized void print(String mode) {
            for (String l : lines) {
                System.out.println("STAGE mode=" + mode + " " + l);
            }
        }
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

    /** User and system CPU ticks of this process's threads, by thread name with digits folded to #. */
    private static Map<String, Long> threadCpuTicks() throws IOException {
        Map<String, Long> ticks = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#")
                        .replace(' ', '_');
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum); // utime, stime
            }
        }
        return ticks;
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
