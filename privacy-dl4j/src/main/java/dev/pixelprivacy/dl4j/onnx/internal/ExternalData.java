package dev.pixelprivacy.dl4j.onnx.internal;

import dev.pixelprivacy.dl4j.onnx.OnnxImportException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import onnx.Onnx;

/**
 * Reads a tensor's external data ({@code data_location = EXTERNAL}) confined to the model's folder. A
 * model file comes from anyone, so its {@code location} is not trusted: it must be a relative path
 * that stays inside the folder of the model file after {@code ..} and symbolic links are resolved,
 * it must name a regular file (not a device, pipe or directory), and the bytes the tensor needs
 * must lie inside that file at the declared {@code offset}, with a declared {@code length} equal to
 * what the tensor's shape and type need. Anything else is refused with an
 * {@link OnnxImportException} naming the tensor, the location and why.
 */
final class ExternalData {
    private ExternalData() {}

    /**
     * @param t a tensor whose data is external
     * @param modelDir the folder of the model file, or null for a model not read from a file
     * @param needed the bytes the tensor's shape and element type need
     * @return exactly {@code needed} bytes
     */
    static byte[] read(Onnx.TensorProto t, Path modelDir, long needed) {
        String location = null;
        String offsetText = null;
        String lengthText = null;
        for (Onnx.StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offsetText = e.getValue();
                case "length" -> lengthText = e.getValue();
                default -> { }
            }
        }
        if (location == null || location.isEmpty()) {
            throw refused(t, location, "the tensor's external data names no location");
        }
        if (modelDir == null) {
            throw refused(t, location, "the model was not loaded from a file, so there is no folder to read it from");
        }
        long offset = number(t, location, "offset", offsetText, 0);
        long length = number(t, location, "length", lengthText, needed);
        if (length != needed) {
            throw refused(t, location, "the declared length " + length + " differs from the " + needed
                    + " bytes the tensor's shape and type need");
        }
        Path relative;
        try {
            relative = Path.of(location);
        } catch (InvalidPathException e) {
            throw refused(t, location, "it is not a valid path: " + e.getMessage());
        }
        if (relative.isAbsolute() || relative.getRoot() != null) {
            throw refused(t, location, "it is an absolute path; external data must lie in the model's folder");
        }
        Path dir;
        try {
            dir = modelDir.toRealPath();
        } catch (IOException e) {
            throw refused(t, location, "the model's folder " + modelDir + " cannot be resolved: " + e);
        }
        Path file = dir.resolve(relative).normalize();
        if (!file.startsWith(dir)) {
            throw refused(t, location, "it leads outside the model's folder " + dir);
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            throw refused(t, location, "no such file in the model's folder " + dir);
        } catch (IOException e) {
            throw refused(t, location, "it cannot be resolved: " + e);
        }
        if (!real.startsWith(dir)) {
            throw refused(t, location, "a symbolic link leads outside the model's folder " + dir + " (to " + real + ")");
        }
        try {
            BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                throw refused(t, location, "it is not a regular file (a directory, device or pipe)");
            }
            if (offset > a.size() || needed > a.size() - offset) {
                throw refused(t, location, "offset " + offset + " + length " + needed + " lies beyond the end of the "
                        + a.size() + "-byte file");
            }
            if (needed > Integer.MAX_VALUE - 8) {
                throw refused(t, location, "length " + needed + " exceeds the largest array");
            }
            byte[] out = new byte[(int) needed];
            try (FileChannel ch = FileChannel.open(real, StandardOpenOption.READ)) {
                ByteBuffer b = ByteBuffer.wrap(out);
                long pos = offset;
                while (b.hasRemaining()) {
                    int r = ch.read(b, pos);
                    if (r < 0) {
                        throw refused(t, location, "the file ended after " + (pos - offset) + " of " + needed + " bytes");
                    }
                    pos += r;
                }
            }
            return out;
        } catch (IOException e) {
            throw refused(t, location, "it cannot be read: " + e);
        }
    }

    private static long number(Onnx.TensorProto t, String location, String key, String text, long absent) {
        if (text == null) {
            return absent;
        }
        long v;
        try {
            v = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw refused(t, location, "its " + key + " '" + text + "' is not a whole number");
        }
        if (v < 0) {
            throw refused(t, location, "its " + key + " " + v + " is negative");
        }
        return v;
    }

    private static OnnxImportException refused(Onnx.TensorProto t, String location, String why) {
        return new OnnxImportException("external data of tensor '" + t.getName() + "' at location '" + location
                + "' refused: " + why);
    }
}
