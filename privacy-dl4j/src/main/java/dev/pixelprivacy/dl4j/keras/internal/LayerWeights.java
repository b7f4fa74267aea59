package dev.pixelprivacy.dl4j.keras.internal;

import java.util.List;

/**
 * The weights of one Keras layer in the order Keras stores them, each named by its last path part
 * without the TensorFlow output index ({@code "Conv1/kernel:0"} is {@code kernel}), shapes as Keras
 * writes them (a Conv2D kernel is [kH, kW, in, out]).
 *
 * @param layer the layer's name
 * @param weights its weights
 */
public record LayerWeights(String layer, List<Weight> weights) {
    /**
     * @param name the weight's short name ({@code kernel}, {@code bias}, {@code gamma}, ...)
     * @param shape its dimensions
     * @param values row-major float32 values
     */
    public record Weight(String name, long[] shape, float[] values) {
    }

    /** @return the short name of a stored weight name: the last path part without ":0" */
    public static String shortName(String stored) {
        String s = stored;
        int slash = s.lastIndexOf('/');
        if (slash >= 0) {
            s = s.substring(slash + 1);
        }
        int colon = s.indexOf(':');
        return colon >= 0 ? s.substring(0, colon) : s;
    }
}
