package dev.pixelprivacy.examples.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Drops the "Added differentiated op ..." lines that nd4j 1.0.0-M2.1's
 * {@code SameDiff.createGradFunction} prints to {@code System.out} unconditionally (no logger, no
 * setting), so the tool's standard output, and its --jsonl records in particular, stay clean.
 * Installed by the tool's main method only; the library never replaces {@code System.out}.
 */
final class SameDiffNoiseFilter extends OutputStream {
    private static final byte[] PREFIX = "Added differentiated op ".getBytes(StandardCharsets.UTF_8);

    private final OutputStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private SameDiffNoiseFilter(OutputStream target) {
        this.target = target;
    }

    /**
     * @param out the real standard output
     * @return a print stream passing everything through but SameDiff's lines
     */
    static PrintStream wrap(PrintStream out) {
        return new PrintStream(new SameDiffNoiseFilter(out), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            emit();
        }
    }

    private void emit() throws IOException {
        byte[] bytes = line.toByteArray();
        line.reset();
        if (!startsWithPrefix(bytes)) {
            target.write(bytes);
        }
    }

    private static boolean startsWithPrefix(byte[] bytes) {
        if (bytes.length < PREFIX.length) {
            return false;
        }
        for (int i = 0; i < PREFIX.length; i++) {
            if (bytes[i] != PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized void flush() throws IOException {
        // A partial line that cannot be SameDiff's (it always ends its lines) goes out on flush.
        if (line.size() > 0 && !couldBecomePrefix(line.toByteArray())) {
            target.write(line.toByteArray());
            line.reset();
        }
        target.flush();
    }

    private static boolean couldBecomePrefix(byte[] partial) {
        int n = Math.min(partial.length, PREFIX.length);
        for (int i = 0; i < n; i++) {
            if (partial[i] != PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized void close() throws IOException {
        if (line.size() > 0) {
            emit();
        }
        target.flush();
    }
}
