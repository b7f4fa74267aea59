package dev.pixelprivacy.paper.batch;

import java.util.Objects;

/**
 * One image to protect: a name for messages and results (a path or URI) and the file's bytes, or
 * why its bytes could not be read (it then becomes a failed outcome with that reason).
 *
 * @param name where the image came from, e.g. {@code hdfs://nn/photos/a.jpg}
 * @param content the file's bytes, as stored; null when {@code readError} is set
 * @param readError why the file could not be read, or null
 */
public record ImageInput(String name, byte[] content, String readError) {
    /**
     * @param name where the image came from
     * @param content the file's bytes
     * @param readError why they could not be read
     */
    public ImageInput {
        Objects.requireNonNull(name, "name");
        if ((content == null) == (readError == null)) {
            throw new IllegalArgumentException("an input has either content or a read error: " + name);
        }
    }

    /**
     * @param name where the image came from
     * @param content the file's bytes
     */
    public ImageInput(String name, byte[] content) {
        this(name, Objects.requireNonNull(content, "content"), null);
    }

    /**
     * @param name where the image came from
     * @param reason why it could not be read
     * @return an input that will fail with that reason
     */
    public static ImageInput unreadable(String name, String reason) {
        return new ImageInput(name, null, Objects.requireNonNull(reason, "reason"));
    }
}
