package dev.pixelprivacy.bench.memory;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pixelprivacy.core.io.AtomicFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Images per second and peak resident memory of {@code pixel-privacy protect} over a folder of photos
 * (issue 13: 200 photos of 400x300 and 20 of 4000x3000), "before" and "after": before is the tool one
 * image at a time with nothing overlapped ({@code --batch 1 --no-overlap}: decode, protect, encode,
 * write, image after image, as the tool ran before it shared the batch processor), after is its
 * defaults (batches of images of one size in one gradient call; decoding ahead, encoding and writing behind
 * on three threads). The photos are {@link LargePhotoMemoryRun#writePhoto seeded photo-like JPEGs}
 * (seed = index, so every run protects the same folder). Each configuration runs the real tool in a
 * child JVM with the default JVM settings ({@code java -jar pixel-privacy.jar protect DIR --output OUT
 * --jsonl [options]}), its VmHWM sampled every 20 ms.
 *
 * <p>"Before" is a proxy: every per-image speed-up made since issue 13 speeds it up as well. Given
 * {@code --baseline-jar JAR} (the tool built at the commit where issue 13's work began; {@code scripts/bench.sh}
 * builds and caches it), each folder is also protected by that jar, with none of the modes' options (it
 * had no {@code --batch} and no overlap: one image at a time was all it did), as a third mode
 * {@value #ISSUE_TIME}, measured first, then before, then after; the options after {@code --} go to every
 * mode. Given {@code --baseline-not-measured REASON} instead (the jar could not be built), the JSON says why.
 *
 * <p>Two rates: {@code imagesPerSecond} is images / the child's whole wall time (JVM start and model
 * loading included: what a user waits for), {@code steadyImagesPerSecond} is (images - 1) / the time
 * between the first and the last protected image's line (the loop alone). Writes {@code folder.json}:
 * <pre>{"runs": [{"folder": "400x300", "width": 400, "height": 300, "images": 200, "mode": "before",
 *   "options": "--batch 1 --no-overlap", "jar": "/.../pixel-privacy.jar", "seconds": ..., "imagesPerSecond": ...,
 *   "steadyImagesPerSecond": ..., "peakRssMiB": ..., "command": "..."}, ...]}</pre>
 * An {@value #ISSUE_TIME} run also has {@code "commit"} (the {@code --baseline-commit}, when given); without a
 * baseline jar, {@code --baseline-not-measured} adds a top-level {@code "baselineNotMeasured": "REASON"}.
 *
 * <p>Run after {@code mvn -B -ntp -q package -DskipTests -pl privacy-bench,examples -am}:
 * <pre>java -cp privacy-bench/target/benchmarks.jar dev.pixelprivacy.bench.memory.FolderThroughputRun
 *     [--small 200] [--large 20] [--jar examples/target/pixel-privacy.jar] [--out folder.json] [--work DIR]
 *     [--timeout-minutes 30] [--baseline-jar JAR [--baseline-commit REV] | --baseline-not-measured REASON]
 *     [-- PROTECT_OPTIONS...]</pre>
 * Exits 0 on success, 2 on bad options, 1 on any other failure (a child fails or protects fewer images).
 */
public final class FolderThroughputRun {
    /** The "before" configuration: the tool as it ran before batching and overlap. */
    static final List<String> BEFORE = List.of("--batch", "1", "--no-overlap");
    /** The mode of the runs of {@code --baseline-jar}: the tool as it was when issue 13's work began. */
    public static final String ISSUE_TIME = "issue-time";

    private FolderThroughputRun() {}

    /**
     * One configuration a folder is protected by.
     *
     * @param name {@value #ISSUE_TIME}, before or after
     * @param jar the tool's jar it runs
     * @param options its options (before the protect options after {@code --})
     * @param commit the commit its jar was built at, or null when not known (the jar under test)
     */
    record Mode(String name, Path jar, List<String> options, String commit) {
        Mode {
            options = List.copyOf(options);
        }
    }

    /** One measured folder and configuration. */
    record Result(int width, int height, int images, Mode mode, double seconds, double steadySeconds,
                  double peakRssMiB, String command) {
        double imagesPerSecond() {
            return images / seconds;
        }

        double steadyImagesPerSecond() {
            return images > 1 && steadySeconds > 0 ? (images - 1) / steadySeconds : imagesPerSecond();
        }
    }

    /** Settings, validated. */
    record Settings(int small, int large, Path jar, Path out, Path work, long timeoutMinutes,
                    List<String> protectOptions, Path baselineJar, String baselineCommit, String baselineNotMeasured) {
        Settings {
            if (baselineJar != null && baselineNotMeasured != null) {
                throw new IllegalArgumentException("--baseline-jar " + baselineJar + " and --baseline-not-measured '"
                        + baselineNotMeasured + "' contradict each other; give one");
            }
            if (baselineCommit != null && baselineJar == null) {
                throw new IllegalArgumentException("--baseline-commit " + baselineCommit + " names the commit of the "
                        + "--baseline-jar, which is missing");
            }
            if (baselineCommit != null && !baselineCommit.matches("[^\\s]+")) {
                throw new IllegalArgumentException("--baseline-commit must be a revision without spaces but was '"
                        + baselineCommit + "'");
            }
            if (baselineNotMeasured != null && baselineNotMeasured.isBlank()) {
                throw new IllegalArgumentException("--baseline-not-measured must say why but was '" + baselineNotMeasured
                        + "'");
            }
            if (small < 0 || large < 0 || small + large == 0) {
                throw new IllegalArgumentException("--small and --large must be >= 0 and not both 0 but were " + small
                        + " and " + large);
            }
            if (timeoutMinutes < 1) {
                throw new IllegalArgumentException("--timeout-minutes must be >= 1 but was " + timeoutMinutes);
            }
            protectOptions = List.copyOf(protectOptions);
        }

        static Settings parse(String... args) {
            int small = 200;
            int large = 20;
            Path jar = Path.of("examples/target/pixel-privacy.jar");
            Path out = Path.of("folder.json");
            Path work = null;
            long timeout = 30;
            Path baselineJar = null;
            String baselineCommit = null;
            String baselineNotMeasured = null;
            List<String> extra = new ArrayList<>();
            for (String[] o : ChildRun.options(args, java.util.Set.of(), extra)) {
                String a = o[0];
                String v = o[1];
                switch (a) {
                    case "--small" -> small = ProtectMemoryRun.Settings.integer(a, v);
                    case "--large" -> large = ProtectMemoryRun.Settings.integer(a, v);
                    case "--jar" -> jar = Path.of(v);
                    case "--out" -> out = Path.of(v);
                    case "--work" -> work = Path.of(v);
                    case "--timeout-minutes" -> timeout = ProtectMemoryRun.Settings.integer(a, v);
                    case "--baseline-jar" -> baselineJar = Path.of(v);
                    case "--baseline-commit" -> baselineCommit = v;
                    case "--baseline-not-measured" -> baselineNotMeasured = v;
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'; known: --small, --large, "
                            + "--jar, --out, --work, --timeout-minutes, --baseline-jar, --baseline-commit, "
                            + "--baseline-not-measured, -- PROTECT_OPTIONS");
                }
            }
            return new Settings(small, large, jar, out, work, timeout, extra, baselineJar, baselineCommit,
                    baselineNotMeasured);
        }

        /** @return the modes each folder is protected by, in the order they run: issue-time (if any), before, after */
        List<Mode> modes() {
            List<Mode> modes = new ArrayList<>();
            if (baselineJar != null) {
                modes.add(new Mode(ISSUE_TIME, baselineJar, List.of(), baselineCommit));
            }
            modes.add(new Mode("before", jar, BEFORE, null));
            modes.add(new Mode("after", jar, List.of(), null));
            return modes;
        }
    }

    /**
     * @param args see the class description
     */
    public static void main(String[] args) {
        Settings s = ChildRun.parseOrExit("FolderThroughputRun", () -> Settings.parse(args));
        ChildRun.exitAfter("FolderThroughputRun", () -> {
            List<Result> results = run(s);
            AtomicFiles.writeString(s.out(), toJson(results, s.baselineNotMeasured()));
            for (Result r : results) {
                System.out.printf(Locale.ROOT, "FolderThroughputRun: %d x %dx%d %s: %.2f images/s (loop %.2f), "
                                + "peak RSS %.1f MiB%n", r.images(), r.width(), r.height(), r.mode().name(),
                        r.imagesPerSecond(), r.steadyImagesPerSecond(), r.peakRssMiB());
            }
            System.out.println("FolderThroughputRun: wrote " + s.out());
        });
    }

    static List<Result> run(Settings s) throws IOException, InterruptedException {
        if (s.baselineJar() != null && !Files.isRegularFile(s.baselineJar())) {
            throw new IllegalArgumentException("the baseline jar " + s.baselineJar().toAbsolutePath() + " (--baseline-jar) "
                    + "does not exist; scripts/bench.sh folder builds it");
        }
        Path work = ChildRun.prepare(s.jar(), s.work(), "pixel-privacy-folder-");
        try {
            List<Result> results = new ArrayList<>();
            int[][] folders = {{400, 300, s.small()}, {4000, 3000, s.large()}};
            for (int[] f : folders) {
                if (f[2] == 0) {
                    continue;
                }
                Path in = work.resolve(f[0] + "x" + f[1]);
                writeFolder(in, f[0], f[1], f[2]);
                for (Mode mode : s.modes()) {
                    Path out = work.resolve("out-" + f[0] + "x" + f[1] + "-" + mode.name());
                    results.add(measure(s, in, out, f[0], f[1], f[2], mode));
                    ProtectMemoryRun.deleteTree(out);
                }
                ProtectMemoryRun.deleteTree(in);
            }
            return results;
        } finally {
            ProtectMemoryRun.deleteTree(work);
        }
    }

    /** Writes {@code count} seeded photo-like JPEGs, {@code photo-0000.jpg} on, seed = index. */
    static void writeFolder(Path dir, int w, int h, int count) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < count; i++) {
            LargePhotoMemoryRun.writePhoto(dir.resolve(String.format(Locale.ROOT, "photo-%04d.jpg", i)), w, h, i);
        }
    }

    /**
     * The child's command line: default JVM settings, the mode's jar, {@code protect IN --output OUT --jsonl},
     * the mode's options, then the protect options.
     */
    static List<String> childCommand(Settings s, Mode mode, Path in, Path out) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-jar", mode.jar().toAbsolutePath().toString(), "protect",
                in.toString(), "--output", out.toString(), "--jsonl"));
        cmd.addAll(mode.options());
        cmd.addAll(s.protectOptions());
        return cmd;
    }

    private static Result measure(Settings s, Path in, Path out, int w, int h, int count, Mode mode)
            throws IOException, InterruptedException {
        ChildRun c = ChildRun.run(childCommand(s, mode, in, out), Map.of(), s.timeoutMinutes());
        long first = -1;
        long last = -1;
        int done = 0;
        for (int i = 0; i < c.lines().size(); i++) {
            if (c.lines().get(i).contains("\"status\":\"protected\"")) {
                done++;
                last = c.nanos().get(i);
                first = first < 0 ? last : first;
            }
        }
        if (c.exitCode() != 0 || done != count || c.peakKiB() == 0) {
            throw new IllegalStateException("the child exited with " + c.exitCode() + " after protecting " + done + " of "
                    + count + " images; command: " + c.commandLine() + "\nits output:\n" + c.tail());
        }
        return new Result(w, h, count, mode, c.seconds(), (last - first) / 1e9, c.peakKiB() / 1024.0,
                c.commandLine());
    }

    /**
     * @param baselineNotMeasured why there is no {@value #ISSUE_TIME} run, or null
     * @return one object per folder and mode in {@code runs}, numbers rounded to 0.1 (rates to 0.01)
     */
    static String toJson(List<Result> results, String baselineNotMeasured) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = MemoryReport.JSON.createGenerator(w)) {
            g.setPrettyPrinter(new MemoryReport.Layout());
            g.writeStartObject();
            if (baselineNotMeasured != null) {
                g.writeStringField("baselineNotMeasured", baselineNotMeasured);
            }
            g.writeArrayFieldStart("runs");
            for (Result r : results) {
                g.writeStartObject();
                g.writeStringField("folder", r.width() + "x" + r.height());
                g.writeNumberField("width", r.width());
                g.writeNumberField("height", r.height());
                g.writeNumberField("images", r.images());
                g.writeStringField("mode", r.mode().name());
                if (r.mode().commit() != null) {
                    g.writeStringField("commit", r.mode().commit());
                }
                g.writeStringField("options", String.join(" ", r.mode().options()));
                g.writeStringField("jar", r.mode().jar().toAbsolutePath().toString());
                g.writeFieldName("seconds");
                g.writeNumber(MemoryReport.tenths(r.seconds()));
                g.writeFieldName("imagesPerSecond");
                g.writeNumber(hundredths(r.imagesPerSecond()));
                g.writeFieldName("steadyImagesPerSecond");
                g.writeNumber(hundredths(r.steadyImagesPerSecond()));
                g.writeFieldName("peakRssMiB");
                g.writeNumber(MemoryReport.tenths(r.peakRssMiB()));
                g.writeStringField("command", r.command());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to a string: " + e.getMessage(), e);
        }
        return w.append('\n').toString();
    }

    private static java.math.BigDecimal hundredths(double v) {
        return java.math.BigDecimal.valueOf(v).setScale(2, java.math.RoundingMode.HALF_UP);
    }
}
