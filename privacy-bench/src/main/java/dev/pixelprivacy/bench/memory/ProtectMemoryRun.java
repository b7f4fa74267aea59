package dev.pixelprivacy.bench.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixelprivacy.core.PixelPrivacyException;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.AtomicFiles;
import dev.pixelprivacy.core.io.ImageFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Peak resident memory of a long {@code pixel-privacy protect} run, and whether it grows with the number of
 * images. Generates N seeded, textured 256x256 PNGs, runs the real tool on them in a child JVM with a fixed,
 * pre-touched Java heap ({@code java -Xms -Xmx -XX:+AlwaysPreTouch -jar pixel-privacy.jar protect IN --output
 * OUT --jsonl}), reads the child's VmRSS and VmHWM from {@code /proc/<pid>/status} every 100 ms and each time
 * its JSON lines say another {@code --every} images are done, fits a least-squares line to the samples from
 * {@code --warm-up} images on, and writes {@code memory.json} ({@link MemoryReport}). The heap is touched
 * in full at start, so any growth is native memory (ND4J buffers, JIT code, metaspace), not the Java heap
 * filling up. Linux only.
 *
 * <p>Run after {@code mvn -B -ntp -q package -DskipTests -pl privacy-bench,examples -am}:
 * <pre>java -cp privacy-bench/target/benchmarks.jar dev.pixelprivacy.bench.memory.ProtectMemoryRun
 *     [--images 1000] [--jar examples/target/pixel-privacy.jar] [--heap 512m] [--every 100] [--warm-up 200]
 *     [--out memory.json] [--work DIR] [--keep] [--timeout-minutes 60] [-- PROTECT_OPTIONS...]</pre>
 * Options after {@code --} are passed to {@code protect} (for example {@code --mask salient-defence}).
 * Exits 0 on success, 2 on bad options, 1 on any other failure (the child fails or does not protect every
 * image, the jar is missing, a non-empty {@code --work}).
 */
public final class ProtectMemoryRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Side of the generated images, pixels. */
    static final int SIZE = 256;
    private static final long SAMPLE_PERIOD_MS = 100;
    private static final int TAIL_LINES = 20;

    private ProtectMemoryRun() {}

    /** Settings of one run, validated. */
    record Settings(int images, Path jar, String heap, int every, int warmUp, Path out, Path work, boolean keep,
                    long timeoutMinutes, List<String> protectOptions) {
        Settings {
            if (images < 1) {
                throw new IllegalArgumentException("--images must be >= 1 but was " + images);
            }
            if (every < 1 || every > images) {
                throw new IllegalArgumentException("--every must be in [1, --images = " + images + "] but was " + every);
            }
            if (warmUp < 0 || images - warmUp < every) {
                throw new IllegalArgumentException("--warm-up must leave at least two samples (--every " + every
                        + ", --images " + images + ") but was " + warmUp);
            }
            if (!heap.matches("[0-9]+[kKmMgG]?")) {
                throw new IllegalArgumentException("--heap must be a JVM size like 512m or 1g but was '" + heap + "'");
            }
            if (timeoutMinutes < 1) {
                throw new IllegalArgumentException("--timeout-minutes must be >= 1 but was " + timeoutMinutes);
            }
            protectOptions = List.copyOf(protectOptions);
        }

        static Settings parse(String... args) {
            int images = 1000;
            Path jar = Path.of("examples/target/pixel-privacy.jar");
            String heap = "512m";
            int every = 100;
            int warmUp = 200;
            Path out = Path.of("memory.json");
            Path work = null;
            boolean keep = false;
            long timeout = 60;
            List<String> extra = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--")) {
                    extra.addAll(List.of(args).subList(i + 1, args.length));
                    break;
                }
                if (a.equals("--keep")) {
                    keep = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + a + " needs a value (or is unknown)");
                }
                String v = args[++i];
                switch (a) {
                    case "--images" -> images = integer(a, v);
                    case "--jar" -> jar = Path.of(v);
                    case "--heap" -> heap = v;
                    case "--every" -> every = integer(a, v);
                    case "--warm-up" -> warmUp = integer(a, v);
                    case "--out" -> out = Path.of(v);
                    case "--work" -> work = Path.of(v);
                    case "--timeout-minutes" -> timeout = integer(a, v);
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'; known: --images, --jar, "
                            + "--heap, --every, --warm-up, --out, --work, --keep, --timeout-minutes, -- PROTECT_OPTIONS");
                }
            }
            return new Settings(images, jar, heap, every, warmUp, out, work, keep, timeout, extra);
        }

        /** @return the value as an integer, or an error naming the option and the value */
        static int integer(String option, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be an integer but was '" + value + "'");
            }
        }
    }

    /**
     * @param args see the class description
     */
    public static void main(String[] args) {
        Settings s;
        try {
            s = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ProtectMemoryRun: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            MemoryReport report = run(s);
            AtomicFiles.writeString(s.out(), report.toJson());
            System.out.printf(Locale.ROOT, "ProtectMemoryRun: %d images, peak RSS %.1f MiB, growth %.1f MiB per 1000 "
                    + "images after %d; wrote %s%n", report.images(), report.peakRssMiB(),
                    report.growthMiBPer1000Images(), s.warmUp(), s.out());
        } catch (PixelPrivacyException | IllegalArgumentException | IOException e) {
            System.err.println("ProtectMemoryRun: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("ProtectMemoryRun: interrupted");
            System.exit(1);
        }
    }

    static MemoryReport run(Settings s) throws IOException, InterruptedException {
        if (!Files.isReadable(Path.of("/proc/self/status"))) {
            throw new PixelPrivacyException("this run reads /proc/<pid>/status and needs Linux");
        }
        if (!Files.isRegularFile(s.jar())) {
            throw new IllegalArgumentException("the tool's jar " + s.jar().toAbsolutePath() + " does not exist; build it "
                    + "with: mvn -B -ntp -q package -DskipTests -pl examples -am");
        }
        Path work = s.work() == null ? Files.createTempDirectory("pixel-privacy-memory-") : s.work();
        if (Files.exists(work)) {
            try (Stream<Path> entries = Files.list(work)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--work " + work + " must be empty or not exist");
                }
            }
        }
        Path in = Files.createDirectories(work.resolve("in"));
        Path out = work.resolve("out");
        try {
            writeImages(in, s.images());
            return measure(s, in, out, work);
        } finally {
            if (!s.keep()) {
                deleteTree(work);
            }
        }
    }

    /**
     * Writes {@code count} images {@code img-00000.png}... of {@link #SIZE}x{@link #SIZE}, from seeds 0, 1, ...
     */
    static void writeImages(Path dir, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            ImageFiles.writePng(texturedImage(SIZE, i), dir.resolve(String.format(Locale.ROOT, "img-%05d.png", i)));
        }
    }

    /**
     * A photo-like texture: a smooth colour ramp, a few oriented gratings of random frequency, and pixel noise.
     *
     * @param size side in pixels, at least 1
     * @param seed the same seed gives the same image
     * @return an RGB image in [0, 1]
     */
    static RgbImage texturedImage(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int plane = size * size;
        float[] d = new float[3 * plane];
        double[] base = {0.2 + 0.6 * r.nextDouble(), 0.2 + 0.6 * r.nextDouble(), 0.2 + 0.6 * r.nextDouble()};
        double[] ramp = {r.nextDouble() - 0.5, r.nextDouble() - 0.5, r.nextDouble() - 0.5};
        int waves = 3;
        double[] fx = new double[waves];
        double[] fy = new double[waves];
        double[] phase = new double[waves];
        double[][] amp = new double[waves][3];
        for (int k = 0; k < waves; k++) {
            double angle = Math.PI * r.nextDouble();
            double cycles = 2 + 30 * r.nextDouble();
            fx[k] = 2 * Math.PI * cycles * Math.cos(angle) / size;
            fy[k] = 2 * Math.PI * cycles * Math.sin(angle) / size;
            phase[k] = 2 * Math.PI * r.nextDouble();
            for (int c = 0; c < 3; c++) {
                amp[k][c] = 0.12 * r.nextDouble();
            }
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double t = (double) (x + y) / (2 * size);
                for (int c = 0; c < 3; c++) {
                    double v = base[c] + ramp[c] * (t - 0.5);
                    for (int k = 0; k < waves; k++) {
                        v += amp[k][c] * Math.sin(fx[k] * x + fy[k] * y + phase[k]);
                    }
                    v += 0.04 * (r.nextDouble() - 0.5);
                    d[c * plane + y * size + x] = (float) Math.min(1, Math.max(0, v));
                }
            }
        }
        return RgbImage.of(size, size, d);
    }

    /** The child's command line: fixed, pre-touched heap, then {@code protect IN --output OUT --jsonl}. */
    static List<String> childCommand(Settings s, Path in, Path out) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xms" + s.heap(), "-Xmx" + s.heap(), "-XX:+AlwaysPreTouch",
                "-jar", s.jar().toAbsolutePath().toString(), "protect", in.toString(), "--output", out.toString(), "--jsonl"));
        cmd.addAll(s.protectOptions());
        return cmd;
    }

    /** Joins a command line for a POSIX shell, quoting words that need it. */
    static String shellLine(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            if (!w.isEmpty() && w.matches("[A-Za-z0-9_@%+=:,./-]+")) {
                sb.append(w);
            } else {
                sb.append('\'').append(w.replace("'", "'\\''")).append('\'');
            }
        }
        return sb.toString();
    }

    /** What the child protects with, for the report. */
    static String modelDescription(Settings s) {
        String d = "pixel-privacy protect defaults: embedded demo threat model (scene-demo.onnx, a small CNN of 4 "
                + "procedural scene classes), FGSM, eps 8/255, uniform mask; " + s.images() + " generated " + SIZE + "x"
                + SIZE + " PNGs";
        return s.protectOptions().isEmpty() ? d : d + "; options " + String.join(" ", s.protectOptions());
    }

    /** State shared between the sampler (main thread) and the child's stdout reader. */
    private static final class Progress {
        final long pid;
        final List<MemoryReport.Sample> samples = Collections.synchronizedList(new ArrayList<>());
        final Deque<String> otherLines = new ArrayDeque<>();
        volatile ProcStatus last;
        volatile long peakKiB;
        volatile int protectedImages;
        volatile int failedImages;
        volatile String summary;

        Progress(long pid) {
            this.pid = pid;
        }

        synchronized void observe(ProcStatus st) {
            last = st;
            peakKiB = Math.max(peakKiB, Math.max(st.hwmKiB(), st.rssKiB()));
        }

        /** Reads the child's status now; falls back to the last periodic reading if it has just exited. */
        ProcStatus now() {
            try {
                Optional<ProcStatus> st = ProcStatus.read(pid);
                st.ifPresent(this::observe);
                return st.orElse(last);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        synchronized void other(String line) {
            otherLines.addLast(line);
            while (otherLines.size() > TAIL_LINES) {
                otherLines.removeFirst();
            }
        }
    }

    private static MemoryReport measure(Settings s, Path in, Path out, Path work) throws IOException, InterruptedException {
        List<String> cmd = childCommand(s, in, out);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        String omp = System.getenv().getOrDefault("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().put("OMP_WAIT_POLICY", omp);
        Path stderr = work.resolve("child-stderr.txt");
        pb.redirectError(stderr.toFile());
        String commandLine = "OMP_WAIT_POLICY=" + omp + " " + shellLine(cmd);
        System.out.println("ProtectMemoryRun: " + commandLine);

        Process child = pb.start();
        Progress progress = new Progress(child.pid());
        Thread reader = new Thread(() -> readLines(child.getInputStream(), s.every(), progress), "child-stdout");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(s.timeoutMinutes());
        try {
            while (!child.waitFor(SAMPLE_PERIOD_MS, TimeUnit.MILLISECONDS)) {
                ProcStatus.read(child.pid()).ifPresent(progress::observe);
                if (System.nanoTime() > deadline) {
                    throw new PixelPrivacyException("the child did not finish within " + s.timeoutMinutes() + " minutes ("
                            + progress.protectedImages + " of " + s.images() + " images done); command: " + commandLine);
                }
            }
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
                child.waitFor();
            }
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        int exit = child.exitValue();
        if (exit != 0 || progress.protectedImages != s.images() || progress.failedImages > 0) {
            throw new PixelPrivacyException(String.format(Locale.ROOT, "the child exited with %d after protecting %d of %d "
                    + "images (%d failed); command: %s%nlast lines of its stderr:%n%s%nlast other lines of its stdout:%n%s",
                    exit, progress.protectedImages, s.images(), progress.failedImages, commandLine, tail(stderr),
                    String.join("\n", progress.otherLines)));
        }
        if (progress.summary == null) {
            throw new PixelPrivacyException("the child exited 0 but printed no JSON summary line; command: " + commandLine);
        }
        List<MemoryReport.Sample> samples;
        synchronized (progress.samples) {
            samples = new ArrayList<>(progress.samples);
        }
        samples.sort(Comparator.comparingInt(MemoryReport.Sample::images));
        return new MemoryReport(commandLine, modelDescription(s), s.images(), progress.peakKiB / 1024.0, samples,
                MemoryReport.growthPer1000(samples, s.warmUp()));
    }

    /**
     * Counts the child's JSON lines whose {@code status} is {@code protected}; at the first one records
     * the last periodic reading as the sample at 0 images (model loaded, first image under way), and
     * every {@code every} images reads VmRSS at once.
     */
    private static void readLines(InputStream stdout, int every, Progress p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                JsonNode json = jsonObject(line);
                String status = json == null ? null : json.path("status").asText(null);
                if ("protected".equals(status)) {
                    if (p.protectedImages == 0) {
                        ProcStatus before = p.last != null ? p.last : p.now();
                        if (before != null) {
                            p.samples.add(new MemoryReport.Sample(0, before.rssMiB()));
                        }
                    }
                    int done = ++p.protectedImages;
                    if (done % every == 0) {
                        ProcStatus st = p.now();
                        if (st != null) {
                            p.samples.add(new MemoryReport.Sample(done, st.rssMiB()));
                        }
                    }
                } else if ("failed".equals(status)) {
                    p.failedImages++;
                    p.other(line);
                } else if (json != null && json.has("summary")) {
                    p.summary = line;
                } else {
                    p.other(line);
                }
            }
        } catch (IOException e) {
            p.other("(reading the child's output failed: " + e + ")");
        }
    }

    /** @return the line as a JSON object, or null if it is not one (the child also prints other text) */
    static JsonNode jsonObject(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(line);
            return n != null && n.isObject() ? n : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
