package dev.pixelprivacy.core;

/**
 * A failure of the library itself, as opposed to a bad argument (which is an
 * {@link IllegalArgumentException} naming the offending value) or an I/O problem (a checked
 * {@link java.io.IOException}). Each module has one such type; this is privacy-core's.
 */
public class PixelPrivacyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, with the values involved */
    public PixelPrivacyException(String message) {
        super(message);
    }

    /**
     * @param message what failed, with the values involved
     * @param cause the lower-level failure
     */
    public PixelPrivacyException(String message, Throwable cause) {
        super(message, cause);
    }
}
