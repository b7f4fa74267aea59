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
}
