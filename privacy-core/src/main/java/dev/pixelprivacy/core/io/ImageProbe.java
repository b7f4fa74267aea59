package dev.pixelprivacy.core.io;

import java.util.Optional;

/**
 * What {@link ImageFiles#probe(java.nio.file.Path)} found: the format of a file that a reader on the
 * class path recognises by its content, or why none does. Immutable.
 */
public final class ImageProbe {
    private final String format;
    private final String reason;

    private ImageProbe(String format, String reason) {
        this.format = format;
        this.reason = reason;
    }

    static ImageProbe readable(String format) {
        return new ImageProbe(format, null);
    }

    static ImageProbe unreadable(String reason) {
        return new ImageProbe(null, reason);
    }

    /** @return true if a reader recognises the content */
    public boolean readable() {
        return format != null;
    }

    /** @return the reader's format name in upper case, e.g. {@code "PNG"}; empty if not readable */
    public Optional<String> format() {
        return Optional.ofNullable(format);
    }

    /**
     * @return why the file cannot be read (the words an {@link UnreadableImageException} would use,
     *     without the file name); empty if it is readable
     */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public String toString() {
        return format != null ? "ImageProbe[" + format + "]" : "ImageProbe[unreadable: " + reason + "]";
    }
}
