package dev.pixelprivacy.paper.batch;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One image to protect: a name for messages and results (a path or URI) and where its bytes are:
 * in memory ({@code content}, as a Spark task reads them), in a local file ({@code file}, as the
 * command line reads them, decoded straight from the file), or nowhere because they could not be
 * read ({@code readError}; the input then becomes a failed outcome with that reason).
 *
 * @param name where the image came from, e.g. {@code hdfs://nn/photos/a.jpg}
 * @param content the file's bytes, as stored; null when {@code file} or {@code readError} is set
 * @param readError why the file could not be read, or null
 * @param file a local image file, or null
 */
public record ImageInput(String name, byte[] content, String readError, Path file) {
    /**
     * @param name where the image came from
     * @param content the file's bytes
     * @param readError why they could not be read
     * @param file a local file holding them
     * @throws IllegalArgumentException unless exactly one of content, readError and file is set
     */
    public ImageInput {
        Objects.requireNonNull(name, "name");
        int set = (content != null ? 1 : 0) + (readError != null ? 1 : 0) + (file != null ? 1 : 0);
        if (set != 1) {
            throw new IllegalArgumentException("an input has exactly one of content, a read error or a file: " + name);
        }
    }

    /**
     * @param name where the image came from
     * @param content the file's bytes
     * @param readError why they could not be read
     * @throws IllegalArgumentException unless exactly one of content and readError is set
     */
    public ImageInput(String name, byte[] content, String readError) {
        this(name, content, readError, null);
    }

    /**
     * @param name where the image came from
     * @param content the file's bytes
     */
    public ImageInput(String name, byte[] content) {
        this(name, Objects.requireNonNull(content, "content"), null, null);
    }

    /**
     * @param name where the image came from
     * @param reason why it could not be read
     * @return an input that will fail with that reason
     */
    public static ImageInput unreadable(String name, String reason) {
        return new ImageInput(name, null, Objects.requireNonNull(reason, "reason"), null);
    }

    /**
     * @param file a local image file, read and decoded when its turn comes
     * @return an input named by the path as given
     */
    public static ImageInput file(Path file) {
        return new ImageInput(Objects.requireNonNull(file, "file").toString(), null, null, file);
    }
}
