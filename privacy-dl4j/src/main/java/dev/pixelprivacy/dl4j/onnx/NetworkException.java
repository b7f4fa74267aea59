package dev.pixelprivacy.dl4j.onnx;

import dev.pixelprivacy.core.PixelPrivacyException;

/**
 * A network that was imported but fails while it is built for a shape's session or while it runs (a
 * forward or gradient pass that SameDiff cannot execute). The message names the network's input shape
 * and the lower-level failure, which is the cause.
 */
public class NetworkException extends PixelPrivacyException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, with the shapes involved */
    public NetworkException(String message) {
        super(message);
    }

    /**
     * @param message what failed, with the shapes involved
     * @param cause the lower-level failure
     */
    public NetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
