package dev.pixelprivacy.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixelprivacy.paper.batch.ImageBatchProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What earlier runs wrote into an output folder: {@value #FILE_NAME}, one JSON object per output
 * (the input's path, the SHA-256 of its bytes, a hash of the settings, the output's path relative to
 * the folder, the SHA-256 of the output's bytes, and the status). A rerun skips an input only when
 * its content, the settings and the output on disk are all what the manifest recorded, so a changed
 * input, a different input with the same name, or other settings are protected again.
 *
 * <p>The file is rewritten atomically (compacted, one line per output) when a run starts, and then
 * grows by one line per image, each appended in one write and forced to disk: a run of any length
 * costs one line per image, and a killed run leaves at most a torn last line, which the next run
 * reports and drops.
 */
final class RunManifest {
    /** The manifest's name in the output folder. */
    static final String FILE_NAME = "pixel-privacy-manifest.jsonl";

    /**
     * One output.
     *
     * @param input the input's absolute path
     * @param inputSha256 SHA-256 of the input's bytes, hex
     * @param settings hash of the settings that produced the output, hex
     * @param output the output's path relative to the output folder, with '/' separators
     * @param outputSha256 SHA-256 of the output's bytes, hex
     * @param status "protected"
     */
    record Entry(String input, String inputSha256, String settings, String output, String outputSha256, String status) {
        String toJson() {
            return new JsonLine().put("input", input).put("sha256", inputSha256).put("settings", settings)
                    .put("output", output).put("outputSha256", outputSha256).put("status", status).toString();
        }
    }

    private final Path folder;
    private final Path file;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private RunManifest(Path folder) {
        this.folder = folder;
        this.file = folder.resolve(FILE_NAME);
    }

    /**
     * @param folder the output folder
     * @return its manifest, empty when there is none; unreadable lines are left out and listed in
     *     {@link #problems()}
     * @throws IOException if the manifest exists but cannot be read
     */
    static RunManifest load(Path folder) throws IOException {
        RunManifest m = new RunManifest(folder);
        if (!Files.isRegularFile(m.file)) {
            return m;
        }
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(m.file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonNode n = json.readTree(line);
                Entry e = new Entry(text(n, "input"), text(n, "sha256"), text(n, "settings"), text(n, "output"),
                        text(n, "outputSha256"), text(n, "status"));
                m.entries.remove(e.output()); // a later line supersedes an earlier one
                m.entries.put(e.output(), e);
            } catch (IOException | IllegalArgumentException e) {
                m.problems.add(m.file + " line " + (i + 1) + " is not a manifest entry (" + e.getMessage()
                        + "); its output will be treated as unknown");
            }
        }
        return m;
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("no text field '" + key + "'");
        }
        return v.asText();
    }

    /** @return the manifest's path */
    Path file() {
        return file;
    }

    /** @return lines of the file that could not be used */
    List<String> problems() {
        return problems;
    }

    /**
     * @param output an output path
     * @return its key: relative to the folder, '/' separators
     */
    String key(Path output) {
        Path rel = folder.toAbsolutePath().normalize().relativize(output.toAbsolutePath().normalize());
        return rel.toString().replace(rel.getFileSystem().getSeparator(), "/");
    }

    /**
     * @param output an output path
     * @return what the manifest recorded for it, or null
     */
    Entry get(Path output) {
        return entries.get(key(output));
    }

    /**
     * Rewrites the manifest atomically with one line per output (dropping torn or superseded lines);
     * call once, before the run's first {@link #record}.
     *
     * @param plan the plan that claimed {@link #file()}
     * @throws IOException if writing fails
     */
    void compact(OutputPlan plan) throws IOException {
        if (entries.isEmpty() && !Files.exists(file)) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries.values()) {
            sb.append(e.toJson()).append('\n');
        }
        plan.writeString(file, sb.toString());
    }

    /**
     * Records an output: one line appended through the plan.
     *
     * @param entry the output's entry, superseding any earlier one for that output
     * @param plan the plan that claimed {@link #file()}
     * @throws IOException if writing fails
     */
    void record(Entry entry, OutputPlan plan) throws IOException {
        entries.put(entry.output(), entry);
        plan.append(file, (entry.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param bytes content
     * @return its SHA-256, hex
     */
    static String sha256(byte[] bytes) {
        return ImageBatchProcessor.sha256(bytes);
    }

    /**
     * @param text content, UTF-8
     * @return its SHA-256, hex
     */
    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param file a file
     * @return the SHA-256 of its bytes, hex, read in a stream
     * @throws IOException if it cannot be read
     */
    static String sha256(Path file) throws IOException {
        return ImageBatchProcessor.sha256(file);
    }

}
