package dev.pixelprivacy.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Everything one run of {@code scripts/bench.sh} left in its output folder:
 * <ul>
 *   <li>{@code PART.json}: JMH's JSON results (any file whose content is a JSON array is read as such);</li>
 *   <li>{@code PART.run.json}: how that part was run (suite command, JMH command, date, cores, CPU, quick);</li>
 *   <li>{@code pytorch-anchor.json}: the PyTorch FGSM anchor, per image size and batch, in ms;</li>
 *   <li>{@code memory.json}: the memory run of a protect command (peak RSS, samples, growth, in MiB).</li>
 *   <li>{@code memory-photos.json}: peak RSS of protecting one large photo per size, default JVM settings.</li>
 *   <li>{@code folder.json}: images per second and peak RSS of protecting a folder, before and after;</li>
 *   <li>{@code spark.json}: images per second of the tool and the Spark job in {@code local[1]}, {@code local[2]};</li>
 *   <li>{@code pipeline-anchor.json}: the whole Salient Defence pipeline in PyTorch + scipy, part by part, in ms.</li>
 * </ul>
 * Other JSON objects are skipped with a note; a file that is not valid JSON is an error naming it.
 */
public final class SuiteResults {
    /** The PyTorch anchor's file name. */
    public static final String ANCHOR_FILE = "pytorch-anchor.json";
    /** The memory run's file name. */
    public static final String MEMORY_FILE = "memory.json";
    /** The large-photo memory run's file name ({@code dev.pixelprivacy.bench.memory.LargePhotoMemoryRun}). */
    public static final String PHOTO_MEMORY_FILE = "memory-photos.json";
    /** The folder throughput run's file name ({@code dev.pixelprivacy.bench.memory.FolderThroughputRun}). */
    public static final String FOLDER_FILE = "folder.json";
    /** The Spark throughput run's file name ({@code scripts/spark-bench.sh --json}). */
    public static final String SPARK_FILE = "spark.json";
    /** The pipeline anchor's file name ({@code privacy-bench/anchors/torch_pipeline_anchor.py}). */
    public static final String PIPELINE_ANCHOR_FILE = "pipeline-anchor.json";
    /** The gradient-memory run's file name ({@code dev.pixelprivacy.bench.memory.GradientMemoryRun}). */
    public static final String GRADIENT_MEMORY_FILE = "gradient-memory.json";
    /** The numeric fields each entry of a table file's {@code runs} must have, by file name. */
    private static final Map<String, List<String>> TABLE_FIELDS = Map.of(
            PHOTO_MEMORY_FILE, List.of("width", "height", "megapixels", "targetMB", "peakRssMiB", "seconds"),
            FOLDER_FILE, List.of("width", "height", "images", "seconds", "imagesPerSecond", "steadyImagesPerSecond",
                    "peakRssMiB"),
            SPARK_FILE, List.of("images", "width", "height", "seconds", "imagesPerSecond", "overheadMsPerImage",
                    "peakRssMiB"),
            PIPELINE_ANCHOR_FILE, List.of("size", "saliencyWidthDivisor", "ms"),
            GRADIENT_MEMORY_FILE, List.of("round", "peakRssMiB", "beforeFirstCallMiB"));
    /** The text fields each entry of a table file's {@code runs} must have, by file name. */
    private static final Map<String, List<String>> TABLE_TEXTS = Map.of(PHOTO_MEMORY_FILE, List.of("command"),
            FOLDER_FILE, List.of("mode", "options", "command"), SPARK_FILE, List.of("mode"),
            PIPELINE_ANCHOR_FILE, List.of("part"), GRADIENT_MEMORY_FILE, List.of("impl", "command"));
    /** Suffix of the run descriptions beside each JMH file. */
    public static final String RUN_SUFFIX = ".run.json";

    private final Path dir;
    private final List<JmhResult> results;
    private final Map<String, RunInfo> runs;
    private final List<AnchorRow> anchor;
    private final RunInfo anchorRun;
    private final Map<?, ?> memory;
    private final Map<String, List<Map<?, ?>>> tables;
    private final Map<String, RunInfo> tableRuns;
    private final Map<String, Map<?, ?>> tableFiles;
    private final List<String> notes;

    private SuiteResults(Path dir, List<JmhResult> results, Map<String, RunInfo> runs, List<AnchorRow> anchor,
            RunInfo anchorRun, Map<?, ?> memory, Map<String, List<Map<?, ?>>> tables, Map<String, RunInfo> tableRuns,
            Map<String, Map<?, ?>> tableFiles, List<String> notes) {
        this.dir = dir;
        this.results = results;
        this.runs = runs;
        this.anchor = anchor;
        this.anchorRun = anchorRun;
        this.memory = memory;
        this.tables = tables;
        this.tableRuns = tableRuns;
        this.tableFiles = tableFiles;
        this.notes = notes;
    }

    /**
     * How one part of the suite was run, from {@code PART.run.json}; empty strings for what was not recorded.
     *
     * @param part the part's name, e.g. {@code filters}
     * @param suiteCommand the command the user ran, e.g. {@code scripts/bench.sh --quick filters}
     * @param command the command that produced the file, e.g. the JMH command line
     * @param date when the part started, ISO 8601
     * @param cores the machine's cores ({@code nproc}), 0 when not recorded
     * @param cpu the processor's model name
     * @param quick whether this was a quick smoke run (its numbers are not measurements)
     * @param backend the ND4J backend the jar was built with and its OpenMP settings, or empty
     * @param seconds how long the part took, seconds; negative when not recorded
     * @param version the anchor's PyTorch version, or empty
     */
    public record RunInfo(String part, String suiteCommand, String command, String date, int cores, String cpu,
            boolean quick, String backend, double seconds, String version) {
        static final RunInfo NONE = new RunInfo("", "", "", "", 0, "", false, "", -1, "");

        static RunInfo fromJson(Object json, String source) {
            if (!(json instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(source + ": a run description must be a JSON object");
            }
            Object cores = m.get("cores");
            Object seconds = m.get("seconds");
            return new RunInfo(str(m, "part"), str(m, "suiteCommand"), str(m, "command"), str(m, "date"),
                    cores instanceof Double d ? d.intValue() : 0, str(m, "cpu"), Boolean.TRUE.equals(m.get("quick")),
                    str(m, "backend"), seconds instanceof Double d ? d : -1, str(m, "torch"));
        }

        private static String str(Map<?, ?> m, String k) {
            Object o = m.get(k);
            return o == null ? "" : o.toString();
        }
    }

    /**
     * One line of the PyTorch anchor: medians over its timed calls.
     *
     * @param size input height and width in pixels
     * @param batch images per call
     * @param forwardMs forward pass, ms per call
     * @param fgsmStepMs FGSM step (forward, input gradient, step), ms per call
     */
    public record AnchorRow(int size, int batch, double forwardMs, double fgsmStepMs) {}

    /**
     * Reads an output folder of the suite.
     *
     * @param dir the folder
     * @return what it holds
     * @throws IllegalArgumentException if the folder is missing, or a file is not valid JSON or lacks a
     *     required field (the message names the file)
     */
    public static SuiteResults load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("results folder " + dir + " does not exist or is not a folder");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        List<JmhResult> results = new ArrayList<>();
        Map<String, RunInfo> runs = new LinkedHashMap<>();
        List<AnchorRow> anchor = new ArrayList<>();
        RunInfo anchorRun = RunInfo.NONE;
        Map<?, ?> memory = null;
        Map<String, List<Map<?, ?>>> tables = new LinkedHashMap<>();
        Map<String, RunInfo> tableRuns = new LinkedHashMap<>();
        Map<String, Map<?, ?>> tableFiles = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            Object json = Json.parse(read(f), f.toString());
            if (name.endsWith(RUN_SUFFIX)) {
                runs.put(f.toString(), RunInfo.fromJson(json, f.toString()));
            } else if (name.equals(ANCHOR_FILE)) {
                anchorRun = readAnchor(json, f.toString(), anchor);
            } else if (name.equals(MEMORY_FILE)) {
                memory = readMemory(json, f.toString());
            } else if (TABLE_FIELDS.containsKey(name)) {
                tables.put(name, readRuns(json, f.toString(), TABLE_FIELDS.get(name), TABLE_TEXTS.get(name)));
                tableRuns.put(name, RunInfo.fromJson(json, f.toString()));
                tableFiles.put(name, (Map<?, ?>) json);
            } else if (json instanceof List<?>) {
                results.addAll(JmhResult.fromJson(json, f.toString()));
            } else {
                notes.add(f + " skipped: neither JMH results (a JSON array) nor " + ANCHOR_FILE + " nor " + MEMORY_FILE);
            }
        }
        return new SuiteResults(dir, Collections.unmodifiableList(results), runs, Collections.unmodifiableList(anchor),
                anchorRun, memory, tables, tableRuns, tableFiles, Collections.unmodifiableList(notes));
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    private static RunInfo readAnchor(Object json, String source, List<AnchorRow> into) {
        if (!(json instanceof Map<?, ?> m) || !(m.get("results") instanceof List<?> rows)) {
            throw new IllegalArgumentException(source + ": expected an object with a 'results' array");
        }
        for (int i = 0; i < rows.size(); i++) {
            String where = source + ": results entry " + (i + 1);
            if (!(rows.get(i) instanceof Map<?, ?> r)) {
                throw new IllegalArgumentException(where + ": expected an object");
            }
            into.add(new AnchorRow((int) num(r, "size", where), (int) num(r, "batch", where),
                    num(r, "forwardMs", where), num(r, "fgsmStepMs", where)));
        }
        return RunInfo.fromJson(json, source);
    }

    private static Map<?, ?> readMemory(Object json, String source) {
        if (!(json instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(source + ": expected a JSON object");
        }
        num(m, "images", source);
        num(m, "peakRssMiB", source);
        num(m, "growthMiBPer1000Images", source);
        if (!(m.get("samples") instanceof List<?> samples)) {
            throw new IllegalArgumentException(source + ": field 'samples' must be an array but is "
                    + JmhResult.describe(m.get("samples")));
        }
        for (int i = 0; i < samples.size(); i++) {
            String where = source + ": samples entry " + (i + 1);
            if (!(samples.get(i) instanceof Map<?, ?> s)) {
                throw new IllegalArgumentException(where + ": expected an object");
            }
            num(s, "images", where);
            num(s, "rssMiB", where);
        }
        return m;
    }

    /** Reads {@code {"runs": [...]}}, each entry an object with the numbers and texts named. */
    private static List<Map<?, ?>> readRuns(Object json, String source, List<String> numbers, List<String> texts) {
        if (!(json instanceof Map<?, ?> m) || !(m.get("runs") instanceof List<?> runs)) {
            throw new IllegalArgumentException(source + ": expected an object with a 'runs' array");
        }
        List<Map<?, ?>> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            String where = source + ": runs entry " + (i + 1);
            if (!(runs.get(i) instanceof Map<?, ?> r)) {
                throw new IllegalArgumentException(where + ": expected an object");
            }
            for (String field : numbers) {
                num(r, field, where);
            }
            for (String field : texts) {
                if (!(r.get(field) instanceof String)) {
                    throw new IllegalArgumentException(where + ": field '" + field + "' must be a string");
                }
            }
            out.add(r);
        }
        return Collections.unmodifiableList(out);
    }

    static double num(Map<?, ?> m, String field, String where) {
        Object o = m.get(field);
        if (!(o instanceof Double d)) {
            throw new IllegalArgumentException(where + ": field '" + field + "' must be a number but is "
                    + JmhResult.describe(o));
        }
        return d;
    }

    /** @return the folder read */
    public Path dir() {
        return dir;
    }

    /** @return every JMH result, file by file in name order */
    public List<JmhResult> results() {
        return results;
    }

    /**
     * @param r a result
     * @return how the file it came from was run ({@code X.run.json} beside {@code X.json}); empty fields
     *     when that was not recorded
     */
    public RunInfo runOf(JmhResult r) {
        return runOf(r.source());
    }

    /**
     * @param file a result file as read, e.g. {@code DIR/memory.json}
     * @return how it was run ({@code DIR/memory.run.json}); empty fields when that was not recorded
     */
    public RunInfo runOf(String file) {
        String run = file.endsWith(".json") ? file.substring(0, file.length() - 5) + RUN_SUFFIX : file + RUN_SUFFIX;
        return runs.getOrDefault(run, RunInfo.NONE);
    }

    /** @return the PyTorch anchor's rows; empty when it was not measured */
    public List<AnchorRow> anchor() {
        return anchor;
    }

    /** @return how the anchor was run */
    public RunInfo anchorRun() {
        return anchorRun;
    }

    /** @return the memory run's fields as read ({@code command}, {@code model}, {@code images}, ...), or null */
    public Map<?, ?> memory() {
        return memory;
    }

    /**
     * @return the large-photo memory run's entries as read ({@code width}, {@code height}, {@code megapixels},
     *     {@code targetMB}, {@code peakRssMiB}, {@code seconds}, {@code command}); empty when it was not run
     */
    public List<Map<?, ?>> photoMemory() {
        return runs(PHOTO_MEMORY_FILE);
    }

    /**
     * @param file a table file's name: {@link #PHOTO_MEMORY_FILE}, {@link #FOLDER_FILE}, {@link #SPARK_FILE},
     *     {@link #PIPELINE_ANCHOR_FILE} or {@link #GRADIENT_MEMORY_FILE}
     * @return its {@code runs} entries as read (each with the fields the file's kind requires); empty when
     *     the folder has no such file
     */
    public List<Map<?, ?>> runs(String file) {
        return tables.getOrDefault(file, List.of());
    }

    /**
     * @param file a table file's name
     * @return how it was run: {@code X.run.json} beside it, or without one the file's own top-level fields
     *     ({@code command}, {@code date}, {@code torch}), or empty fields
     */
    public RunInfo tableRun(String file) {
        RunInfo beside = runOf(dir.resolve(file).toString());
        return beside != RunInfo.NONE ? beside : tableRuns.getOrDefault(file, RunInfo.NONE);
    }

    /**
     * @param file a table file's name (see {@link #runs})
     * @param field a top-level field of that file, e.g. {@code batch} of {@link #GRADIENT_MEMORY_FILE}
     * @return the field's value as read (a {@code Double} for a number), or null when the file or field is absent
     */
    public Object tableField(String file, String field) {
        Map<?, ?> m = tableFiles.get(file);
        return m == null ? null : m.get(field);
    }

    /** @return files that were skipped, and why */
    public List<String> notes() {
        return notes;
    }
}
