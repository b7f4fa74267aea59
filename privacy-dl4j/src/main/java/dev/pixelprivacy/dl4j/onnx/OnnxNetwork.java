package dev.pixelprivacy.dl4j.onnx;

import dev.pixelprivacy.dl4j.onnx.internal.GraphTranslator;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A SameDiff graph translated from an {@link OnnxModel} for one static input shape, with an optional
 * objective head. Computes the output for an input tensor, and the objective's value and gradient
 * with respect to the input (the network's weights are constants: no weight gradients).
 *
 * <p><b>Not thread-safe.</b> A SameDiff session holds per-call state and this network's native buffers
 * are reused from call to call, so a network must not be called by two threads at once; a concurrent
 * call is detected and fails with {@link IllegalStateException} rather than corrupting results. A
 * network may be handed from one thread to another with the usual happens-before (a lock, a pool, an
 * executor); the adapters in {@code dev.pixelprivacy.dl4j.model} keep one network per thread.
 *
 * <p>Memory: the input and objective weights are copied into arrays allocated once per network, every
 * array the graph computes during a call is lent from this network's pool of native buffers and
 * returned to it as soon as no later op of the call reads it (so a gradient call holds at once about
 * the forward activations its backward pass needs, not every array it computes), the rest when the
 * call's results have been copied into the returned Java arrays. After the
 * first call of each kind a call allocates no new array buffers, so resident memory stays flat over any
 * number of calls without waiting for the garbage collector (nd4j 1.0.0-M2.1 frees native buffers only
 * when their Java objects are collected); what a call still leaves to the collector are small native
 * objects such as shape descriptors and op arguments (about 11 kB per gradient call of a 2x3x32x32
 * net, against 580 kB of arrays before). The pool holds the arrays one call has live at once until the network is {@linkplain #close closed} (or,
 * if it never is, until it is unreachable and collected).
 *
 * <p>{@link #close} frees the network's native memory at once: its weights, input and objective arrays
 * and its call pool, and drops its SameDiff sessions. A call after close fails with
 * {@link IllegalStateException} naming the model; closing during a call on another thread frees the
 * memory when that call ends.
 */
public final class OnnxNetwork implements AutoCloseable {
    private final SameDiff sd;
    private final SameDiff gradientFunction;
    private final CallArena arena = new CallArena();
    private final CallLiveness liveness = new CallLiveness(arena);
    private final CallLiveness.Plan forwardPlan;
    private final CallLiveness.Plan gradientPlan;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean freed = new AtomicBoolean();
    private volatile boolean closed;
    private final String model;
    private final long[] inputShape;
    private final long[] outputShape;
    private final Objective objective;
    private final List<String> operators;
    private final INDArray input;
    private final INDArray weights;

    OnnxNetwork(GraphTranslator.Translated t, Objective objective, String model) {
        this.model = model;
        this.sd = t.sameDiff();
        this.inputShape = t.inputShape();
        this.outputShape = t.outputShape();
        this.objective = objective;
        this.operators = t.operators();
        this.input = Nd4j.create(DataType.FLOAT, inputShape);
        this.weights = objective == null ? null : Nd4j.create(DataType.FLOAT, outputShape);
        // the session must not release arrays itself: CallArena takes every buffer back after the call
        sd.setEnableCache(false);
        if (objective != null) {
            // GraphTranslator created (and rewrote) the gradient function when it appended the objective
            this.gradientFunction = sd.getFunction("grad");
            if (gradientFunction == null) {
                throw new NetworkException("the translated graph has an objective but no gradient function");
            }
            gradientFunction.setEnableCache(false);
            SDVariable g = sd.grad(GraphTranslator.INPUT);
            if (g == null || !gradientFunction.hasVariable(g.name())) {
                throw new NetworkException("the gradient function has no gradient of " + GraphTranslator.INPUT);
            }
            this.gradientPlan = CallLiveness.Plan.of(gradientFunction,
                    List.of(GraphTranslator.OUTPUT, GraphTranslator.OBJECTIVE, g.name()));
        } else {
            this.gradientFunction = null;
            this.gradientPlan = null;
        }
        this.forwardPlan = CallLiveness.Plan.of(sd, List.of(GraphTranslator.OUTPUT));
        // the graphs' sessions run this listener for the gradient function's ops too
        sd.addListeners(liveness, new GenericKernels());
    }

    /** @return the input shape this network was built for */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** @return the output shape */
    public long[] outputShape() {
        return outputShape.clone();
    }

    /** @return the objective {@link #gradient} differentiates, or null for a forward-only network */
    public Objective objective() {
        return objective;
    }

    /** @return the ONNX operator types of the graph, in order of first use */
    public List<String> operators() {
        return operators;
    }

    /** @return number of input values, the product of {@link #inputShape()} */
    public int inputLength() {
        return (int) product(inputShape);
    }

    /** @return number of output values, the product of {@link #outputShape()} */
    public int outputLength() {
        return (int) product(outputShape);
    }

    /**
     * Forward pass.
     *
     * @param x the input, row-major in {@link #inputShape()} (NCHW for images), in the model's own
     *     units (already normalised as the model expects)
     * @return the output, row-major in {@link #outputShape()}
     * @throws NetworkException if SameDiff fails to run the graph
     * @throws IllegalStateException if the network is closed or running a call on another thread
     */
    public float[] output(float[] x) {
        checkLength(input, x, "input");
        enter();
        try {
            fill(input, x);
            arena.bindSession(sd);
            liveness.begin(forwardPlan);
            Map<String, INDArray> r = sd.output(Map.of(GraphTranslator.INPUT, input), GraphTranslator.OUTPUT);
            return copy(r.get(GraphTranslator.OUTPUT));
        } catch (RuntimeException e) {
            throw new NetworkException("forward pass failed for input shape " + Arrays.toString(inputShape) + ": " + e, e);
        } finally {
            leave();
        }
    }

    /**
     * Forward and backward pass.
     *
     * @param x the input, row-major in {@link #inputShape()}
     * @param w the objective's weights, row-major in {@link #outputShape()} (see {@link Objective})
     * @return the output, the objective's value and d(objective)/d(x)
     * @throws NetworkException if SameDiff fails to run the graph or its gradient
     * @throws IllegalStateException if the network was built without an objective, is closed, or is
     *     running a call on another thread
     */
    public Evaluation gradient(float[] x, float[] w) {
        if (objective == null) {
            throw new IllegalStateException("this network was built without an objective: forward only");
        }
        checkLength(input, x, "input");
        checkLength(weights, w, "objective weights");
        enter();
        try {
            fill(input, x);
            fill(weights, w);
            arena.bindSession(gradientFunction);
            liveness.begin(gradientPlan);
            OutAndGrad r = sd.calculateGradientsAndOutputs(
                    Map.of(GraphTranslator.INPUT, input, GraphTranslator.WEIGHTS, weights),
                    List.of(GraphTranslator.OUTPUT, GraphTranslator.OBJECTIVE), List.of(GraphTranslator.INPUT));
            float[] out = copy(r.getOutputs().get(GraphTranslator.OUTPUT));
            double value = r.getOutputs().get(GraphTranslator.OBJECTIVE).getDouble(0);
            float[] grad = copy(r.getGradients().get(GraphTranslator.INPUT));
            return new Evaluation(out, value, grad);
        } catch (RuntimeException e) {
            throw new NetworkException("gradient failed for input shape " + Arrays.toString(inputShape) + ": " + e, e);
        } finally {
            leave();
        }
    }

    private void enter() {
        if (closed) {
            throw closedException();
        }
        if (!busy.compareAndSet(false, true)) {
            if (closed) {
                throw closedException();
            }
            throw new IllegalStateException("OnnxNetwork is not thread-safe and is already running a call on another"
                    + " thread: use one network per thread");
        }
        if (closed) {
            free();
            throw closedException();
        }
    }

    /** Every array of the finished call has been copied out: its buffers go back to the pool. */
    private void leave() {
        try {
            liveness.end();
            arena.recycle();
        } finally {
            busy.set(false);
            // a close() during the call left the freeing to whoever takes the network next: this call
            if (closed && busy.compareAndSet(false, true)) {
                free();
            }
        }
    }

    private IllegalStateException closedException() {
        return new IllegalStateException("the network of model " + model + " for input shape "
                + Arrays.toString(inputShape) + " is closed");
    }

    /**
     * Frees this network's native memory: the weights and other constants of its graphs, its input and
     * objective arrays and its call pool; drops its SameDiff sessions. Idempotent. A call running on
     * another thread finishes first and the memory is freed when it returns; every later call fails
     * with {@link IllegalStateException}.
     */
    @Override
    public void close() {
        closed = true;
        if (busy.compareAndSet(false, true)) {
            free();
        }
    }

    /** @return true once {@link #close} has been called */
    public boolean isClosed() {
        return closed;
    }

    /** Called once, by the thread that holds {@code busy}; {@code busy} stays set so no call starts again. */
    private void free() {
        if (!freed.compareAndSet(false, true)) {
            return;
        }
        for (SameDiff g : graphs()) {
            g.getSessions().clear();
        }
        GraphTranslator.releaseArrays(graphs());
        closeArray(input);
        closeArray(weights);
        arena.free();
    }

    private static void closeArray(INDArray a) {
        if (a != null && a.closeable() && !a.wasClosed()) {
            a.close();
        }
    }

    /**
     * @return true if every SameDiff session of this network's graphs allocates from, and releases to,
     *     this network's call pool, so that no session's memory manager ever closes (frees) an array
     *     (for tests; see privacy-dl4j/NATIVE-CRASH.md)
     */
    boolean sessionsUseCallPool() {
        for (SameDiff g : graphs()) {
            for (InferenceSession s : g.getSessions().values()) {
                if (s.getMmgr() != arena) {
                    return false;
                }
            }
        }
        return true;
    }

    /** @return the forward graph, and the gradient function if there is one (for tests) */
    List<SameDiff> graphs() {
        return gradientFunction == null ? List.of(sd) : List.of(sd, gradientFunction);
    }

    /** @return bytes of the arrays the last call was lent, summed over its allocations (for tests) */
    long lastCallLentBytes() {
        return arena.lastCallLentBytes();
    }

    /** @return the most bytes of buffers the last call held lent at once (for tests and the memory bench) */
    long lastCallPeakLentBytes() {
        return arena.lastCallPeakLentBytes();
    }

    /** @return how many arrays of the last call a larger pooled buffer served (for tests) */
    int lastCallViewLoans() {
        return arena.lastCallViewLoans();
    }

    /** @return bytes of native array memory this network's call pool holds (for tests) */
    long pooledBytes() {
        return arena.pooledBytes();
    }

    /**
     * The result of {@link #gradient}.
     *
     * @param output the network output, row-major in {@link #outputShape()}
     * @param objective the objective's value
     * @param inputGradient d(objective)/d(input), row-major in {@link #inputShape()}
     */
    public record Evaluation(float[] output, double objective, float[] inputGradient) {
    }

    private static void checkLength(INDArray target, float[] values, String what) {
        if (values == null || values.length != target.length()) {
            throw new IllegalArgumentException(what + " must hold " + target.length() + " values for shape "
                    + Arrays.toString(target.shape()) + " but held " + (values == null ? "null" : values.length));
        }
    }

    /**
     * Writes {@code values} into the network's own input array: on the CPU backend one bulk copy into
     * its native memory (ND4J's {@code setData} puts element by element, about as long as a small
     * network's forward pass for a 400x300 photo), elsewhere through ND4J, which keeps a device copy
     * in step.
     */
    private static void fill(INDArray target, float[] values) {
        if (bulk(target)) {
            ((FloatPointer) target.data().addressPointer()).put(values, 0, values.length);
        } else {
            target.data().setData(values);
        }
    }

    /** @return the values of {@code a} in row-major order, as one bulk copy where {@link #fill} makes one */
    static float[] copy(INDArray a) {
        if (bulk(a)) {
            float[] v = new float[(int) a.length()];
            ((FloatPointer) a.data().addressPointer()).get(v, 0, v.length);
            return v;
        }
        return a.reshape(a.length()).toFloatVector();
    }

    /** A float array whose values lie contiguous in row-major order in host memory on the CPU backend. */
    private static boolean bulk(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && a.elementWiseStride() == 1
                && a.length() <= Integer.MAX_VALUE && Nd4j.getEnvironment().isCPU();
    }

    private static long product(long[] s) {
        long p = 1;
        for (long d : s) {
            p *= d;
        }
        return p;
    }

    @Override
    public String toString() {
        return "OnnxNetwork[model " + model + ", input " + Arrays.toString(inputShape) + ", output "
                + Arrays.toString(outputShape) + ", objective " + objective + (closed ? ", closed" : "") + "]";
    }
}
