/**
 * ONNX models imported into SameDiff with exact input gradients: {@link dev.pixelprivacy.dl4j.onnx.OnnxModel}
 * reads and checks a model, {@link dev.pixelprivacy.dl4j.onnx.OnnxNetwork} runs it for one input shape and
 * differentiates an {@link dev.pixelprivacy.dl4j.onnx.Objective} of its output with respect to the input,
 * and {@link dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder} writes ONNX models from Java (exports, tests,
 * benchmarks) without exposing the protobuf classes.
 *
 * <p>Failures follow {@link dev.pixelprivacy.core.PixelPrivacyException}'s scheme: a model that cannot be
 * imported is an {@link dev.pixelprivacy.dl4j.onnx.OnnxImportException} naming the node, the operator and
 * what is supported; a network that fails while running is a
 * {@link dev.pixelprivacy.dl4j.onnx.NetworkException}; bad arguments are
 * {@link java.lang.IllegalArgumentException}s; use of a closed network is an
 * {@link java.lang.IllegalStateException}.
 */
package dev.pixelprivacy.dl4j.onnx;
