package dev.pixelprivacy.dl4j.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes small TensorFlow.js layers models (model.json plus one float32 shard) for the Keras layer tests:
 * a Keras config as JSON text and named weights, stored as tfjs-converter stores them.
 */
public final class TfjsModelWriter {
    /** One weight: {@code layer/kernel}, its Keras shape and row-major values. */
    public record Weight(String name, long[] shape, float[] values) {
    }

    private final List<String> layers = new ArrayList<>();
    private final List<Weight> weights = new ArrayList<>();

    /**
     * @param h input rows
     * @param w input columns
     * @param c input channels
     * @return a writer whose model starts with InputLayer "in" of shape [null, h, w, c]
     */
    public static TfjsModelWriter withInput(int h, int w, int c) {
        TfjsModelWriter t = new TfjsModelWriter();
        t.layers.add(String.format(Locale.ROOT, "{\"class_name\": \"InputLayer\", \"name\": \"in\", \"config\": {\"name\": \"in\", "
                + "\"batch_input_shape\": [null, %d, %d, %d], \"dtype\": \"float32\"}, \"inbound_nodes\": []}", h, w, c));
        return t;
    }

    /**
     * @param className the Keras class
     * @param name the layer's name
     * @param config the config's entries other than the name, as JSON text without braces ("" for none)
     * @param inputs names of the layers it takes
     * @return this
     */
    public TfjsModelWriter layer(String className, String name, String config, String... inputs) {
        StringBuilder in = new StringBuilder();
        for (String i : inputs) {
            in.append(in.length() == 0 ? "" : ", ").append("[\"").append(i).append("\", 0, 0, {}]");
        }
        layers.add("{\"class_name\": \"" + className + "\", \"name\": \"" + name + "\", \"config\": {\"name\": \"" + name + "\""
                + (config.isEmpty() ? "" : ", " + config) + "}, \"inbound_nodes\": [[" + in + "]]}");
        return this;
    }

    /**
     * @param name {@code layer/weight}
     * @param values row-major values
     * @param shape Keras shape
     * @return this
     */
    public TfjsModelWriter weight(String name, float[] values, long... shape) {
        weights.add(new Weight(name, shape, values));
        return this;
    }

    /**
     * @param dir folder to write into
     * @param output the output layer's name
     * @return the model.json
     * @throws IOException if it cannot be written
     */
    public Path write(Path dir, String output) throws IOException {
        StringBuilder manifest = new StringBuilder();
        int bytes = 0;
        for (Weight w : weights) {
            bytes += 4 * w.values().length;
        }
        ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (Weight w : weights) {
            for (float v : w.values()) {
                b.putFloat(v);
            }
            StringBuilder s = new StringBuilder();
            for (long d : w.shape()) {
                s.append(s.length() == 0 ? "" : ", ").append(d);
            }
            manifest.append(manifest.length() == 0 ? "" : ", ").append("{\"name\": \"").append(w.name()).append("\", \"shape\": [")
                    .append(s).append("], \"dtype\": \"float32\"}");
        }
        Files.createDirectories(dir);
        Files.write(dir.resolve("weights.bin"), b.array());
        String json = "{\"format\": \"layers-model\", \"modelTopology\": {\"keras_version\": \"2.2.4\", \"backend\": \"tensorflow\", "
                + "\"model_config\": {\"class_name\": \"Model\", \"config\": {\"name\": \"m\", \"layers\": [" + String.join(", ", layers)
                + "], \"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"" + output + "\", 0, 0]]}}}, "
                + "\"weightsManifest\": [{\"paths\": [\"weights.bin\"], \"weights\": [" + manifest + "]}]}";
        Path file = dir.resolve("model.json");
        Files.writeString(file, json);
        return file;
    }
}
