package dev.pixelprivacy.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Checks of the folders a command writes to, made before any work, and their leftover temporary files. */
final class OutputFolders {
    /** AtomicFiles' temporary files: {@code .NAME.RANDOM.tmp} beside the target NAME. */
    private static final Pattern TEMPORARY = Pattern.compile("\\.(.+)\\.-?[0-9]+\\.tmp");

    private OutputFolders() {}

    /**
     * Creates the folder if needed and proves it can be written to (by writing and deleting a file:
     * permission bits do not tell, e.g. for root or on a read-only mount).
     *
     * @param dir the folder
     * @param option the option that named it, for the message
     * @throws IllegalArgumentException if it is a file or cannot be created or written, with the reason
     */
    static void requireWritable(Path dir, String option) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + dir + " is a file, not a folder");
        }
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".pixel-privacy-write-check.", ".tmp");
            Files.delete(probe);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(option + " " + dir + " cannot be written to: " + FailureReason.of(e), e);
        }
    }

    /**
     * Deletes the temporary files an interrupted run left beside the planned outputs (named
     * {@code .NAME.RANDOM.tmp} for an output NAME), and nothing else.
     *
     * @param outputs every planned output
     * @return the files deleted
     * @throws IOException if a folder cannot be listed or a file deleted
     */
    static List<Path> removeStaleTemporaries(Collection<Path> outputs) throws IOException {
        Map<Path, Set<String>> names = new HashMap<>();
        for (Path o : outputs) {
            Path abs = o.toAbsolutePath().normalize();
            names.computeIfAbsent(abs.getParent(), d -> new HashSet<>()).add(abs.getFileName().toString());
        }
        List<Path> removed = new ArrayList<>();
        for (Map.Entry<Path, Set<String>> e : names.entrySet()) {
            if (!Files.isDirectory(e.getKey())) {
                continue;
            }
            List<Path> entries;
            try (Stream<Path> s = Files.list(e.getKey())) {
                entries = s.toList();
            }
            for (Path p : entries) {
                Matcher m = TEMPORARY.matcher(p.getFileName().toString());
                if (m.matches() && e.getValue().contains(m.group(1)) && Files.isRegularFile(p)
                        && !Files.isSymbolicLink(p)) {
                    Files.delete(p);
                    removed.add(p);
                }
            }
        }
        removed.sort(null);
        return removed;
    }
}
