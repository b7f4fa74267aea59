package dev.pixelprivacy.dl4j.tools;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1 to 3) holding float32 or float64
 * arrays in C order, the exchange format of PyTorch users. Other element types are refused with a
 * message naming the type.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /**
     * An array read from a file.
     *
     * @param shape dimensions, C order
     * @param data values, row-major
     */
    public record Array(long[] shape, float[] data) {
        @Override
        public String toString() {
            return "Npy.Array" + Arrays.toString(shape);
        }
    }

    /**
     * @param file a .npy file of float32 or float64 values in C order
     * @return its shape and values (float64 is rounded to float)
     * @throws IOException if it cannot be read or is not such a file (the message says why)
     */
    public static Array read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        for (byte m : MAGIC) {
            if (b.remaining() == 0 || b.get() != m) {
                throw new IOException(file + " is not a .npy file (bad magic)");
            }
        }
        int major = b.get();
        b.get();
        int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
        byte[] h = new byte[headerLen];
        b.get(h);
        String header = new String(h, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, file);
        if (group(ORDER, header, file).equals("True")) {
            throw new IOException(file + " is in Fortran order; only C order is supported");
        }
        String[] dims = group(SHAPE, header, file).split(",");
        long[] shape = Arrays.stream(dims).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IOException(file + " holds " + n + " values, too many for one array");
        }
        float[] v = new float[(int) n];
        switch (descr) {
            case "<f4", "|f4" -> {
                require(b, 4L * n, file);
                b.asFloatBuffer().get(v);
            }
            case "<f8" -> {
                require(b, 8L * n, file);
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) b.getDouble();
                }
            }
            default -> throw new IOException(file + " holds element type '" + descr + "'; supported: <f4, <f8");
        }
        return new Array(shape, v);
    }

    private static void require(ByteBuffer b, long bytes, Path file) throws IOException {
        if (b.remaining() < bytes) {
            throw new IOException(file + " is truncated: " + b.remaining() + " data bytes for " + bytes);
        }
    }

    private static String group(Pattern p, String header, Path file) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(file + " has a header without " + p.pattern() + ": " + header.trim());
        }
        return m.group(1);
    }

    /**
     * Writes a float32 array (format version 1.0).
     *
     * @param file target file, replaced if it exists
     * @param shape dimensions, C order; their product must equal {@code data.length}
     * @param data values, row-major
     * @throws IOException if it cannot be written
     */
    public static void write(Path file, long[] shape, float[] data) throws IOException {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape must not be negative but was " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values but "
                    + data.length + " were given");
        }
        StringBuilder s = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            s.append(shape[i]).append(shape.length == 1 ? "," : (i + 1 < shape.length ? ", " : ""));
        }
        s.append("), }");
        int total = MAGIC.length + 4 + s.length() + 1;
        int pad = (64 - total % 64) % 64;
        s.append(" ".repeat(pad)).append('\n');
        byte[] header = s.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + header.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length).put(header);
        b.asFloatBuffer().put(data);
        Files.write(file, b.array());
    }
}
