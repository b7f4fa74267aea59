package dev.pixelprivacy.core;

/**
 * The one base type for failures of the library itself or of a model, as opposed to a bad argument
 * and to I/O. The scheme every module follows:
 *
 * <ul>
 *   <li>a bad argument is an {@link IllegalArgumentException} whose message names the offending value;
 *   <li>an I/O problem is a checked {@link java.io.IOException};
 *   <li>use of an object in a state that forbids it (a closed network) is an
 *       {@link IllegalStateException} naming the object;
 *   <li>every other failure is this unchecked exception or a subclass of it. A module subclasses it
 *       only where a caller would catch that failure separately: privacy-dl4j's
 *       {@code OnnxImportException} (a model that cannot be imported: an unsupported operator or
 *       attribute, a malformed graph, external data outside the model's folder) and
 *       {@code NetworkException} (a network that fails while running).
 * </ul>
 *
 * <p>Messages name what failed and the values involved.
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
