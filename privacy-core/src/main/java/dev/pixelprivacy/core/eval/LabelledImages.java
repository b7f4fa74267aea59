package dev.pixelprivacy.core.eval;

import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.ImageFiles;
import dev.pixelprivacy.core.io.ImageReadOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Labelled image sets on disk: a folder of images and a label file with one {@code file,label} or
 * {@code file label} line per image (Places365's {@code places365_val.txt} uses the second form). A
 * header line is recognised (its label field is not a number) and skipped; blank lines and lines
 * starting with {@code #} are ignored. Labels are class indices, or class names when a name-to-index
 * map is given. The MediaEval task listed its test images in a separate file of names
 * ({@code MEPP19test.csv}); {@link #subset} keeps those, in that file's order.
 */
public final class LabelledImages {
    private LabelledImages() {}

    /**
     * @param csv the label file
     * @param folder where the file names in the CSV are resolved
     * @param options read options for the images
     * @return the items, in file order; images are read only when loaded
     * @throws IOException if the CSV cannot be read
     * @throws IllegalArgumentException for a malformed line, naming the file and line number
     */
    public static List<LabelledImage> fromCsv(Path csv, Path folder, ImageReadOptions options) throws IOException {
        return fromCsv(csv, folder, options, null);
    }

    /**
     * @param csv the label file
     * @param folder where the file names in the CSV are resolved
     * @param options read options for the images
     * @param classIndex class name to index, for CSVs that name classes; null if labels are indices
     * @return the items, in file order
     * @throws IOException if the CSV cannot be read
     */
    public static List<LabelledImage> fromCsv(Path csv, Path folder, ImageReadOptions options,
                                              Map<String, Integer> classIndex) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<LabelledImage> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (n == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int sep = line.lastIndexOf(',');
            if (sep < 0) {
                sep = Math.max(line.lastIndexOf(' '), line.lastIndexOf('\t'));
            }
            if (sep <= 0 || sep == line.length() - 1) {
                throw new IllegalArgumentException(csv + " line " + (n + 1) + ": expected 'file,label' or 'file label' but got '"
                        + line + "'");
            }
            String file = unquote(line.substring(0, sep).strip());
            String labelText = unquote(line.substring(sep + 1).strip());
            Integer label;
            if (classIndex != null && classIndex.containsKey(labelText)) {
                label = classIndex.get(labelText);
            } else {
                try {
                    label = Integer.parseInt(labelText);
                } catch (NumberFormatException e) {
                    if (out.isEmpty() && n == firstContentLine(lines)) {
                        continue; // a header such as "file,label"
                    }
                    throw new IllegalArgumentException(csv + " line " + (n + 1) + ": label '" + labelText
                            + "' is neither a class index" + (classIndex == null ? "" : " nor a known class name"));
                }
            }
            if (label < 0) {
                throw new IllegalArgumentException(csv + " line " + (n + 1) + ": label must be >= 0 but was " + label);
            }
            if (!seen.add(file)) {
                throw new IllegalArgumentException(csv + " line " + (n + 1) + ": file '" + file + "' is listed twice");
            }
            out.add(new FileImage(file, folder.resolve(file), label, options));
        }
        return out;
    }

    /**
     * Keeps the items named in a list file (one file name per line, like {@code MEPP19test.csv}), in
     * the list's order.
     *
     * @param items labelled items
     * @param idList file with one name per line; blank lines and {@code #} comments ignored
     * @return the listed items
     * @throws IOException if the list cannot be read
     * @throws IllegalArgumentException if a listed name has no label, naming it
     */
    public static List<LabelledImage> subset(List<LabelledImage> items, Path idList) throws IOException {
        java.util.Map<String, LabelledImage> byId = new java.util.HashMap<>();
        for (LabelledImage i : items) {
            byId.put(i.id(), i);
        }
        List<LabelledImage> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(idList, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            String id = unquote(lines.get(n).replace("\uFEFF", "").strip());
            if (id.isEmpty() || id.startsWith("#")) {
                continue;
            }
            LabelledImage item = byId.get(id);
            if (item == null) {
                throw new IllegalArgumentException(idList + " line " + (n + 1) + ": '" + id + "' has no label");
            }
            out.add(item);
        }
        return out;
    }

    private static int firstContentLine(List<String> lines) {
        for (int n = 0; n < lines.size(); n++) {
            String l = lines.get(n).strip();
            if (!l.isEmpty() && !l.startsWith("#") && !l.equals("\uFEFF")) {
                return n;
            }
        }
        return -1;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1).replace("\"\"", "\"");
        }
        return s;
    }

    /** An image file with its label, read on {@link #load()}. */
    private record FileImage(String id, Path path, int label, ImageReadOptions options) implements LabelledImage {
        @Override
        public RgbImage load() throws IOException {
            return ImageFiles.read(path, options);
        }
    }
}
