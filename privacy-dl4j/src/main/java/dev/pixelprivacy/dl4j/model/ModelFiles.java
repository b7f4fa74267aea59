package dev.pixelprivacy.dl4j.model;

import dev.pixelprivacy.dl4j.keras.KerasImport;
import dev.pixelprivacy.dl4j.keras.ModelFormat;
import dev.pixelprivacy.dl4j.onnx.OnnxImportException;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Loads a network file for one of the adapters' roles, deciding the format by content, not by name:
 * ONNX ({@link OnnxModel#load}), a Keras 2 {@code .h5} or a TensorFlow.js {@code model.json}
 * ({@link KerasImport}). Keras networks come with their preprocessing inside and take [0, 1] RGB, so
 * {@link #preprocessing} gives them an identity normalisation at their declared size.
 */
public final class ModelFiles {
    /** What an adapter needs from the network's output. */
    public enum Role {
        /** A threat model ({@link OnnxThreatModel}): logits; a Keras classifier's final softmax is left out. */
        CLASSIFIER,
        /** A NIMA scorer ({@link NimaScorer}): the model's own probabilities. */
        DISTRIBUTION,
        /** A saliency model ({@link SalGanSaliency}): the model's own map. */
        MAP
    }

    private ModelFiles() {}

    /**
     * @param file an .onnx file, a Keras .h5 or a TF.js model.json, whatever its name
     * @param role what the network is for
     * @return the model
     * @throws IOException if the file cannot be read
     * @throws OnnxImportException if it cannot be imported; the message names the node or layer, the file
     *     and what is supported
     */
    public static OnnxModel load(Path file, Role role) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(role, "role");
        return switch (ModelFormat.detect(file)) {
            case ONNX -> OnnxModel.load(file);
            case KERAS_HDF5, TFJS_LAYERS, KERAS_V3_ARCHIVE -> KerasImport.builder()
                    .output(role == Role.CLASSIFIER ? KerasImport.Output.LOGITS : KerasImport.Output.MODEL_OUTPUT)
                    .build().load(file);
        };
    }

    /**
     * @param model a loaded model
     * @param forOnnx the spec to use for an ONNX model
     * @return {@code forOnnx} for ONNX models; for Keras imports, [0, 1] RGB with mean 0 and std 1 at the
     *     model's declared input size, since the network holds its own preprocessing, resized with
     *     {@code forOnnx}'s antialiasing filter when it has one ({@link Preprocessing.ResizeRule#ANTIALIASED},
     *     the threat model's {@link Preprocessing#imagenet256()}) and otherwise by bilinear interpolation
     *     without antialiasing ({@link Preprocessing.ResizeRule#BILINEAR})
     */
    public static Preprocessing preprocessing(OnnxModel model, Preprocessing forOnnx) {
        Objects.requireNonNull(forOnnx, "forOnnx");
        Preprocessing.ResizeRule rule = forOnnx.resizeRule() == Preprocessing.ResizeRule.ANTIALIASED
                ? Preprocessing.ResizeRule.ANTIALIASED : Preprocessing.ResizeRule.BILINEAR;
        return preprocessing(model, forOnnx, rule);
    }

    /**
     * How a deployment of the model feeds it, for judging a protected photo with a model that was not
     * attacked: {@code forOnnx} for ONNX models; a Keras or TF.js import gets [0, 1] RGB at its declared
     * size through TensorFlow.js's {@code resizeBilinear(alignCorners = true)}
     * ({@link Preprocessing.ResizeRule#BILINEAR_ALIGN_CORNERS}), what nsfwjs and TF.js image pipelines do.
     *
     * @param model a loaded model
     * @param forOnnx the spec to use for an ONNX model
     * @return the spec
     */
    public static Preprocessing deployedPreprocessing(OnnxModel model, Preprocessing forOnnx) {
        Objects.requireNonNull(forOnnx, "forOnnx");
        return preprocessing(model, forOnnx, Preprocessing.ResizeRule.BILINEAR_ALIGN_CORNERS);
    }

    private static Preprocessing preprocessing(OnnxModel model, Preprocessing forOnnx, Preprocessing.ResizeRule keras) {
        Objects.requireNonNull(model, "model");
        if (!KerasImport.isKerasImport(model)) {
            return forOnnx;
        }
        long[] s = model.declaredInputShape();
        if (s.length != 4 || s[1] != 3) {
            throw new IllegalArgumentException(model.source() + " takes input " + java.util.Arrays.toString(s)
                    + "; an image adapter needs [batch, 3, rows, columns]");
        }
        if (s[2] <= 0 || s[3] <= 0) {
            return Preprocessing.builder().build();
        }
        return Preprocessing.builder().size((int) s[3], (int) s[2]).resize(keras).kernel(forOnnx.resizeKernel()).build();
    }
}
