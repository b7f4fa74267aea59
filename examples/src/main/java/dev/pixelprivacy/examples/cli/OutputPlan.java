package dev.pixelprivacy.examples.cli;

import dev.pixelprivacy.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every file a command will write, planned before any work starts, and the one way those files are
 * written: the guarantee that no input is ever overwritten rests here.
 *
 * <p>Each unit of work (an input image, or the run itself for tables and pages) {@linkplain #claim
 * claims} its outputs; {@link #seal()} then refuses, per unit and with the reason: an output that is
 * an input (whatever the spelling of either path: relative, {@code ..}, symbolic links in the
 * folders), an output that already exists as a link to an input (a symbolic or hard link), and two
 * units wanting one output (both are refused, naming each other). A refused unit must not be worked
 * on; {@link #write} writes only claimed outputs of units that were not refused, checks once more
 * that the target is not an input, and writes atomically through {@link AtomicFiles};
 * {@link #append} does the same checks for a journal that grows a record at a time.
 */
final class OutputPlan {
    private final Set<Path> inputPaths = new HashSet<>();
    private final Set<Object> inputKeys = new HashSet<>();
    private final Map<Object, List<Path>> claims = new LinkedHashMap<>();
    private final Map<Path, Object> owners = new HashMap<>();
    private final Map<Object, String> refusals = new HashMap<>();
    private boolean sealed;

    /**
     * @param inputs every file the command reads (images, label lists...), never to be written
     * @throws IOException if an input's identity cannot be read
     */
    OutputPlan(Collection<Path> inputs) throws IOException {
        for (Path in : inputs) {
            inputPaths.add(identity(in));
            if (Files.exists(in)) {
                inputPaths.add(in.toRealPath());
                Object key = Files.readAttributes(in, BasicFileAttributes.class).fileKey();
                if (key != null) {
                    inputKeys.add(key);
                }
            }
        }
    }

    /**
     * @param unit the unit of work (an input's path, or a name for the run's own outputs)
     * @param targets the files it will write
     * @return this
     */
    OutputPlan claim(Object unit, Path... targets) {
        if (sealed) {
            throw new IllegalStateException("the plan is sealed; outputs are planned before any work");
        }
        List<Path> list = claims.computeIfAbsent(unit, u -> new ArrayList<>());
        for (Path t : targets) {
            list.add(t);
        }
        return this;
    }

    /**
     * Decides which units are refused; call once, after every claim and before any work.
     *
     * @return this
     * @throws IOException if a target's identity cannot be read
     */
    OutputPlan seal() throws IOException {
        Map<Path, Path> spelling = new HashMap<>();
        for (Map.Entry<Object, List<Path>> e : claims.entrySet()) {
            for (Path t : e.getValue()) {
                Path id = identity(t);
                String problem = inputProblem(t, id);
                if (problem != null) {
                    refusals.putIfAbsent(e.getKey(), problem);
                }
                Object other = owners.putIfAbsent(id, e.getKey());
                if (other != null && !other.equals(e.getKey())) {
                    String why = "it and " + other + " would both be written to " + t + "; rename one of them or "
                            + "write them to different folders";
                    refusals.putIfAbsent(e.getKey(), why);
                    refusals.putIfAbsent(other, "it and " + e.getKey() + " would both be written to "
                            + spelling.get(id) + "; rename one of them or write them to different folders");
                }
                spelling.putIfAbsent(id, t);
            }
        }
        sealed = true;
        return this;
    }

    /**
     * @param unit a unit that claimed outputs
     * @return why it is refused, or null when its outputs may be written
     */
    String refusal(Object unit) {
        requireSealed();
        return refusals.get(unit);
    }

    /** @return the refused units with their reasons, in claim order */
    Map<Object, String> refusals() {
        requireSealed();
        Map<Object, String> out = new LinkedHashMap<>();
        for (Object u : claims.keySet()) {
            if (refusals.containsKey(u)) {
                out.put(u, refusals.get(u));
            }
        }
        return out;
    }

    /**
     * Writes a planned output atomically.
     *
     * @param target a file claimed by a unit that was not refused
     * @param writer its content
     * @throws IllegalStateException if the target was not planned or its unit was refused (a bug)
     * @throws IllegalArgumentException if the target has become an input since the plan was made
     * @throws IOException if writing fails; the previous target is then untouched
     */
    void write(Path target, AtomicFiles.Writer writer) throws IOException {
        check(target);
        AtomicFiles.write(target, writer);
    }

    private void check(Path target) throws IOException {
        requireSealed();
        Path id = identity(target);
        Object unit = owners.get(id);
        if (unit == null) {
            throw new IllegalStateException("output " + target + " was not planned");
        }
        if (refusals.containsKey(unit)) {
            throw new IllegalStateException("output " + target + " belongs to refused " + unit + ": " + refusals.get(unit));
        }
        String problem = inputProblem(target, id);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Appends to a planned output, for a journal that grows by one record per unit of work: the bytes
     * go out in one write and are forced to disk, so a crash leaves at most a torn last record (which
     * the journal's reader must skip).
     *
     * @param target a file claimed by a unit that was not refused
     * @param bytes the record
     * @throws IOException if writing fails
     */
    void append(Path target, byte[] bytes) throws IOException {
        check(target);
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }

    /**
     * @param target a planned output
     * @param bytes its content
     * @throws IOException if writing fails
     */
    void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * @param target a planned output
     * @param text its content, UTF-8
     * @throws IOException if writing fails
     */
    void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    private String inputProblem(Path target, Path id) throws IOException {
        if (inputPaths.contains(id)) {
            return "output " + target + " is an input; inputs are never overwritten";
        }
        if (Files.exists(target)) {
            Object key = Files.readAttributes(target, BasicFileAttributes.class).fileKey();
            if (key != null && inputKeys.contains(key)) {
                return "output " + target + " is a link to an input; inputs are never overwritten";
            }
        }
        if (Files.isSymbolicLink(target)) {
            return "output " + target + " is a symbolic link; outputs are not written through links";
        }
        return null;
    }

    private void requireSealed() {
        if (!sealed) {
            throw new IllegalStateException("seal() the plan first");
        }
    }

    /**
     * The path with its folders' links resolved: the real path of the longest existing ancestor
     * (the file itself when it exists and is no link), then the rest of the path.
     */
    static Path identity(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(abs)) {
            return abs.toRealPath();
        }
        Path parent = abs.getParent();
        if (parent == null) {
            return abs;
        }
        Path existing = parent;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        return existing.toRealPath().resolve(existing.relativize(abs));
    }
}
