package dev.pixelprivacy.dl4j.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixelprivacy.dl4j.keras.internal.Hdf5Writer;
import dev.pixelprivacy.dl4j.keras.internal.LayerWeights;
import dev.pixelprivacy.dl4j.keras.internal.TfjsWeights;
import dev.pixelprivacy.dl4j.onnx.OnnxImportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a TensorFlow.js layers model as the Keras 2 HDF5 file {@code model.save('x.h5')} would have
 * written: the Keras config verbatim as {@code model_config}, and each layer's weights (de-quantised to
 * float32 as tfjs does) under {@code model_weights/<layer>/<layer>/<weight>:0} with the
 * {@code layer_names} and {@code weight_names} attributes. Keras reads the result with
 * {@code keras.models.load_model}, and so does {@link KerasImport}.
 */
public final class TfjsToHdf5 {
    private TfjsToHdf5() {}

    /**
     * @param modelJson a TF.js layers model (its shards beside it)
     * @param h5 the file to write (replaced)
     * @throws IOException if a file cannot be read or written
     * @throws OnnxImportException if the model.json is not a layers model
     */
    public static void convert(Path modelJson, Path h5) throws IOException {
        Objects.requireNonNull(modelJson, "modelJson");
        Objects.requireNonNull(h5, "h5");
        ObjectMapper json = new ObjectMapper();
        JsonNode root = json.readTree(Files.readString(modelJson));
        JsonNode topo = root.path("modelTopology");
        JsonNode config = topo.has("model_config") ? topo.get("model_config") : topo;
        if (!config.has("class_name")) {
            throw new OnnxImportException(modelJson + ": modelTopology holds no Keras model config (class_name and config)");
        }
        Map<String, List<LayerWeights.Weight>> weights = TfjsWeights.read(root.get("weightsManifest"),
                modelJson.toAbsolutePath().getParent(), modelJson.toString());
        JsonNode layers = config.path("config").isArray() ? config.path("config") : config.path("config").path("layers");
        List<String> names = new ArrayList<>();
        for (JsonNode l : layers) {
            names.add(l.path("config").path("name").asText(l.path("name").asText()));
        }
        String version = topo.path("keras_version").asText("2.2.4");
        String backend = topo.path("backend").asText("tensorflow");
        try (Hdf5Writer w = Hdf5Writer.create(h5)) {
            w.strings("/", "keras_version", List.of(version), true);
            w.strings("/", "backend", List.of(backend), true);
            w.strings("/", "model_config", List.of(json.writeValueAsString(config)), true);
            w.group("/model_weights");
            w.strings("/model_weights", "layer_names", names, false);
            w.strings("/model_weights", "keras_version", List.of(version), true);
            w.strings("/model_weights", "backend", List.of(backend), true);
            for (String layer : names) {
                String group = "/model_weights/" + layer;
                w.group(group);
                List<LayerWeights.Weight> ws = weights.getOrDefault(layer, List.of());
                if (ws.isEmpty()) {
                    continue;
                }
                List<String> weightNames = new ArrayList<>();
                w.group(group + "/" + layer);
                for (LayerWeights.Weight x : ws) {
                    String name = layer + "/" + x.name() + ":0";
                    weightNames.add(name);
                    w.floats(group + "/" + name, x.shape(), x.values());
                }
                w.strings(group, "weight_names", weightNames, false);
            }
        }
    }
}
