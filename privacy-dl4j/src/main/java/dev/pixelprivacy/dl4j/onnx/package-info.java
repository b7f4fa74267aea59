/**
 * ONNX models imported into SameDiff with exact input gradients: {@link dev.pixelprivacy.dl4j.onnx.OnnxModel}
 * reads and checks a model, {@link dev.pixelprivacy.dl4j.onnx.OnnxNetwork} runs it for one input shape and
 * differentiates an {@link dev.pixelprivacy.dl4j.onnx.Objective} of its output with respect to the input.
 * Failures are {@link dev.pixelprivacy.dl4j.onnx.OnnxImportException}s that name the node, the operator and
 * what is supported.
 */
package dev.pixelprivacy.dl4j.onnx;
