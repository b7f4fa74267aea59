/**
 * privacy-core's model interfaces implemented with ONNX networks: the threat model
 * ({@link dev.pixelprivacy.dl4j.model.OnnxThreatModel}), NIMA ({@link dev.pixelprivacy.dl4j.model.NimaScorer})
 * and SalGAN saliency ({@link dev.pixelprivacy.dl4j.model.SalGanSaliency}), each with an immutable
 * {@link dev.pixelprivacy.dl4j.model.Preprocessing} spec (resize, channel order, scale, mean and std)
 * whose adjoint carries gradients back. All take [0, 1] RGB images and return gradients in that space.
 * Each adapter builds one network per thread and input shape and is {@link java.lang.AutoCloseable}:
 * closing frees the native memory of all of them.
 */
package dev.pixelprivacy.dl4j.model;
