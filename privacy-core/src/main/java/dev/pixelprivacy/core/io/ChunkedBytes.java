package dev.pixelprivacy.core.io;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory output stream that keeps what is written in chunks of {@link #CHUNK} bytes and copies
 * them once, into an array of the exact size, in {@link #toByteArray()}. A
 * {@link java.io.ByteArrayOutputStream} doubles one array as it grows: for a 12 MP photo's PNG
 * (about 30 MB) that is a dozen large arrays, each a humongous object of the G1 collector that starts
 * a concurrent cycle, and about twice the output in garbage; here the only large array is the result.
 * Not thread-safe.
 */
final class ChunkedBytes extends OutputStream {
    /** Bytes per chunk: below half of G1's smallest region, so no chunk is a humongous object. */
    static final int CHUNK = 256 * 1024;

    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current;
    private int used;
    private long size;

    @Override
    public void write(int b) {
        if (current == null || used == current.length) {
            next();
        }
        current[used++] = (byte) b;
        size++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
            if (current == null || used == current.length) {
                next();
            }
            int n = Math.min(len, current.length - used);
            System.arraycopy(b, off, current, used, n);
            used += n;
            off += n;
            len -= n;
            size += n;
        }
    }

    private void next() {
        current = new byte[CHUNK];
        chunks.add(current);
        used = 0;
    }

    /**
     * @return everything written, in order, in a new array
     * @throws IllegalStateException if more than {@code Integer.MAX_VALUE - 8} bytes were written
     */
    byte[] toByteArray() {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("cannot hold " + size + " bytes in one array");
        }
        byte[] out = new byte[(int) size];
        int pos = 0;
        for (byte[] c : chunks) {
            int n = (int) Math.min(c.length, size - pos);
            System.arraycopy(c, 0, out, pos, n);
            pos += n;
        }
        return out;
    }
}
