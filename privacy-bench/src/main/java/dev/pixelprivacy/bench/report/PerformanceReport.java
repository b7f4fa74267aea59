package dev.pixelprivacy.bench.report;

import dev.pixelprivacy.bench.masks.MaskThroughputBenchmark;
import dev.pixelprivacy.bench.memory.FolderThroughputRun;
import dev.pixelprivacy.core.io.AtomicFiles;
import dev.pixelprivacy.core.mask.MaskProvider;
import dev.pixelprivacy.core.mask.MaskRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Writes the performance page from the output folder of {@code scripts/bench.sh} ({@link SuiteResults}):
 * one section per part of the suite, every number read from the files.
 *
 * <ul>
 *   <li><b>filters</b> ({@code dev.pixelprivacy.bench.filters}): ms per call of ours beside the anchors.
 *       A method whose name ends in {@code Opencv} or {@code Boofcv} (or is {@code opencv} /
 *       {@code boofcv}) is an anchor; its prefix before that suffix is its group, and it is compared with
 *       every method of the same class, same parameters, whose name starts with the group followed by
 *       {@code ours} ({@code sobelOpencv} with {@code sobelOurs}, {@code opencv} with {@code ours} and
 *       {@code oursExactFir}). Ratios are anchor time / our time: above 1, ours is faster.</li>
 *   <li><b>masks</b> ({@code dev.pixelprivacy.bench.masks}): megapixels per second = pixels of the
 *       {@code size} parameter ({@code WIDTHxHEIGHT}) / time per mask.</li>
 *   <li><b>gradient</b> ({@code dev.pixelprivacy.bench.dl4j.ResNet50Benchmark}): per parameter set, ms per
 *       call of each method; for the method whose name contains {@code fgsm}, FGSM steps per second
 *       (1000 / ms) and images per second ({@code batch} x steps per second); the PyTorch anchor of the
 *       same {@code size} and {@code batch} and the ratio ours / PyTorch, or "not measured".</li>
 *   <li><b>pipeline</b> ({@code dev.pixelprivacy.bench.pipeline}): per class and parameter set, ms per
 *       call of each part and its share of the whole pipeline, the method whose name contains
 *       {@code pipeline} or starts with {@code whole} or {@code total} (without one, of the sum of the
 *       parts); ms per image when there is a {@code batch} parameter.</li>
 *   <li><b>memory</b>: {@code memory.json}'s peak resident memory, growth per 1000 images and samples.</li>
 *   <li>anything else: ms per call.</li>
 * </ul>
 * Given a CUDA run's folder, the gradient, pipeline and other tables add its time for the same benchmark
 * and parameters and the ratio CPU / CUDA. Every section says when, on what machine, with which JMH
 * settings and by which command its numbers were produced.
 *
 * <p>Usage: {@code PerformanceReport DIR [--cuda-results DIR] [--output FILE] [--update-readme FILE]};
 * writes {@code DIR/PERFORMANCE.md} by default. Exit code 2 for bad usage, 1 when a file cannot be read.
 */
public final class PerformanceReport {
    /** The README's marker before the generated block. */
    public static final String BEGIN = "<!-- bench:begin -->";
    /** The README's marker after the generated block. */
    public static final String END = "<!-- bench:end -->";
    /** What a cell says when there is nothing measured to show. */
    public static final String NOT_MEASURED = "not measured";

    private static final String FILTERS = "dev.pixelprivacy.bench.filters";
    private static final String MASKS = "dev.pixelprivacy.bench.masks";
    private static final String GRADIENT = "dev.pixelprivacy.bench.dl4j.ResNet50Benchmark";
    private static final String PIPELINE = "dev.pixelprivacy.bench.pipeline";

    private final SuiteResults cpu;
    private final SuiteResults cuda;
    private final String cudaLabel;

    /**
     * @param cpu the suite's results
     * @param cuda a CUDA run's results of the same benchmarks, or null
     * @param cudaLabel how to name the CUDA folder in the text
     */
    public PerformanceReport(SuiteResults cpu, SuiteResults cuda, String cudaLabel) {
        this.cpu = cpu;
        this.cuda = cuda;
        this.cudaLabel = cudaLabel;
    }

    /**
     * @param args {@code DIR [--cuda-results DIR] [--output FILE] [--update-readme FILE]}
     */
    public static void main(String[] args) {
        Path dir = null;
        Path cudaDir = null;
        Path output = null;
        Path readme = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--cuda-results") || a.equals("--output") || a.equals("--update-readme")) {
                if (i + 1 >= args.length) {
                    usage("option " + a + " needs a value");
                }
                Path v = Path.of(args[++i]);
                switch (a) {
                    case "--cuda-results" -> cudaDir = v;
                    case "--output" -> output = v;
                    default -> readme = v;
                }
            } else if (a.startsWith("-")) {
                usage("unknown option '" + a + "'");
            } else if (dir == null) {
                dir = Path.of(a);
            } else {
                usage("one results folder expected, but got a second: '" + a + "'");
            }
        }
        if (dir == null) {
            usage("the results folder is missing");
        }
        try {
            SuiteResults cpu = SuiteResults.load(dir);
            SuiteResults cuda = cudaDir == null ? null : SuiteResults.load(cudaDir);
            PerformanceReport report = new PerformanceReport(cpu, cuda, cudaDir == null ? "" : cudaDir.toString());
            Path out = output != null ? output : dir.resolve("PERFORMANCE.md");
            writeAtomically(out, report.page());
            System.out.println("PerformanceReport: wrote " + out);
            if (readme != null) {
                updateReadme(readme, report.markdown(3));
                System.out.println("PerformanceReport: updated the block between the markers in " + readme);
            }
            for (String n : cpu.notes()) {
                System.err.println("PerformanceReport: " + n);
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("PerformanceReport: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void usage(String problem) {
        System.err.println("PerformanceReport: " + problem);
        System.err.println("usage: PerformanceReport DIR [--cuda-results DIR] [--output FILE] [--update-readme FILE]");
        System.exit(2);
    }

    /** @return the whole page, {@code # Performance} and the sections one level below */
    public String page() {
        return "# Performance\n\nGenerated by `dev.pixelprivacy.bench.report.PerformanceReport` from `" + cpu.dir()
                + "`" + (cuda != null ? " and the CUDA run in `" + cudaLabel + "`" : "") + ".\n\n" + markdown(2);
    }

    /**
     * @param level the Markdown heading level of the sections, 1 to 5
     * @return the sections, one per part
     */
    public String markdown(int level) {
        if (level < 1 || level > 5) {
            throw new IllegalArgumentException("heading level must be in [1, 5] but was " + level);
        }
        String h = "#".repeat(level) + " ";
        StringBuilder sb = new StringBuilder();
        List<JmhResult> all = cpu.results();
        List<JmhResult> filters = select(all, r -> r.packageName().equals(FILTERS));
        List<JmhResult> masks = select(all, r -> r.packageName().equals(MASKS));
        List<JmhResult> gradient = select(all, r -> r.className().equals(GRADIENT));
        List<JmhResult> pipeline = select(all, r -> r.packageName().equals(PIPELINE));
        List<JmhResult> other = select(all, r -> !filters.contains(r) && !masks.contains(r) && !gradient.contains(r)
                && !pipeline.contains(r));

        sb.append(h).append("Filters: ours against OpenCV and BoofCV\n\n");
        if (notRun(sb, filters, "filters")) {
            header(sb, filters, "ms per call (lower is better); \"OpenCV / ours\" above 1 means ours is faster.");
            filters(sb, filters);
        }
        sb.append(h).append("Masks: megapixels per second\n\n");
        if (notRun(sb, masks, "masks")) {
            header(sb, masks, "One mask per call, each provider with its default options; MP/s = pixels / time "
                    + "(higher is better).");
            masks(sb, masks);
        }
        sb.append(h).append("Gradient: ResNet-50 FGSM steps\n\n");
        if (notRun(sb, gradient, "gradient")) {
            header(sb, gradient, "ms per call (lower is better); steps/s = 1000 / ms of one FGSM step (forward, "
                    + "input gradient, step), images/s = batch x steps/s.");
            gradient(sb, gradient);
        }
        gradientMemory(sb);
        sb.append(h).append("Salient Defence pipeline: cost of each part\n\n");
        if (notRun(sb, pipeline, "pipeline")) {
            header(sb, pipeline, "ms per call (lower is better) and each part's share of the whole pipeline.");
            pipeline(sb, pipeline);
        }
        sb.append(h).append("Memory of a protect run\n\n");
        memory(sb);
        sb.append(h).append("A folder of photos: images per second\n\n");
        folder(sb);
        sb.append(h).append("Spark: images per second\n\n");
        spark(sb);
        if (!other.isEmpty()) {
            sb.append(h).append("Other benchmarks\n\n");
            header(sb, other, "ms per call (lower is better).");
            generic(sb, other);
        }
        return sb.toString();
    }

    private static List<JmhResult> select(List<JmhResult> all, Predicate<JmhResult> p) {
        return all.stream().filter(p).collect(Collectors.toList());
    }

    /** @return true when there are results; otherwise says how to produce them */
    private static boolean notRun(StringBuilder sb, List<JmhResult> rs, String part) {
        if (rs.isEmpty()) {
            sb.append("Not in this run: `scripts/bench.sh ").append(part).append("` measures it.\n\n");
            return false;
        }
        return true;
    }

    private void header(StringBuilder sb, List<JmhResult> rs, String what) {
        Set<SuiteResults.RunInfo> runs = new LinkedHashSet<>();
        Set<String> jvms = new LinkedHashSet<>();
        Set<String> settings = new LinkedHashSet<>();
        for (JmhResult r : rs) {
            runs.add(cpu.runOf(r));
            jvms.add(r.jvm());
            settings.add(settings(r));
        }
        if (runs.stream().anyMatch(SuiteResults.RunInfo::quick)) {
            sb.append("**Quick smoke run: these numbers only show that the benchmarks run; they are not "
                    + "measurements.**\n\n");
        }
        sb.append(what).append("\n\n");
        for (SuiteResults.RunInfo run : runs) {
            appendRun(sb, run, ", " + String.join("; ", jvms));
        }
        sb.append("- JMH: ").append(String.join("; ", settings)).append(".\n\n");
    }

    /** The "- Run: ..." and "- Command: ..." lines of one part's run; {@code jvm} follows the machine. */
    private static void appendRun(StringBuilder sb, SuiteResults.RunInfo run, String jvm) {
        sb.append("- Run: ").append(run.date().isEmpty() ? "date not recorded" : run.date()).append(", ")
                .append(machine(run)).append(jvm);
        if (!run.backend().isEmpty()) {
            sb.append(", ").append(run.backend());
        }
        if (run.seconds() >= 0) {
            sb.append(", took ").append(duration(run.seconds()));
        }
        sb.append(".\n");
        sb.append("- Command: ").append(run.suiteCommand().isEmpty() ? "not recorded" : code(run.suiteCommand()));
        if (!run.command().isEmpty()) {
            sb.append(", which ran ").append(code(run.command()));
        }
        sb.append(".\n");
    }

    private static String machine(SuiteResults.RunInfo run) {
        String cores = run.cores() > 0 ? run.cores() + (run.cores() == 1 ? " core" : " cores") : "cores not recorded";
        return run.cpu().isEmpty() ? cores : cores + " (" + run.cpu() + ")";
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : s / 60 + " min " + s % 60 + " s";
    }

    private static String settings(JmhResult r) {
        return r.forks() + (r.forks() == 1 ? " fork" : " forks") + ", "
                + (r.warmupIterations() == 0 ? "no" : r.warmupIterations() + " x " + r.warmupTime()) + " warm-up, " + r.measurementIterations() + " x " + r.measurementTime() + " measurement ("
                + r.mode() + ")";
    }

    private static String code(String s) {
        return s.contains("`") ? "``" + s + "``" : "`" + s + "`";
    }

    // ---------------------------------------------------------------- filters

    private void filters(StringBuilder sb, List<JmhResult> rs) {
        for (Map.Entry<String, List<JmhResult>> cls : byClass(rs).entrySet()) {
            List<JmhResult> c = cls.getValue();
            List<String> paramNames = paramNames(c);
            Map<String, JmhResult> anchors = new HashMap<>();
            Set<String> groups = new LinkedHashSet<>();
            for (JmhResult r : c) {
                String g = anchorGroup(r.method());
                if (g != null) {
                    anchors.put(anchorKind(r.method()) + "|" + g + "|" + r.params(), r);
                    groups.add(g);
                }
            }
            List<JmhResult> ours = new ArrayList<>();
            List<JmhResult> rest = new ArrayList<>();
            for (JmhResult r : c) {
                if (anchorGroup(r.method()) != null) {
                    continue;
                }
                (oursGroup(r.method(), groups) != null || r.method().toLowerCase(Locale.ROOT).contains("ours")
                        ? ours : rest).add(r);
            }
            // anchors nobody is compared with are shown on their own
            Set<String> usedGroups = ours.stream().map(r -> oursGroup(r.method(), groups))
                    .filter(g -> g != null).collect(Collectors.toSet());
            for (JmhResult r : c) {
                String g = anchorGroup(r.method());
                if (g != null && !usedGroups.contains(g)) {
                    rest.add(r);
                }
            }
            sb.append("`").append(cls.getKey()).append("`:\n\n");
            List<String> head = new ArrayList<>(List.of("benchmark"));
            head.addAll(paramNames);
            head.addAll(List.of("ours", "OpenCV", "BoofCV", "OpenCV / ours", "BoofCV / ours"));
            List<List<String>> rows = new ArrayList<>();
            for (JmhResult r : ours) {
                String g = oursGroup(r.method(), groups);
                JmhResult cv = g == null ? null : anchors.get("opencv|" + g + "|" + r.params());
                JmhResult boof = g == null ? null : anchors.get("boofcv|" + g + "|" + r.params());
                List<String> row = new ArrayList<>(List.of(r.method()));
                row.addAll(paramValues(r, paramNames));
                double ms = r.msPerOp();
                row.add(ms(ms));
                row.add(cv == null ? NOT_MEASURED : ms(cv.msPerOp()));
                row.add(boof == null ? NOT_MEASURED : ms(boof.msPerOp()));
                row.add(cv == null ? NOT_MEASURED : ratio(cv.msPerOp() / ms));
                row.add(boof == null ? NOT_MEASURED : ratio(boof.msPerOp() / ms));
                rows.add(row);
            }
            table(sb, head, rows);
            if (!rest.isEmpty()) {
                sb.append("Measured on their own (no counterpart to compare with), ms per call:\n\n");
                generic(sb, rest);
            }
        }
    }

    /** @return the lower-case group of an anchor method ({@code sobelOpencv} gives {@code sobel}), or null */
    static String anchorGroup(String method) {
        String m = method.toLowerCase(Locale.ROOT);
        for (String suffix : new String[] {"opencv", "boofcv"}) {
            if (m.endsWith(suffix)) {
                return m.substring(0, m.length() - suffix.length());
            }
        }
        return null;
    }

    private static String anchorKind(String method) {
        return method.toLowerCase(Locale.ROOT).endsWith("opencv") ? "opencv" : "boofcv";
    }

    /** @return the longest anchor group {@code g} such that the method starts with {@code g + "ours"}, or null */
    static String oursGroup(String method, Set<String> groups) {
        String m = method.toLowerCase(Locale.ROOT);
        String best = null;
        for (String g : groups) {
            if (m.startsWith(g + "ours") && (best == null || g.length() > best.length())) {
                best = g;
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- masks

    private void masks(StringBuilder sb, List<JmhResult> rs) {
        MaskRegistry registry = MaskRegistry.load();
        for (Map.Entry<String, List<JmhResult>> cls : byClass(rs).entrySet()) {
            List<JmhResult> c = cls.getValue();
            List<String> paramNames = paramNames(c);
            List<String> head = new ArrayList<>(paramNames);
            head.addAll(List.of("ms per mask", "MP/s"));
            boolean anySingle = false;
            List<List<String>> rows = new ArrayList<>();
            for (JmhResult r : c) {
                List<String> row = new ArrayList<>(paramValues(r, paramNames));
                String provider = r.param("provider");
                String threads = r.param("threads");
                Optional<MaskProvider> p = provider == null ? Optional.empty() : registry.find(provider);
                if (threads != null && !threads.equals("1") && p.isPresent()
                        && !MaskThroughputBenchmark.takesThreads(p.get())) {
                    int i = paramNames.indexOf("threads");
                    row.set(i, threads + " (runs on 1)");
                    anySingle = true;
                }
                double ms = r.msPerOp();
                row.add(ms(ms));
                row.add(megapixelsPerSecond(r.param("size"), ms));
                rows.add(row);
            }
            sb.append("`").append(cls.getKey()).append("`:\n\n");
            table(sb, head, rows);
            if (anySingle) {
                sb.append("\"runs on 1\": the provider has no `threads` option; it computes on the calling thread "
                        + "whatever the setting.\n\n");
            }
        }
    }

    /**
     * @param size {@code WIDTHxHEIGHT}, or null
     * @param msPerMask ms per mask
     * @return megapixels per second, formatted, or why it cannot be given
     */
    static String megapixelsPerSecond(String size, double msPerMask) {
        long pixels = pixels(size);
        if (pixels <= 0) {
            return "n/a (size '" + size + "' is not WIDTHxHEIGHT)";
        }
        return rate(pixels / 1e6 / (msPerMask / 1000.0));
    }

    private static long pixels(String size) {
        if (size == null) {
            return -1;
        }
        String[] p = size.split("x");
        try {
            return p.length == 2 ? Long.parseLong(p[0]) * Long.parseLong(p[1]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------- gradient

    private void gradient(StringBuilder sb, List<JmhResult> rs) {
        Map<String, JmhResult> cudaByKey = cudaByKey();
        List<String> methods = new ArrayList<>(new LinkedHashSet<>(rs.stream().map(JmhResult::method).toList()));
        methods.sort((a, b) -> Integer.compare(methodRank(a), methodRank(b)));
        String fgsm = methods.stream().filter(m -> m.toLowerCase(Locale.ROOT).contains("fgsm")).findFirst().orElse(null);
        String fwd = methods.stream().filter(m -> m.toLowerCase(Locale.ROOT).contains("forward")).findFirst().orElse(null);
        List<String> paramNames = paramNames(rs);
        Map<Map<String, String>, Map<String, JmhResult>> byParams = new LinkedHashMap<>();
        for (JmhResult r : rs) {
            byParams.computeIfAbsent(r.params(), k -> new LinkedHashMap<>()).put(r.method(), r);
        }
        List<String> head = new ArrayList<>(paramNames);
        for (String m : methods) {
            head.add(m + " ms");
            if (m.equals(fgsm)) {
                head.add("FGSM steps/s");
                head.add("images/s");
            }
        }
        if (fgsm != null) {
            head.add("PyTorch " + fgsm + " ms");
            head.add("ours / PyTorch");
        }
        if (fwd != null) {
            head.add("PyTorch " + fwd + " ms");
            head.add("ours / PyTorch (" + fwd + ")");
        }
        if (cuda != null) {
            for (String m : methods) {
                head.add("CUDA " + m + " ms");
                head.add("CPU / CUDA (" + m + ")");
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<Map<String, String>, Map<String, JmhResult>> e : byParams.entrySet()) {
            Map<String, String> params = e.getKey();
            List<String> row = new ArrayList<>(paramValues(params, paramNames));
            int batch = intParam(params, "batch");
            for (String m : methods) {
                JmhResult r = e.getValue().get(m);
                row.add(r == null ? NOT_MEASURED : ms(r.msPerOp()));
                if (m.equals(fgsm)) {
                    if (r == null) {
                        row.add(NOT_MEASURED);
                        row.add(NOT_MEASURED);
                    } else {
                        double steps = 1000.0 / r.msPerOp();
                        row.add(rate(steps));
                        row.add(batch > 0 ? rate(batch * steps) : "n/a (no batch parameter)");
                    }
                }
            }
            Optional<SuiteResults.AnchorRow> a = anchorFor(params);
            if (fgsm != null) {
                JmhResult r = e.getValue().get(fgsm);
                row.add(a.map(x -> ms(x.fgsmStepMs())).orElse(NOT_MEASURED));
                row.add(a.isPresent() && r != null ? ratio(r.msPerOp() / a.get().fgsmStepMs()) : NOT_MEASURED);
            }
            if (fwd != null) {
                JmhResult r = e.getValue().get(fwd);
                row.add(a.map(x -> ms(x.forwardMs())).orElse(NOT_MEASURED));
                row.add(a.isPresent() && r != null ? ratio(r.msPerOp() / a.get().forwardMs()) : NOT_MEASURED);
            }
            if (cuda != null) {
                for (String m : methods) {
                    cudaCells(row, e.getValue().get(m), cudaByKey);
                }
            }
            rows.add(row);
        }
        table(sb, head, rows);
        if (cpu.anchor().isEmpty()) {
            sb.append("PyTorch: not measured in this run (the suite runs `../shared/tools/torch_fgsm_anchor.py` "
                    + "only where `/usr/bin/python3` has torch and torchvision).\n\n");
        } else {
            SuiteResults.RunInfo ar = cpu.anchorRun();
            sb.append("PyTorch").append(ar.version().isEmpty() ? "" : " " + ar.version())
                    .append(" (two threads: the anchor calls `torch.set_num_threads(2)`): median ms per call of ")
                    .append(ar.command().isEmpty() ? "the anchor" : code(ar.command()))
                    .append(ar.date().isEmpty() ? "" : ", " + ar.date()).append(", same machine and session; ours / "
                    + "PyTorch above 1 means PyTorch is faster.\n\n");
        }
    }

    private static int methodRank(String m) {
        String l = m.toLowerCase(Locale.ROOT);
        return l.contains("fgsm") ? 0 : l.contains("forward") ? 1 : 2;
    }

    private Optional<SuiteResults.AnchorRow> anchorFor(Map<String, String> params) {
        int size = intParam(params, "size");
        int batch = intParam(params, "batch");
        return cpu.anchor().stream().filter(a -> a.size() == size && a.batch() == batch).findFirst();
    }

    private static int intParam(Map<String, String> params, String name) {
        String v = params.get(name);
        try {
            return v == null ? -1 : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------- pipeline

    private void pipeline(StringBuilder sb, List<JmhResult> rs) {
        Map<String, JmhResult> cudaByKey = cudaByKey();
        for (Map.Entry<String, List<JmhResult>> cls : byClass(rs).entrySet()) {
            Map<Map<String, String>, List<JmhResult>> byParams = new LinkedHashMap<>();
            for (JmhResult r : cls.getValue()) {
                byParams.computeIfAbsent(r.params(), k -> new ArrayList<>()).add(r);
            }
            for (Map.Entry<Map<String, String>, List<JmhResult>> e : byParams.entrySet()) {
                List<JmhResult> parts = new ArrayList<>();
                List<JmhResult> wholes = new ArrayList<>();
                for (JmhResult r : e.getValue()) {
                    (isWhole(r.method()) ? wholes : parts).add(r);
                }
                wholes.sort((a, b) -> Integer.compare(a.method().length(), b.method().length()));
                JmhResult whole = wholes.isEmpty() ? null : wholes.get(0);
                // a part ending like another whole variant belongs to it (wholeX has partX); the rest to the main whole
                Map<JmhResult, JmhResult> owner = new LinkedHashMap<>();
                List<JmhResult> mainParts = new ArrayList<>();
                for (JmhResult p : parts) {
                    JmhResult own = whole;
                    for (JmhResult w : wholes.subList(Math.min(1, wholes.size()), wholes.size())) {
                        String suffix = wholeSuffix(w.method());
                        if (!suffix.isEmpty() && p.method().toLowerCase(Locale.ROOT).endsWith(suffix)) {
                            own = w;
                        }
                    }
                    owner.put(p, own);
                    if (own == whole) {
                        mainParts.add(p);
                    }
                }
                double sum = mainParts.stream().mapToDouble(JmhResult::msPerOp).sum();
                double base = whole != null ? whole.msPerOp() : sum;
                int batch = intParam(e.getKey(), "batch");
                sb.append("`").append(cls.getKey()).append("`").append(e.getKey().isEmpty() ? "" : " " + e.getKey())
                        .append(":\n\n");
                List<String> head = new ArrayList<>(List.of("part", "ms"));
                if (batch > 0) {
                    head.add("ms per image");
                }
                head.add(whole != null ? "share of `" + whole.method() + "`" : "share of the sum of the parts");
                boolean anchored = cls.getKey().endsWith(ANCHORED_PIPELINE);
                if (anchored) {
                    head.addAll(List.of("PyTorch + scipy ms", "ours / PyTorch"));
                }
                if (cuda != null) {
                    head.addAll(List.of("CUDA ms", "CPU / CUDA"));
                }
                List<List<String>> rows = new ArrayList<>();
                List<JmhResult> ordered = new ArrayList<>(parts);
                ordered.addAll(wholes);
                for (JmhResult r : ordered) {
                    List<String> row = new ArrayList<>(List.of(wholes.contains(r) ? "**" + r.method() + "**" : r.method()));
                    double ms = r.msPerOp();
                    row.add(ms(ms));
                    if (batch > 0) {
                        row.add(ms(ms / batch));
                    }
                    JmhResult own = owner.get(r);
                    row.add(own != null && own != whole ? percent(ms / own.msPerOp()) + " of `" + own.method() + "`"
                            : percent(ms / base));
                    if (anchored) {
                        pipelineAnchorCells(row, r.method(), e.getKey(), ms);
                    }
                    if (cuda != null) {
                        cudaCells(row, r, cudaByKey);
                    }
                    rows.add(row);
                }
                table(sb, head, rows);
                if (whole != null && !mainParts.isEmpty()) {
                    sb.append("The parts of `").append(whole.method()).append("` (")
                            .append(mainParts.stream().map(JmhResult::method).collect(Collectors.joining(", ")))
                            .append(") add up to ").append(ms(sum)).append(" ms, ").append(percent(sum / base))
                            .append(" of it; the difference is work the whole does between the parts, or noise.\n\n");
                }
            }
        }
        if (rs.stream().anyMatch(r -> r.className().endsWith(ANCHORED_PIPELINE))) {
            pipelineAnchorNote(sb);
        }
    }

    /** The pipeline benchmark the PyTorch + scipy anchor repeats. */
    private static final String ANCHORED_PIPELINE = "SalientDefencePipelineBenchmark";

    /** The anchor's part for each of the pipeline benchmark's methods that has one. */
    private static final Map<String, String> PIPELINE_ANCHOR_PARTS = Map.of("saliencyForward", "saliency-forward",
            "mask", "mask", "gradient", "gradient", "step", "step", "round8Bit", "round8-predict", "whole", "pipeline");

    /** The PyTorch + scipy cells of one pipeline row: the anchor's ms for the same part and size, and the ratio. */
    private void pipelineAnchorCells(List<String> row, String method, Map<String, String> params, double ms) {
        List<Map<?, ?>> anchor = cpu.runs(SuiteResults.PIPELINE_ANCHOR_FILE);
        String part = PIPELINE_ANCHOR_PARTS.get(method);
        if (anchor.isEmpty()) {
            row.addAll(List.of("not measured", ""));
            return;
        }
        String src = SuiteResults.PIPELINE_ANCHOR_FILE;
        int size = intParam(params, "size");
        int divisor = Math.max(1, intParam(params, "saliencyWidthDivisor"));
        for (Map<?, ?> a : anchor) {
            if (part != null && a.get("part").equals(part) && (int) SuiteResults.num(a, "size", src) == size
                    && (int) SuiteResults.num(a, "saliencyWidthDivisor", src) == divisor) {
                double torch = SuiteResults.num(a, "ms", src);
                row.addAll(List.of(ms(torch), torch > 0 ? ratio(ms / torch) : "")); // a step below the timer's resolution
                return;
            }
        }
        row.addAll(List.of(part == null ? "no counterpart" : "not measured at this size", ""));
    }

    private void pipelineAnchorNote(StringBuilder sb) {
        if (cpu.runs(SuiteResults.PIPELINE_ANCHOR_FILE).isEmpty()) {
            sb.append("PyTorch + scipy anchor not measured: `privacy-bench/anchors/torch_pipeline_anchor.py` runs where "
                    + "`/usr/bin/python3` has torch, torchvision and scipy.\n\n");
            return;
        }
        SuiteResults.RunInfo run = cpu.tableRun(SuiteResults.PIPELINE_ANCHOR_FILE);
        sb.append("PyTorch + scipy: the same pipeline with the same networks (ResNet-50, 365 classes; the SalGAN-style "
                + "generator) written directly in PyTorch ").append(run.version().isEmpty() ? "" : run.version() + " ")
                .append("and scipy, two threads, median of its calls (`privacy-bench/anchors/torch_pipeline_anchor.py`; "
                        + "its `round8-predict` is the rounding and the prediction on the rounded image). Run ")
                .append(run.date().isEmpty() ? "date not recorded" : run.date()).append(": ")
                .append(code(run.command())).append(". \"ours / PyTorch\" below 1 means ours is faster.\n\n");
    }

    /** @return the lower-case rest of a whole method's name after whole/total/pipeline, e.g. spectralresidual */
    private static String wholeSuffix(String method) {
        String l = method.toLowerCase(Locale.ROOT);
        for (String w : new String[] {"pipeline", "whole", "total"}) {
            int i = l.indexOf(w);
            if (i >= 0) {
                return l.substring(i + w.length());
            }
        }
        return "";
    }

    static boolean isWhole(String method) {
        String l = method.toLowerCase(Locale.ROOT);
        return l.contains("pipeline") || l.startsWith("whole") || l.startsWith("total");
    }

    // ---------------------------------------------------------------- memory

    private void memory(StringBuilder sb) {
        Map<?, ?> m = cpu.memory();
        if (m == null) {
            sb.append("Not in this run: `scripts/bench.sh memory` measures it.\n\n");
        } else {
            batchMemory(sb, m);
        }
        photoMemory(sb);
    }

    /** The large-photo run: one photo per size, the tool with the JVM's default settings. */
    private void photoMemory(StringBuilder sb) {
        List<Map<?, ?>> runs = cpu.photoMemory();
        if (runs.isEmpty()) {
            return;
        }
        String src = cpu.dir().resolve(SuiteResults.PHOTO_MEMORY_FILE).toString();
        SuiteResults.RunInfo run = cpu.runOf(src);
        sb.append("Peak resident memory (VmHWM) of protecting one large photo, a generated 4:3 JPEG, with the JVM's "
                + "default settings (no -Xmx: the heap grows as in a user's run).\n\n");
        if (run.quick()) {
            sb.append("**Quick smoke run: a small photo only; not a measurement of the targets.**\n\n");
        }
        appendRun(sb, run, "");
        sb.append('\n');
        List<List<String>> rows = new ArrayList<>();
        for (Map<?, ?> r : runs) {
            double target = SuiteResults.num(r, "targetMB", src);
            double peak = SuiteResults.num(r, "peakRssMiB", src);
            double targetMiB = target * 1e6 / (1 << 20);
            rows.add(List.of((long) SuiteResults.num(r, "width", src) + "x" + (long) SuiteResults.num(r, "height", src)
                            + String.format(Locale.ROOT, " (%.0f MP)", SuiteResults.num(r, "megapixels", src)),
                    mib(peak), target > 0 ? String.format(Locale.ROOT, "%.1f GB (%s MiB)", target / 1000, mib(targetMiB))
                            : "none", target > 0 ? (peak <= targetMiB ? "yes" : "**no**") : "",
                    String.format(Locale.ROOT, "%.1f", SuiteResults.num(r, "seconds", src)),
                    code(r.get("command").toString())));
        }
        table(sb, List.of("photo", "peak RSS (MiB)", "target (issue 12)", "within", "seconds", "command"), rows);
    }

    // ---------------------------------------------------------------- folder and Spark throughput

    /** Issue 13's target for the 400x300 folder: after / issue-time (else after / before) images per second. */
    static final double FOLDER_TARGET = 1.5;

    /**
     * The start of a throughput section: how to measure it when its file is absent, else the quick-run
     * warning, the introduction and how it was run.
     *
     * @return the file's runs, empty when it is absent
     */
    private List<Map<?, ?>> throughputIntro(StringBuilder sb, String file, String part, String intro) {
        List<Map<?, ?>> runs = cpu.runs(file);
        if (runs.isEmpty()) {
            sb.append("Not in this run: `scripts/bench.sh ").append(part).append("` measures it.\n\n");
            return runs;
        }
        SuiteResults.RunInfo run = cpu.tableRun(file);
        if (run.quick()) {
            sb.append("**Quick smoke run: smaller folders; these numbers only show that the run works.**\n\n");
        }
        sb.append(intro);
        appendRun(sb, run, "");
        sb.append('\n');
        return runs;
    }

    private void folder(StringBuilder sb) {
        String src = SuiteResults.FOLDER_FILE;
        String issueTime = FolderThroughputRun.ISSUE_TIME;
        boolean withIssueTime = cpu.runs(src).stream().anyMatch(r -> issueTime.equals(r.get("mode")));
        List<Map<?, ?>> runs = throughputIntro(sb, src, "folder", "`pixel-privacy protect` over a folder of "
                + "generated photo-like JPEGs, the embedded demo model, the tool in its own JVM with the default JVM settings. "
                + (withIssueTime ? "Issue-time, run first: the tool as issue 13 found it (its jar built at the commit "
                        + "where that work began), with no options (one image at a time was all it did). " : "")
                + "Before: one image at a time, nothing overlapped "
                + "(`--batch 1 --no-overlap`); after: the defaults (images of one size batched in one gradient call, "
                + "decoding ahead, encoding and writing behind the network). images/s: images / the whole run (JVM start and "
                + "model loading included); loop: between the first and the last image.\n\n");
        if (runs.isEmpty()) {
            return;
        }
        if (withIssueTime) {
            sb.append("Ratios are against the issue-time run of the same folder; after / before (the whole run) is "
                    + "against the proxy, which every per-image speed-up made since issue 13 speeds up as well.\n\n");
        } else if (cpu.tableField(src, "baselineNotMeasured") instanceof String why) {
            sb.append("The issue-time baseline (the tool as issue 13 found it) was not measured: ").append(why)
                    .append(". Ratios are against before, a proxy that every per-image speed-up made since issue 13 "
                            + "speeds up as well.\n\n");
        }
        // folder -> mode -> its run
        Map<String, Map<String, Map<?, ?>>> byFolder = new LinkedHashMap<>();
        for (Map<?, ?> r : runs) {
            byFolder.computeIfAbsent(r.get("folder").toString(), f -> new LinkedHashMap<>()).put(r.get("mode").toString(), r);
        }
        List<List<String>> rows = new ArrayList<>();
        for (Map<?, ?> r : runs) {
            Map<String, Map<?, ?>> modes = byFolder.get(r.get("folder").toString());
            Map<?, ?> base = modes.get(withIssueTime ? issueTime : "before");
            Map<?, ?> before = modes.get("before");
            boolean vsBase = base != null && base != r;
            String opts = r.get("options").toString();
            String name = r.get("mode") + (r.get("commit") instanceof String commit ? " (" + commit + ")" : "")
                    + (!opts.isEmpty() ? " (`" + opts + "`)" : issueTime.equals(r.get("mode")) ? "" : " (defaults)");
            List<String> row = new ArrayList<>(List.of(r.get("folder").toString(),
                    String.valueOf((long) SuiteResults.num(r, "images", src)), name,
                    rate(SuiteResults.num(r, "imagesPerSecond", src)), rate(SuiteResults.num(r, "steadyImagesPerSecond", src)),
                    vsBase ? ratio(over(r, base, "imagesPerSecond", src)) : "",
                    vsBase ? ratio(over(r, base, "steadyImagesPerSecond", src)) : ""));
            if (withIssueTime) {
                row.add(before != null && before != r && base != r ? ratio(over(r, before, "imagesPerSecond", src)) : "");
            }
            row.add(mib(SuiteResults.num(r, "peakRssMiB", src)));
            row.add(String.format(Locale.ROOT, "%.1f", SuiteResults.num(r, "seconds", src)));
            rows.add(row);
        }
        List<String> head = new ArrayList<>(List.of("folder", "images", "run", "images/s", "loop images/s"));
        head.addAll(withIssueTime ? List.of("/ issue-time", "loop / issue-time", "after / before")
                : List.of("after / before", "loop after / before"));
        head.addAll(List.of("peak RSS (MiB)", "seconds"));
        table(sb, head, rows);
        folderTarget(sb, byFolder.getOrDefault("400x300", Map.of()), src);
    }

    /**
     * Issue 13's target sentence for the 400x300 folder: after against the issue-time run when there is
     * one (and against before, the proxy, beside it), else against before; nothing without after and a baseline.
     */
    private static void folderTarget(StringBuilder sb, Map<String, Map<?, ?>> modes, String src) {
        Map<?, ?> after = modes.get("after");
        Map<?, ?> issueTime = modes.get(FolderThroughputRun.ISSUE_TIME);
        Map<?, ?> before = modes.get("before");
        Map<?, ?> base = issueTime != null ? issueTime : before;
        if (after == null || base == null) {
            return;
        }
        double x = over(after, base, "imagesPerSecond", src);
        double loop = over(after, base, "steadyImagesPerSecond", src);
        sb.append("Issue 13's target, at least ").append(ratio(FOLDER_TARGET)).append(" times the images per second "
                + "on the 400x300 folder, against ").append(issueTime == null ? "before (`" + before.get("options") + "`)"
                        : "the issue-time run" + (issueTime.get("commit") instanceof String c ? " (" + c + ")" : ""))
                .append(": the whole run ").append(ratio(x)).append(met(x)).append(", the loop ")
                .append(ratio(loop)).append(met(loop)).append(" (a small folder's whole run is mostly the JVM's "
                        + "start and the model's loading, the same in every run).");
        if (issueTime != null && before != null) {
            sb.append(" Against before, the proxy: the whole run ").append(ratio(over(after, before, "imagesPerSecond", src)))
                    .append(", the loop ").append(ratio(over(after, before, "steadyImagesPerSecond", src))).append('.');
        }
        sb.append("\n\n");
    }

    /** @return {@code a}'s field over {@code b}'s */
    private static double over(Map<?, ?> a, Map<?, ?> b, String field, String src) {
        return SuiteResults.num(a, field, src) / SuiteResults.num(b, field, src);
    }

    /**
     * Peak resident memory of one gradient call, ours against PyTorch's for the same network, batch and
     * size, each in its own process of one run ({@code GradientMemoryRun}); issue 13's target: ours at most
     * PyTorch's. Nothing when the run has no such file (the part needs {@code /usr/bin/python3} with torch).
     */
    private void gradientMemory(StringBuilder sb) {
        String src = SuiteResults.GRADIENT_MEMORY_FILE;
        List<Map<?, ?>> runs = cpu.runs(src);
        if (runs.isEmpty()) {
            sb.append("Peak memory of one gradient call beside PyTorch's: not in this run (`scripts/bench.sh "
                    + "gradient` measures it where `/usr/bin/python3` has torch and torchvision).\n\n");
            return;
        }
        SuiteResults.RunInfo run = cpu.tableRun(src);
        if (run.quick()) {
            sb.append("**Quick smoke run: a small batch and size; these numbers only show that the run works.**\n\n");
        }
        sb.append("Peak resident memory (VmHWM) of one ResNet-50 input-gradient call, ours and PyTorch's, each in "
                + "its own process, one after the other in one run; before the first call: resident after the "
                + "model is loaded and its gradient network built.\n\n");
        appendRun(sb, run, "");
        sb.append('\n');
        List<List<String>> rows = new ArrayList<>();
        for (Map<?, ?> r : runs) {
            rows.add(List.of(r.get("impl").equals("ours") ? "ours" : "PyTorch", String.valueOf((long) SuiteResults.num(r,
                    "round", src)), mib(SuiteResults.num(r, "peakRssMiB", src)),
                    mib(SuiteResults.num(r, "beforeFirstCallMiB", src)), code(r.get("command").toString())));
        }
        Object batch = cpu.tableField(src, "batch");
        Object size = cpu.tableField(src, "size");
        sb.append("Batch ").append(batch == null ? "not recorded" : String.valueOf(((Number) batch).longValue()))
                .append(", ").append(size == null ? "size not recorded" : ((Number) size).longValue() + "x"
                        + ((Number) size).longValue()).append(".\n\n");
        table(sb, List.of("implementation", "round", "peak RSS (MiB)", "before the first call (MiB)", "command"), rows);
        // the run's own ratio of the median peaks (GradientMemoryRun.ratio)
        if (cpu.tableField(src, "oursOverPytorch") instanceof Double ratio) {
            sb.append("Ours / PyTorch (median peaks): ").append(ratio(ratio))
                    .append(ratio <= 1.0 ? " (issue 13's target, at most 1.0: met)" : " (issue 13's target, at most 1.0: **not met**)")
                    .append(".\n\n");
        }
    }

    private static String met(double ratio) {
        return ratio >= FOLDER_TARGET ? " (met)" : " (**not met**)";
    }

    private void spark(StringBuilder sb) {
        String src = SuiteResults.SPARK_FILE;
        List<Map<?, ?>> runs = throughputIntro(sb, src, "spark", "One folder of demo scenes (PNG), the embedded "
                + "demo model, each configuration in its own JVM after a warm-up folder (JIT, model loading, Spark's first job): the tool in-process with its defaults, and "
                + "the Spark job (`ProtectJob`, batches of 8, no overlap) in `local[1]` and `local[2]`. Overhead: wall "
                + "time per image minus the tool's. Peak RSS is the JVM's (in local mode the driver and the executor "
                + "share it, so the executor's peak is at most this).\n\n");
        if (runs.isEmpty()) {
            return;
        }
        double cli = 0;
        for (Map<?, ?> r : runs) {
            if ("cli".equals(r.get("mode"))) {
                cli = SuiteResults.num(r, "imagesPerSecond", src);
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (Map<?, ?> r : runs) {
            String mode = r.get("mode").toString();
            double rate = SuiteResults.num(r, "imagesPerSecond", src);
            rows.add(List.of(mode.equals("cli") ? "the tool" : "Spark `local[" + mode.replace("local", "") + "]`",
                    (long) SuiteResults.num(r, "images", src) + " of " + (long) SuiteResults.num(r, "width", src) + "x"
                            + (long) SuiteResults.num(r, "height", src), rate(rate),
                    cli > 0 ? ratio(rate / cli) : "", mode.equals("cli") ? "" : ms(SuiteResults.num(r, "overheadMsPerImage",
                            src)), mib(SuiteResults.num(r, "peakRssMiB", src))));
        }
        table(sb, List.of("engine", "images", "images/s", "/ the tool", "overhead ms per image", "peak RSS (MiB)"), rows);
    }

    private void batchMemory(StringBuilder sb, Map<?, ?> m) {
        String src = cpu.dir().resolve(SuiteResults.MEMORY_FILE).toString();
        Object command = m.get("command");
        Object model = m.get("model");
        SuiteResults.RunInfo run = cpu.runOf(src);
        if (run.quick()) {
            sb.append("**Quick smoke run: these numbers only show that the memory run works; they are not "
                    + "measurements.**\n\n");
        }
        sb.append("Resident memory (RSS) of one protect run, sampled as it goes.\n\n");
        appendRun(sb, run, "");
        sb.append("- Protect command measured: ").append(command == null ? "not recorded" : code(command.toString()))
                .append(".\n\n");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(model == null ? "not recorded" : model.toString(),
                String.valueOf((long) SuiteResults.num(m, "images", src)),
                mib(SuiteResults.num(m, "peakRssMiB", src)), mib(SuiteResults.num(m, "growthMiBPer1000Images", src))));
        table(sb, List.of("model", "images", "peak RSS (MiB)", "growth (MiB per 1000 images)"), rows);
        List<?> samples = (List<?>) m.get("samples");
        if (!samples.isEmpty()) {
            StringBuilder line = new StringBuilder("RSS after n images (n: MiB): ");
            for (int i = 0; i < samples.size(); i++) {
                Map<?, ?> s = (Map<?, ?>) samples.get(i);
                line.append(i == 0 ? "" : ", ").append((long) SuiteResults.num(s, "images", src)).append(": ")
                        .append(mib(SuiteResults.num(s, "rssMiB", src)));
            }
            sb.append(line).append(".\n\n");
        }
    }

    // ---------------------------------------------------------------- shared

    private void generic(StringBuilder sb, List<JmhResult> rs) {
        Map<String, JmhResult> cudaByKey = cudaByKey();
        List<String> paramNames = paramNames(rs);
        List<String> head = new ArrayList<>(List.of("benchmark"));
        head.addAll(paramNames);
        head.add("ms");
        if (cuda != null) {
            head.addAll(List.of("CUDA ms", "CPU / CUDA"));
        }
        List<List<String>> rows = new ArrayList<>();
        for (JmhResult r : rs) {
            List<String> row = new ArrayList<>(List.of(r.simpleClassName() + "." + r.method()));
            row.addAll(paramValues(r, paramNames));
            row.add(ms(r.msPerOp()));
            if (cuda != null) {
                cudaCells(row, r, cudaByKey);
            }
            rows.add(row);
        }
        table(sb, head, rows);
    }

    private Map<String, JmhResult> cudaByKey() {
        Map<String, JmhResult> m = new HashMap<>();
        if (cuda != null) {
            for (JmhResult r : cuda.results()) {
                m.put(r.key(), r);
            }
        }
        return m;
    }

    private static void cudaCells(List<String> row, JmhResult r, Map<String, JmhResult> cudaByKey) {
        JmhResult c = r == null ? null : cudaByKey.get(r.key());
        row.add(c == null ? NOT_MEASURED : ms(c.msPerOp()));
        row.add(c == null ? NOT_MEASURED : ratio(r.msPerOp() / c.msPerOp()));
    }

    private static Map<String, List<JmhResult>> byClass(List<JmhResult> rs) {
        Map<String, List<JmhResult>> m = new LinkedHashMap<>();
        for (JmhResult r : rs) {
            m.computeIfAbsent(r.simpleClassName(), k -> new ArrayList<>()).add(r);
        }
        return m;
    }

    private static List<String> paramNames(List<JmhResult> rs) {
        Set<String> names = new LinkedHashSet<>();
        rs.forEach(r -> names.addAll(r.params().keySet()));
        return new ArrayList<>(names);
    }

    private static List<String> paramValues(JmhResult r, List<String> names) {
        return paramValues(r.params(), names);
    }

    private static List<String> paramValues(Map<String, String> params, List<String> names) {
        return names.stream().map(n -> params.getOrDefault(n, "-")).collect(Collectors.toList());
    }

    private static void table(StringBuilder sb, List<String> head, List<List<String>> rows) {
        sb.append("| ").append(String.join(" | ", head)).append(" |\n");
        sb.append("|").append("---|".repeat(head.size())).append('\n');
        for (List<String> r : rows) {
            sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        sb.append('\n');
    }

    /** @return milliseconds with three or four significant digits */
    static String ms(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (v >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        if (v >= 0.01) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
        return String.format(Locale.ROOT, "%.2g", v);
    }

    /** @return a rate (per second) with three significant digits or one decimal */
    static String rate(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }

    /** @return a ratio with two decimals */
    static String ratio(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * v);
    }

    private static String mib(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /**
     * Replaces what lies between {@link #BEGIN} and {@link #END} in a file, keeping the markers.
     *
     * @param readme the file, e.g. README.md
     * @param block the new content
     * @throws IllegalArgumentException if the file lacks a marker, has one twice, or has them in the wrong order
     */
    public static void updateReadme(Path readme, String block) {
        String text;
        try {
            text = Files.readString(readme, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + readme + ": " + e.getMessage(), e);
        }
        writeAtomically(readme, replaceBlock(text, block, readme.toString()));
    }

    static String replaceBlock(String text, String block, String source) {
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        if (b < 0 || e < 0) {
            throw new IllegalArgumentException(source + ": the marker " + (b < 0 ? BEGIN : END) + " is missing");
        }
        if (text.indexOf(BEGIN, b + 1) >= 0 || text.indexOf(END, e + 1) >= 0) {
            throw new IllegalArgumentException(source + ": the markers " + BEGIN + " and " + END + " must appear once each");
        }
        if (e < b) {
            throw new IllegalArgumentException(source + ": " + END + " comes before " + BEGIN);
        }
        return text.substring(0, b + BEGIN.length()) + "\n" + block.strip() + "\n" + text.substring(e);
    }

    private static void writeAtomically(Path target, String content) {
        try {
            AtomicFiles.writeString(target, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
