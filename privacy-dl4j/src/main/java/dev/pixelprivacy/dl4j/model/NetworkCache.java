package dev.pixelprivacy.dl4j.model;

import dev.pixelprivacy.dl4j.onnx.Objective;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.onnx.OnnxNetwork;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Networks per thread, input shape and objective. An {@link OnnxNetwork} is not thread-safe (its
 * SameDiff session and its pool of native buffers serve one call at a time), so each thread gets its
 * own networks, built on first use and then reused: no per-call graph or buffer allocation. Each
 * network keeps its call pool (about the activations and gradients of one forward and backward pass)
 * while its thread lives; a thread that dies releases its networks to the garbage collector.
 *
 * <p>Thread-safe: no network is ever reachable from two threads.
 */
final class NetworkCache {
    private record Key(long[] shape, Objective objective) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(shape, k.shape) && objective == k.objective;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(shape) + Objects.hashCode(objective);
        }
    }

    private final OnnxModel model;
    private final ThreadLocal<Map<Key, OnnxNetwork>> networks = ThreadLocal.withInitial(HashMap::new);

    NetworkCache(OnnxModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    OnnxModel model() {
        return model;
    }

    /** @return this thread's network for the shape and objective (null = forward only) */
    OnnxNetwork get(long[] shape, Objective objective) {
        return networks.get().computeIfAbsent(new Key(shape.clone(), objective), k -> model.network(k.shape(), k.objective()));
    }

    /**
     * An input shape to probe a model's output with: the model's own declared height and width when it
     * fixes them (a network built for one size fails at any other), otherwise {@code side} x
     * {@code side}, both through the preprocessing's resize rule.
     *
     * @param model the model
     * @param preprocessing its input spec
     * @param side the size to use where the model leaves it open
     * @return a batch-of-one NCHW shape
     */
    static long[] probeShape(OnnxModel model, Preprocessing preprocessing, int side) {
        long[] declared = model.declaredInputShape();
        int h = declared.length == 4 && declared[2] > 0 ? (int) declared[2] : side;
        int w = declared.length == 4 && declared[3] > 0 ? (int) declared[3] : side;
        return preprocessing.inputShape(1, w, h);
    }
}
