package dev.pixelprivacy.core.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An image file that is refused: not an image (or an image in a format no reader on the class path
 * decodes, such as HEIF/HEIC), empty, truncated or damaged, with an invalid colour profile, larger
 * than the pixel limit of the {@link ImageReadOptions}, or needing more memory than the Java heap
 * can give. The message names the file and the reason, with the values involved.
 */
public class UnreadableImageException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String reason;

    /**
     * @param file the file that was refused
     * @param reason why, with the values involved
     */
    public UnreadableImageException(Path file, String reason) {
        this(file, reason, null);
    }

    /**
     * @param file the file that was refused
     * @param reason why, with the values involved
     * @param cause the decoder's own failure, or null
     */
    public UnreadableImageException(Path file, String reason, Throwable cause) {
        super("cannot read image " + file + ": " + reason, cause);
        this.file = file;
        this.reason = reason;
    }

    /** @return the file that was refused (null after deserialisation) */
    public Path file() {
        return file;
    }

    /** @return why it was refused, without the file name */
    public String reason() {
        return reason;
    }
}
