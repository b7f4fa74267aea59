package dev.pixelprivacy.examples.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Turns a failure on one image into a reason a user can act on: never a bare path or class name. */
final class FailureReason {
    private FailureReason() {}

    /**
     * @param e what went wrong (an exception of the reader, the model, the writer, or an error such
     *     as running out of memory)
     * @return one line saying why
     */
    static String of(Throwable e) {
        if (e instanceof NoSuchFileException n) {
            return "file " + n.getFile() + " does not exist";
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied on " + a.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + "); give the JVM more heap (java -Xmx...) or use --size";
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName() + (e.getCause() != null ? ": " + of(e.getCause()) : "");
        }
        return e instanceof RuntimeException && !(e instanceof IllegalArgumentException)
                && !(e instanceof dev.pixelprivacy.core.PixelPrivacyException)
                ? m + " (" + e.getClass().getSimpleName() + ")" : m;
    }
}
