package dev.pixelprivacy.dl4j.model;

import dev.pixelprivacy.dl4j.onnx.Objective;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.onnx.OnnxNetwork;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Networks per thread, input shape and objective. An {@link OnnxNetwork} is not thread-safe (its
 * SameDiff session and its pool of native buffers serve one call at a time), so each thread gets its
 * own networks, built on first use and then reused: no per-call graph or buffer allocation. Each
 * network keeps its call pool (about the activations and gradients of one forward and backward pass)
 * while its thread lives; a thread that dies releases its networks to the garbage collector.
 * {@link #close} frees every thread's networks at once; afterwards {@link #get} fails with
 * {@link IllegalStateException} naming the model.
 *
 * <p>Thread-safe: no network is ever reachable from two threads for calls (close reaches all of them,
 * and a network closed during a call frees its memory when the call ends).
 */
final class NetworkCache implements AutoCloseable {
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
    private final Queue<OnnxNetwork> all = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    NetworkCache(OnnxModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    OnnxModel model() {
        return model;
    }

    /** @return this thread's network for the shape and objective (null = forward only) */
    OnnxNetwork get(long[] shape, Objective objective) {
        if (closed) {
            throw new IllegalStateException("the networks of model " + model.source() + " are closed");
        }
        OnnxNetwork n = networks.get().computeIfAbsent(new Key(shape.clone(), objective), k -> {
            OnnxNetwork created = model.network(k.shape(), k.objective());
            all.add(created);
            return created;
        });
        if (closed) {
            n.close();
            throw new IllegalStateException("the networks of model " + model.source() + " are closed");
        }
        return n;
    }

    /** Closes every network built so far, on every thread; idempotent. */
    @Override
    public void close() {
        closed = true;
        for (OnnxNetwork n; (n = all.poll()) != null; ) {
            n.close();
        }
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
        return probeShapeUnchecked(model, preprocessing, side);
    }

    /**
     * Checks the input a model declares against what its role feeds it: an NCHW image of 3 channels.
     *
     * @param model the model
     * @param role the role's name for messages, e.g. "a threat model"
     * @throws IllegalArgumentException saying what was expected and what the model declares
     */
    static void checkDeclaredInput(OnnxModel model, String role) {
        long[] d = model.declaredInputShape();
        if (d.length != 4) {
            throw new IllegalArgumentException(role + " takes an image batch [N, 3, H, W] but the model's input '"
                    + model.inputName() + "' declares shape " + describe(d));
        }
        if (d[1] > 0 && d[1] != 3) {
            throw new IllegalArgumentException(role + " takes 3 colour channels, [N, 3, H, W], but the model's input '"
                    + model.inputName() + "' declares " + d[1] + " channel(s): " + describe(d));
        }
        // A fixed declared height and width need not bind (a convolutional network with global pooling
        // runs at any size); whether the network runs at the size it is fed is what probe() finds out.
    }

    /** @return a shape with symbolic dimensions as {@code ?} */
    static String describe(long[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i] > 0 ? Long.toString(shape[i]) : "?");
        }
        return sb.append(']').toString();
    }

    /**
     * Builds a forward network for the probe shape, turning an import failure into a message that
     * names the role and the shape it was built for.
     */
    OnnxNetwork probe(long[] shape, String role) {
        try {
            return get(shape, null);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the model cannot serve as " + role + ": it is fed " + describe(shape)
                    + " but, declaring input " + describe(model.declaredInputShape()) + ", does not run on it ("
                    + e.getMessage() + ")", e);
        }
    }

    private static long[] probeShapeUnchecked(OnnxModel model, Preprocessing preprocessing, int side) {
        long[] declared = model.declaredInputShape();
        int h = declared.length == 4 && declared[2] > 0 ? (int) declared[2] : side;
        int w = declared.length == 4 && declared[3] > 0 ? (int) declared[3] : side;
        return preprocessing.inputShape(1, w, h);
    }
}
