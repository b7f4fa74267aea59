/**
 * privacy-core's model interfaces implemented with ONNX networks: the threat model
 * ({@link dev.pixelprivacy.dl4j.model.OnnxThreatModel}), NIMA ({@link dev.pixelprivacy.dl4j.model.NimaScorer})
 * and SalGAN saliency ({@link dev.pixelprivacy.dl4j.model.SalGanSaliency}), each with an immutable
 * {@link dev.pixelprivacy.dl4j.model.Preprocessing} spec. All take [0, 1] RGB images and return gradients
 * in that space.
 */
package dev.pixelprivacy.dl4j.model;
