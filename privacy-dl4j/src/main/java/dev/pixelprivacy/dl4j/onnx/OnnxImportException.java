package dev.pixelprivacy.dl4j.onnx;

import dev.pixelprivacy.core.PixelPrivacyException;

/**
 * A model that cannot be imported: an operator, attribute value or tensor type outside the supported
 * set, a malformed graph, or external tensor data that is missing or outside the model's folder.
 * Messages name the operator, the node and what is supported, or the tensor, its location and why it
 * was refused. A network that fails while running is a {@link NetworkException} instead.
 */
public class OnnxImportException extends PixelPrivacyException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, with the node, operator and values involved */
    public OnnxImportException(String message) {
        super(message);
    }

    /**
     * @param message what failed, with the node, operator and values involved
     * @param cause the lower-level failure
     */
    public OnnxImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
