/**
 * Keras 2 HDF5 models and TensorFlow.js layers models imported into SameDiff through the ONNX
 * translation: {@link dev.pixelprivacy.dl4j.keras.KerasImport} reads either (deciding by content,
 * {@link dev.pixelprivacy.dl4j.keras.ModelFormat}) and gives an {@link dev.pixelprivacy.dl4j.onnx.OnnxModel}
 * with an NCHW input, so the adapters of {@code dev.pixelprivacy.dl4j.model} take Keras networks as they
 * take ONNX ones. Failures are {@link dev.pixelprivacy.dl4j.onnx.OnnxImportException}s naming the layer,
 * the file and what is supported.
 */
package dev.pixelprivacy.dl4j.keras;
