package dev.pixelprivacy.dl4j.onnx;

/**
 * The one unchecked exception type of privacy-dl4j: a model that cannot be imported (an operator,
 * attribute value or tensor type outside the supported set, a malformed graph) or a network that
 * fails while running. Messages name the operator, the node and what is supported, or the values
 * involved.
 */
public class OnnxImportException extends RuntimeException {
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
