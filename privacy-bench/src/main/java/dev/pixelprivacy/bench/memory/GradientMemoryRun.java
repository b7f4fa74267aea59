package dev.pixelprivacy.bench.memory;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pixelprivacy.bench.dl4j.ResNet50Onnx;
import dev.pixelprivacy.core.io.AtomicFiles;
import dev.pixelprivacy.dl4j.onnx.Objective;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.onnx.OnnxNetwork;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Peak resident memory of one ResNet-50 FGSM step (forward and input gradient of the mean softmax
 * cross-entropy, 365 classes, the network of {@code ResNet50Benchmark}), ours and PyTorch's, measured
 * in the same run (issue 13: ours at most PyTorch's at batch 32). The ONNX file is written once by this
 * process; then, for each round, two child processes run the same work and nothing else:
 * <ul>
 *   <li>ours: a JVM with the benchmark fork's settings ({@code -Xms2g -Xmx4g}) that loads the file
 *       with {@link OnnxModel#load}, builds the gradient network and runs {@code --calls} gradient
 *       calls ({@code --child} mode of this class);</li>
 *   <li>PyTorch: {@code privacy-bench/anchors/torch_gradient_memory_anchor.py} under
 *       {@code /usr/bin/python3}, two threads, the same number of FGSM steps.</li>
 * </ul>
 * Each child's VmHWM is sampled every 20 ms from {@code /proc/<pid>/status} ({@link ChildRun}), and
 * each prints its resident size before the first call and after each call, so the baseline (what is
 * resident before any call) and the call's own share are told apart. Writes {@code gradient-memory.json}:
 * <pre>{"batch": 32, "size": 256, "calls": 2, "runs": [{"impl": "ours", "round": 1, "peakRssMiB": ...,
 *   "beforeFirstCallMiB": ..., "callMs": [...], "command": "..."}, {"impl": "pytorch", ...}],
 *   "oursOverPytorch": ...}</pre>
 * ({@code oursOverPytorch}: the ratio of the median peaks). Linux only.
 *
 * <p>Run after {@code mvn -B -ntp -q package -DskipTests -pl privacy-bench -am}:
 * <pre>java -cp privacy-bench/target/benchmarks.jar dev.pixelprivacy.bench.memory.GradientMemoryRun
 *     [--batch 32] [--size 256] [--calls 2] [--rounds 1] [--python /usr/bin/python3]
 *     [--anchor privacy-bench/anchors/torch_gradient_memory_anchor.py] [--out gradient-memory.json]
 *     [--timeout-minutes 30]</pre>
 * A batch-32 child needs about 6 GB. Exits 0 on success, 2 on bad options, 1 on any other failure.
 */
public final class GradientMemoryRun {
    private static final int CLASSES = 365;
    /** The JVM settings of {@code ResNet50Benchmark}'s fork, so the numbers are those of the benchmark. */
    static final List<String> JVM_OPTIONS = List.of("-Xms2g", "-Xmx4g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=20g");

    private GradientMemoryRun() {}

    /** Settings, validated. */
    record Settings(int batch, int size, int calls, int rounds, Path python, Path anchor, Path out,
                    long timeoutMinutes) {
        Settings {
            if (batch < 1 || batch > 256) {
                throw new IllegalArgumentException("--batch must be in [1, 256] but was " + batch);
            }
            if (size < 32 || size > 1024) {
                throw new IllegalArgumentException("--size must be in [32, 1024] but was " + size);
            }
            if (calls < 1 || calls > 100) {
                throw new IllegalArgumentException("--calls must be in [1, 100] but was " + calls);
            }
            if (rounds < 1 || rounds > 20) {
                throw new IllegalArgumentException("--rounds must be in [1, 20] but was " + rounds);
            }
            if (timeoutMinutes < 1) {
                throw new IllegalArgumentException("--timeout-minutes must be >= 1 but was " + timeoutMinutes);
            }
        }

        static Settings parse(String... args) {
            Map<String, String> v = new LinkedHashMap<>(Map.of("--batch", "32", "--size", "256", "--calls", "2",
                    "--rounds", "1", "--python", "/usr/bin/python3", "--anchor",
                    "privacy-bench/anchors/torch_gradient_memory_anchor.py", "--out", "gradient-memory.json",
                    "--timeout-minutes", "30"));
            List<String> extra = new ArrayList<>();
            for (String[] o : ChildRun.options(args, Set.of(), extra)) {
                if (!v.containsKey(o[0])) {
                    throw new IllegalArgumentException("unknown option '" + o[0] + "'; known: " + v.keySet());
                }
                v.put(o[0], o[1]);
            }
            if (!extra.isEmpty()) {
                throw new IllegalArgumentException("unexpected arguments after --: " + extra);
            }
            return new Settings(integer(v, "--batch"), integer(v, "--size"), integer(v, "--calls"),
                    integer(v, "--rounds"), Path.of(v.get("--python")), Path.of(v.get("--anchor")),
                    Path.of(v.get("--out")), integer(v, "--timeout-minutes"));
        }

        private static int integer(Map<String, String> v, String name) {
            try {
                return Integer.parseInt(v.get(name));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be an integer but was '" + v.get(name) + "'");
            }
        }
    }

    /**
     * One child's measurement.
     *
     * @param impl {@code ours} or {@code pytorch}
     * @param round the round, from 1
     * @param peakRssMiB the highest VmHWM sampled or printed
     * @param beforeFirstCallMiB VmRSS once the network is built, before the first call
     * @param callMs wall time of each call
     * @param command the child's command line
     */
    record Result(String impl, int round, double peakRssMiB, double beforeFirstCallMiB, List<Double> callMs,
                  String command) {
    }

    /**
     * @param args see the class description; {@code --child MODEL BATCH SIZE CALLS} is the measured JVM
     */
    public static void main(String[] args) {
        if (args.length == 5 && args[0].equals("--child")) {
            ChildRun.exitAfter("GradientMemoryRun", () -> child(Path.of(args[1]), Integer.parseInt(args[2]),
                    Integer.parseInt(args[3]), Integer.parseInt(args[4])));
            return;
        }
        Settings s = ChildRun.parseOrExit("GradientMemoryRun", () -> Settings.parse(args));
        ChildRun.exitAfter("GradientMemoryRun", () -> {
            List<Result> results = run(s);
            AtomicFiles.writeString(s.out(), toJson(s, results));
            for (Result r : results) {
                System.out.printf(Locale.ROOT, "GradientMemoryRun: %s round %d: peak RSS %.1f MiB, %.1f MiB before the"
                        + " first call, calls %s ms%n", r.impl(), r.round(), r.peakRssMiB(), r.beforeFirstCallMiB(),
                        r.callMs());
            }
            System.out.printf(Locale.ROOT, "GradientMemoryRun: ours / PyTorch peak RSS %.3f; wrote %s%n",
                    ratio(results), s.out());
        });
    }

    /** The measured JVM: loads the model, builds the gradient network, runs the calls, prints stages. */
    private static void child(Path model, int batch, int size, int calls) throws IOException {
        OnnxModel m = OnnxModel.load(model);
        try (OnnxNetwork net = m.network(m.inputShapeFor(batch, size, size), Objective.SOFTMAX_CROSS_ENTROPY)) {
            SplittableRandom r = new SplittableRandom(7);
            float[] x = new float[net.inputLength()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextDouble();
            }
            // cross_entropy with reduction 'mean': one-hot rows scaled by 1 / batch
            float[] labels = new float[net.outputLength()];
            for (int b = 0; b < batch; b++) {
                labels[b * CLASSES + r.nextInt(CLASSES)] = 1f / batch;
            }
            stage("before-first-call", 0);
            for (int c = 1; c <= calls; c++) {
                long t0 = System.nanoTime();
                net.gradient(x, labels);
                stage("after-call-" + c, (System.nanoTime() - t0) / 1e6);
            }
        }
    }

    private static void stage(String name, double ms) throws IOException {
        ProcStatus st = ProcStatus.read(ProcessHandle.current().pid())
                .orElseThrow(() -> new IllegalStateException("cannot read /proc/self/status"));
        System.out.printf(Locale.ROOT, "stage %s %d %d %.0f%n", name, st.rssKiB(), st.hwmKiB(), ms);
    }

    static List<Result> run(Settings s) throws IOException, InterruptedException {
        if (!Files.isReadable(Path.of("/proc/self/status"))) {
            throw new IllegalStateException("this run reads /proc/<pid>/status and needs Linux");
        }
        if (!Files.isRegularFile(s.anchor())) {
            throw new IllegalArgumentException("the PyTorch anchor " + s.anchor().toAbsolutePath() + " does not exist");
        }
        Path model = Files.createTempFile("resnet50-", ".onnx");
        try {
            ResNet50Onnx.write(model, CLASSES, 2024);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cp = System.getProperty("java.class.path");
            List<Result> results = new ArrayList<>();
            for (int round = 1; round <= s.rounds(); round++) {
                List<String> ours = new ArrayList<>(List.of(java));
                ours.addAll(JVM_OPTIONS);
                ours.addAll(List.of("-cp", cp, GradientMemoryRun.class.getName(), "--child", model.toString(),
                        Integer.toString(s.batch()), Integer.toString(s.size()), Integer.toString(s.calls())));
                results.add(measure("ours", round, ours, Map.of(), s));
                List<String> torch = List.of(s.python().toString(), s.anchor().toString(), Integer.toString(s.batch()),
                        Integer.toString(s.size()), Integer.toString(s.calls()));
                results.add(measure("pytorch", round, torch, Map.of("OMP_NUM_THREADS", "2"), s));
            }
            return results;
        } finally {
            Files.deleteIfExists(model);
        }
    }

    private static Result measure(String impl, int round, List<String> cmd, Map<String, String> env, Settings s)
            throws IOException, InterruptedException {
        ChildRun c = ChildRun.run(cmd, env, s.timeoutMinutes());
        return parse(impl, round, c, s.calls());
    }

    /**
     * Reads a child's stage lines ({@code stage NAME VmRSS_KiB VmHWM_KiB MS}).
     *
     * @throws IllegalStateException if the child failed or did not print every stage
     */
    static Result parse(String impl, int round, ChildRun c, int calls) {
        double before = -1;
        long peak = c.peakKiB();
        List<Double> ms = new ArrayList<>();
        for (String line : c.lines()) {
            String[] p = line.trim().split("\\s+");
            if (p.length != 5 || !p[0].equals("stage")) {
                continue;
            }
            long rss = Long.parseLong(p[2]);
            peak = Math.max(peak, Long.parseLong(p[3]));
            if (p[1].equals("before-first-call")) {
                before = rss / 1024.0;
            } else if (p[1].startsWith("after-call-")) {
                ms.add(Double.parseDouble(p[4]));
            }
        }
        if (c.exitCode() != 0 || before < 0 || ms.size() != calls) {
            throw new IllegalStateException(impl + " exited with " + c.exitCode() + " after " + ms.size() + " of "
                    + calls + " calls; command: " + c.commandLine() + "\nits output:\n" + c.tail());
        }
        return new Result(impl, round, peak / 1024.0, before, List.copyOf(ms), c.commandLine());
    }

    /** @return median peak of ours over the median peak of PyTorch's */
    static double ratio(List<Result> results) {
        return median(results, "ours") / median(results, "pytorch");
    }

    private static double median(List<Result> results, String impl) {
        double[] v = results.stream().filter(r -> r.impl().equals(impl)).mapToDouble(Result::peakRssMiB).sorted()
                .toArray();
        if (v.length == 0) {
            throw new IllegalArgumentException("no run of " + impl);
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** @return the JSON of the class description, numbers of megabytes and milliseconds rounded to 0.1 */
    static String toJson(Settings s, List<Result> results) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = MemoryReport.JSON.createGenerator(w)) {
            g.setPrettyPrinter(new MemoryReport.Layout());
            g.writeStartObject();
            g.writeNumberField("batch", s.batch());
            g.writeNumberField("size", s.size());
            g.writeNumberField("classes", CLASSES);
            g.writeNumberField("calls", s.calls());
            g.writeArrayFieldStart("runs");
            for (Result r : results) {
                g.writeStartObject();
                g.writeStringField("impl", r.impl());
                g.writeNumberField("round", r.round());
                g.writeFieldName("peakRssMiB");
                g.writeNumber(MemoryReport.tenths(r.peakRssMiB()));
                g.writeFieldName("beforeFirstCallMiB");
                g.writeNumber(MemoryReport.tenths(r.beforeFirstCallMiB()));
                g.writeArrayFieldStart("callMs");
                for (double ms : r.callMs()) {
                    g.writeNumber(MemoryReport.tenths(ms));
                }
                g.writeEndArray();
                g.writeStringField("command", r.command());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName("oursOverPytorch");
            g.writeNumber(Math.round(ratio(results) * 1000) / 1000.0);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to a string: " + e.getMessage(), e);
        }
        return w.append('\n').toString();
    }
}
