package dev.pixelprivacy.dl4j.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixelprivacy.dl4j.keras.internal.Hdf5Reader;
import dev.pixelprivacy.dl4j.keras.internal.KerasTranslator;
import dev.pixelprivacy.dl4j.keras.internal.LayerWeights;
import dev.pixelprivacy.dl4j.keras.internal.TfjsWeights;
import dev.pixelprivacy.dl4j.onnx.OnnxImportException;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Imports Keras 2 models into SameDiff: HDF5 files as {@code model.save('x.h5')} writes them
 * ({@code model_config} plus {@code model_weights}) and TensorFlow.js layers models ({@code model.json}
 * whose {@code modelTopology} is a Keras config, with its binary weight shards, quantised or not).
 * Sequential and functional models with the layers in {@link #SUPPORTED_LAYERS}.
 *
 * <p>The result is an {@link OnnxModel}: the Keras graph is written as ONNX and built by the same
 * translator, op builders, objective heads and gradient rewrite as an ONNX file, so everything that
 * takes an {@code OnnxModel} (the threat model, NIMA and saliency adapters, {@code ModelCheck}) takes a
 * Keras model. Its input is NCHW: the channels-last layout is handled inside the import, and an
 * {@link InputScaling} can put the Keras applications' preprocessing in front, so the network takes
 * [0, 1] RGB and its gradients are with respect to [0, 1] RGB.
 *
 * <p>Lambda layers and custom objects are refused with the layer's name and the supported list; no code
 * in a model file is executed. Immutable and thread-safe.
 */
public final class KerasImport {
    /** What the imported network outputs. */
    public enum Output {
        /** The model's own output (probabilities for a softmax classifier, as NIMA scorers want). */
        MODEL_OUTPUT,
        /**
         * The input of the output layer's softmax (a softmax activation, a Softmax layer or an
         * Activation('softmax') last): logits, as threat models want. A model without one is refused.
         */
        LOGITS
    }

    /** Preprocessing put in front of the network so that it takes [0, 1] RGB: the Keras applications' modes. */
    public enum InputScaling {
        /** None: the network takes [0, 1] RGB as it is (nsfwjs's models). */
        NONE,
        /** {@code 2x - 1}, the "tf" mode ([-1, 1]): MobileNet, MobileNetV2, InceptionV3, Xception, NIMA on them. */
        MINUS_ONE_TO_ONE,
        /** The "caffe" mode: BGR, 0..255, minus the ImageNet mean (103.939, 116.779, 123.68) in B, G, R order: VGG, ResNet. */
        CAFFE
    }

    /** Keras layer classes the import translates, sorted. */
    public static final Set<String> SUPPORTED_LAYERS = KerasTranslator.SUPPORTED_LAYERS;

    /** Activations the import translates (as {@code activation} settings and Activation layers), sorted. */
    public static final Set<String> SUPPORTED_ACTIVATIONS = KerasTranslator.SUPPORTED_ACTIVATIONS;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Output output;
    private final InputScaling scaling;

    private KerasImport(Builder b) {
        this.output = b.output;
        this.scaling = b.scaling;
    }

    /** @return a builder: {@link Output#MODEL_OUTPUT}, {@link InputScaling#NONE} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the import of the model's own output with no preprocessing in front */
    public static KerasImport defaults() {
        return builder().build();
    }

    /** @return what the networks output */
    public Output output() {
        return output;
    }

    /** @return the preprocessing put in front of the network */
    public InputScaling inputScaling() {
        return scaling;
    }

    /**
     * Reads a Keras HDF5 file or a TensorFlow.js {@code model.json}, deciding by content.
     *
     * @param file the {@code .h5} file or {@code model.json} (its weight shards are read from its folder)
     * @return the model, input NCHW [batch, channels, rows, columns]
     * @throws IOException if a file cannot be read
     * @throws OnnxImportException if the file is neither, or a layer, setting or weight is unsupported:
     *     the message names the layer, the file and what is supported
     */
    public OnnxModel load(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        return switch (ModelFormat.detect(file)) {
            case KERAS_HDF5 -> loadHdf5(file);
            case TFJS_LAYERS -> loadTfjs(file);
            case KERAS_V3_ARCHIVE -> throw new OnnxImportException(file + ": a Keras 3 .keras archive; supported: Keras 2 HDF5 "
                    + "files (model.save('x.h5') with TensorFlow 2.15 or earlier, or with tf_keras) and TensorFlow.js layers "
                    + "models; copy the weights into the same architecture built with tf_keras and save that as .h5 "
                    + "(README: Keras import, Keras 3 models)");
            default -> throw new OnnxImportException(file + ": not a Keras HDF5 file or TensorFlow.js layers model ("
                    + ModelFormat.detect(file) + ")");
        };
    }

    private OnnxModel loadHdf5(Path file) throws IOException {
        String source = file.toString();
        try (Hdf5Reader h5 = Hdf5Reader.open(file)) {
            if (!h5.hasAttribute("/", "model_config")) {
                String what;
                if (h5.hasAttribute("/", "layer_names")) {
                    what = "weights only (Keras 2 model.save_weights), no architecture; rebuild the model in Keras 2, load "
                            + "these weights and save it with model.save('x.h5') (README: Keras import, weights-only files)";
                } else if (h5.exists("/layers") || h5.exists("/vars")) {
                    what = "weights only, in Keras 3's layout (model.save_weights('x.weights.h5')), no architecture; load them "
                            + "into the model in Keras 3, copy the weights into the same architecture built with tf_keras and "
                            + "save that with model.save('x.h5') (README: Keras import, Keras 3 models)";
                } else {
                    what = "no model_config attribute, so no architecture";
                }
                throw new OnnxImportException(source + ": " + what + "; supported: HDF5 files written by model.save in Keras 2");
            }
            if (h5.hasAttribute("/", "keras_version") && h5.stringAttribute("/", "keras_version").get(0).startsWith("3.")) {
                throw new OnnxImportException(source + ": written by Keras " + h5.stringAttribute("/", "keras_version").get(0)
                        + ", whose model config differs from Keras 2's; supported: HDF5 files written by model.save in Keras 2 "
                        + "(TensorFlow 2.15 or earlier, or tf_keras); copy the weights into the same architecture built with "
                        + "tf_keras and save that as .h5 (README: Keras import, Keras 3 models)");
            }
            JsonNode config = parseJson(h5.stringAttribute("/", "model_config").get(0), source, "model_config");
            String root = h5.exists("/model_weights") ? "/model_weights" : "/";
            Map<String, List<LayerWeights.Weight>> cache = new HashMap<>();
            KerasTranslator.WeightSource weights = layer -> cache.computeIfAbsent(layer, l -> {
                String group = root.equals("/") ? "/" + l : root + "/" + l;
                List<LayerWeights.Weight> out = new ArrayList<>();
                if (!h5.exists(group) || !h5.hasAttribute(group, "weight_names")) {
                    return out;
                }
                for (String name : h5.stringAttribute(group, "weight_names")) {
                    Hdf5Reader.FloatData d = h5.floats(group + "/" + name);
                    out.add(new LayerWeights.Weight(LayerWeights.shortName(name), d.shape(), d.values()));
                }
                return out;
            });
            return build(config, weights, source);
        }
    }

    private OnnxModel loadTfjs(Path file) throws IOException {
        String source = file.toString();
        JsonNode root = parseJson(Files.readString(file), source, "model.json");
        String format = root.path("format").asText("layers-model");
        if (!format.equals("layers-model")) {
            throw new OnnxImportException(source + ": a TensorFlow.js " + format + "; supported: layers models (format layers-model)");
        }
        JsonNode topo = root.path("modelTopology");
        JsonNode config = topo.has("model_config") ? topo.get("model_config") : topo;
        if (!config.has("class_name")) {
            throw new OnnxImportException(source + ": modelTopology holds no Keras model config (class_name and config)");
        }
        Path dir = file.toAbsolutePath().getParent();
        Map<String, List<LayerWeights.Weight>> byLayer = TfjsWeights.read(root.get("weightsManifest"), dir, source);
        return build(config, l -> byLayer.getOrDefault(l, List.of()), source);
    }

    /**
     * @param model a model
     * @return true if this import made it (a Keras or TF.js file): its input takes [0, 1] RGB at the
     *     declared size with any Keras preprocessing already inside the network
     */
    public static boolean isKerasImport(OnnxModel model) {
        return model.metadata().containsKey(KerasTranslator.METADATA_INPUT_SCALING);
    }

    private OnnxModel build(JsonNode config, KerasTranslator.WeightSource weights, String source) {
        KerasTranslator.Translated t = KerasTranslator.translate(config, weights, source, output, scaling);
        return OnnxModel.fromBytes(t.onnx(), source);
    }

    private static JsonNode parseJson(String text, String source, String what) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new OnnxImportException(source + ": " + what + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "KerasImport[output=" + output + ", inputScaling=" + scaling + "]";
    }

    /** Builds a {@link KerasImport}. */
    public static final class Builder {
        private Output output = Output.MODEL_OUTPUT;
        private InputScaling scaling = InputScaling.NONE;

        private Builder() {}

        /**
         * @param output what the networks output
         * @return this
         */
        public Builder output(Output output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        /**
         * @param scaling the preprocessing to put in front of the network
         * @return this
         */
        public Builder inputScaling(InputScaling scaling) {
            this.scaling = Objects.requireNonNull(scaling, "scaling");
            return this;
        }

        /** @return the import */
        public KerasImport build() {
            return new KerasImport(this);
        }
    }
}
