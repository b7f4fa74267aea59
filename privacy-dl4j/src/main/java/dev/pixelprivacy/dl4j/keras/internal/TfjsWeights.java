package dev.pixelprivacy.dl4j.keras.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixelprivacy.dl4j.onnx.OnnxImportException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of a TensorFlow.js layers model: the {@code weightsManifest} groups of {@code model.json},
 * each a list of binary shards concatenated in order, its weights laid out one after another in
 * little-endian bytes. Quantised weights (uint8 or uint16, {@code q * scale + min}; float16) are
 * de-quantised to float32 as tfjs-core does. Shards must lie inside the model's folder.
 */
public final class TfjsWeights {
    private TfjsWeights() {}

    /**
     * @param manifest the {@code weightsManifest} array
     * @param dir the folder of model.json
     * @param source the model file, for messages
     * @return the weights grouped by layer (the part of the weight name before its last '/'), in manifest order
     * @throws IOException if a shard cannot be read
     */
    public static Map<String, List<LayerWeights.Weight>> read(JsonNode manifest, Path dir, String source) throws IOException {
        Map<String, List<LayerWeights.Weight>> byLayer = new LinkedHashMap<>();
        if (manifest == null || !manifest.isArray()) {
            throw new OnnxImportException(source + ": model.json has no weightsManifest array");
        }
        Path root = dir.toAbsolutePath().normalize();
        for (JsonNode group : manifest) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (JsonNode p : group.path("paths")) {
                Path shard = root.resolve(p.asText()).normalize();
                if (!shard.startsWith(root)) {
                    throw new OnnxImportException(source + ": weight shard '" + p.asText() + "' lies outside the model's folder " + root);
                }
                if (!Files.isRegularFile(shard)) {
                    throw new OnnxImportException(source + ": weight shard '" + p.asText() + "' does not exist in " + root);
                }
                all.write(Files.readAllBytes(shard));
            }
            ByteBuffer b = ByteBuffer.wrap(all.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode w : group.path("weights")) {
                String name = w.path("name").asText();
                long[] shape = new long[w.path("shape").size()];
                long n = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = w.path("shape").get(i).asLong();
                    n *= shape[i];
                }
                String dtype = w.path("dtype").asText("float32");
                if (!dtype.equals("float32")) {
                    throw new OnnxImportException(source + ": weight '" + name + "' has dtype " + dtype + "; supported: float32");
                }
                JsonNode q = w.get("quantization");
                float[] v = new float[Math.toIntExact(n)];
                try {
                    if (q == null) {
                        for (int i = 0; i < v.length; i++) {
                            v[i] = b.getFloat();
                        }
                    } else {
                        String qt = q.path("dtype").asText();
                        switch (qt) {
                            case "uint8", "uint16" -> {
                                double scale = q.path("scale").asDouble();
                                double min = q.path("min").asDouble();
                                for (int i = 0; i < v.length; i++) {
                                    int raw = qt.equals("uint8") ? b.get() & 0xff : b.getShort() & 0xffff;
                                    v[i] = (float) (raw * scale + min); // tfjs: in doubles, stored to a Float32Array
                                }
                            }
                            case "float16" -> {
                                for (int i = 0; i < v.length; i++) {
                                    v[i] = halfToFloat(b.getShort());
                                }
                            }
                            default -> throw new OnnxImportException(source + ": weight '" + name + "' has quantisation "
                                    + qt + "; supported: uint8, uint16, float16");
                        }
                    }
                } catch (java.nio.BufferUnderflowException e) {
                    throw new OnnxImportException(source + ": the weight shards of group " + group.path("paths")
                            + " end inside weight '" + name + "'", e);
                }
                int slash = name.lastIndexOf('/');
                String layer = slash < 0 ? name : name.substring(0, slash);
                byLayer.computeIfAbsent(layer, k -> new ArrayList<>())
                        .add(new LayerWeights.Weight(LayerWeights.shortName(name), shape, v));
            }
        }
        return byLayer;
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float f = mant * 0x1p-24f; // subnormal or zero
            return sign != 0 ? -f : f;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
