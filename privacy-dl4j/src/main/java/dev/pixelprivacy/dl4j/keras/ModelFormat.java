package dev.pixelprivacy.dl4j.keras;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The kind of a network file, decided by its content, never by its name. */
public enum ModelFormat {
    /** An ONNX ModelProto (protobuf). */
    ONNX,
    /** An HDF5 file: a Keras model as {@code model.save('x.h5')} writes it. */
    KERAS_HDF5,
    /** A JSON document: a TensorFlow.js {@code model.json}. */
    TFJS_LAYERS,
    /**
     * A zip archive, as Keras 3 writes {@code .keras} models: recognised only so that the import can refuse
     * it saying what to do (README: Keras import).
     */
    KERAS_V3_ARCHIVE;

    private static final byte[] ZIP_SIGNATURE = {'P', 'K', 3, 4};

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    /**
     * HDF5 by its signature (at offset 0, 512, 1024 or 2048: a user block may precede it), a zip archive by
     * its local file header signature, JSON by its first non-blank character being '{', anything else ONNX
     * (whose parser then judges it).
     *
     * @param file the file
     * @return its format
     * @throws IOException if it cannot be read
     */
    public static ModelFormat detect(Path file) throws IOException {
        byte[] head = new byte[2056];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        for (int off : new int[] {0, 512, 1024, 2048}) {
            if (off + HDF5_SIGNATURE.length <= n
                    && Arrays.equals(head, off, off + HDF5_SIGNATURE.length, HDF5_SIGNATURE, 0, HDF5_SIGNATURE.length)) {
                return KERAS_HDF5;
            }
        }
        if (n >= ZIP_SIGNATURE.length && Arrays.equals(head, 0, ZIP_SIGNATURE.length, ZIP_SIGNATURE, 0, ZIP_SIGNATURE.length)) {
            return KERAS_V3_ARCHIVE;
        }
        int i = 0;
        if (n >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf) {
            i = 3; // UTF-8 byte order mark
        }
        while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' || head[i] == '\r')) {
            i++;
        }
        return i < n && head[i] == '{' ? TFJS_LAYERS : ONNX;
    }
}
