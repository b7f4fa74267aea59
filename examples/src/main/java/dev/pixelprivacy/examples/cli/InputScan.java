package dev.pixelprivacy.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * The files a command works on, found in the inputs named on the command line, and every other entry
 * with the reason it is left out: nothing is passed over in silence.
 *
 * <p>A file named on the command line is always a candidate (it is read, and fails with the reader's
 * reason if it is not an image). In a folder, a regular file is a candidate when a
 * {@code javax.imageio} reader recognises its content or its extension is an image format's (so a
 * HEIC or WebP file is reported as failed with the reader's reason, not ignored); every other entry
 * is {@linkplain #ignored() ignored with its reason}: other files, symbolic links (never followed
 * inside a folder: they may point anywhere, outputs included), sub-folders (walked with
 * {@code --recursive}, their structure mirrored in the output), and the output folder itself when it
 * lies inside an input folder.
 */
final class InputScan {
    /** Extensions of image formats, with or without a reader on this JVM. */
    static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "jpe", "jfif", "bmp", "gif", "tif",
            "tiff", "webp", "heic", "heif", "avif", "wbmp", "jp2", "pnm", "ppm", "pgm");

    /**
     * A file to work on.
     *
     * @param file the file, as the user's path spells it
     * @param relative its path below the folder it was found in (just its name for a file named directly)
     */
    record Candidate(Path file, Path relative) {}

    /**
     * An entry left out.
     *
     * @param path the entry
     * @param reason why
     */
    record Ignored(Path path, String reason) {}

    private final List<Candidate> candidates = new ArrayList<>();
    private final List<Ignored> ignored = new ArrayList<>();

    private InputScan() {}

    /**
     * @param inputs files and folders from the command line
     * @param recursive walk sub-folders
     * @param outputs folders the command writes to, never scanned as input (null entries allowed)
     * @return the scan
     * @throws IllegalArgumentException if an input does not exist
     * @throws IOException if a folder cannot be listed
     */
    static InputScan of(List<Path> inputs, boolean recursive, List<Path> outputs) throws IOException {
        InputScan scan = new InputScan();
        List<Path> excluded = new ArrayList<>();
        for (Path o : outputs) {
            if (o != null) {
                excluded.add(o.toAbsolutePath().normalize());
            }
        }
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                scan.walk(in, in, recursive, excluded);
            } else if (Files.isRegularFile(in)) {
                scan.candidates.add(new Candidate(in, in.getFileName()));
            } else if (Files.exists(in) || Files.isSymbolicLink(in)) {
                throw new IllegalArgumentException("input " + in + " is neither a file nor a folder"
                        + (Files.isSymbolicLink(in) ? " (a symbolic link to nothing)" : ""));
            } else {
                throw new IllegalArgumentException("input " + in + " does not exist");
            }
        }
        return scan;
    }

    private void walk(Path root, Path dir, boolean recursive, List<Path> excluded) throws IOException {
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().toList();
        }
        for (Path p : entries) {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                ignored.add(new Ignored(p, "a symbolic link, not followed inside a folder (name its target instead)"));
            } else if (a.isDirectory()) {
                if (excluded.contains(p.toAbsolutePath().normalize())) {
                    ignored.add(new Ignored(p, "an output folder of this command, not read as input"));
                } else if (recursive) {
                    walk(root, p, true, excluded);
                } else {
                    ignored.add(new Ignored(p, "a sub-folder (use --recursive to protect its images too)"));
                }
            } else if (!a.isRegularFile()) {
                ignored.add(new Ignored(p, "not a regular file"));
            } else if (isImageCandidate(p)) {
                candidates.add(new Candidate(p, root.relativize(p)));
            } else if (p.getFileName().toString().startsWith(".")) {
                ignored.add(new Ignored(p, "a hidden file that is not an image"));
            } else {
                ignored.add(new Ignored(p, "not an image: no javax.imageio reader recognises its content and its "
                        + "extension is not an image format's"));
            }
        }
    }

    /** @return whether the file's extension is an image format's or a reader recognises its bytes */
    static boolean isImageCandidate(Path file) {
        if (IMAGE_EXTENSIONS.contains(extension(file))) {
            return true;
        }
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            return readers.hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the lower-case extension without the dot, or "" */
    static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    /** @return the files to work on, in command-line order and sorted within each folder */
    List<Candidate> candidates() {
        return candidates;
    }

    /** @return the entries left out, with their reasons */
    List<Ignored> ignored() {
        return ignored;
    }
}
