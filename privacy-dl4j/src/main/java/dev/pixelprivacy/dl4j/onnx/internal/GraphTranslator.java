package dev.pixelprivacy.dl4j.onnx.internal;

import dev.pixelprivacy.dl4j.onnx.OnnxImportException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import onnx.Onnx;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The ONNX front end: translates an ONNX graph into a SameDiff graph for one static input shape.
 * Weights become constants; every node whose inputs are all constants is evaluated at load and leaves
 * only its result (shape arithmetic, computed pads, transformed weights; see {@code fold}); every
 * operator is built from SameDiff ops whose gradients are correct (checked by the tests against
 * PyTorch, ONNX Runtime and finite differences), through the shared {@link OpBuilders}; the objective
 * and the gradient function come from {@link ObjectiveHeads}. In forward-only graphs a nearest 2x
 * {@code Resize} feeding a 3x3 convolution becomes one stride-2 transposed convolution of the
 * low-resolution input ({@code planUpsampleConvs}). The Keras front end
 * ({@code dev.pixelprivacy.dl4j.keras.internal.KerasTranslator}) writes its graphs as ONNX for this
 * translator, so both formats share all of it. Not thread-safe; one call builds one graph.
 */
public final class GraphTranslator {
    /** Internal name of the network input placeholder. */
    public static final String INPUT = "px_input";

    /**
     * System property choosing the layout inside a translated graph: dense convolutions, the elementwise
     * ops and max pooling between them, and global average pooling run in NHWC order when the graph is
     * translated in NHWC (oneDNN's NHWC forward convolution skips the activation reorders its NCHW one
     * makes on every call); the graph's inputs, outputs and gradients stay NCHW either way. Unset (the
     * default) or {@code true}: NHWC for every graph, forward-only and differentiated (whose stride-1
     * input gradients are then NHWC forward convolutions too, {@link ConvInputGradients}); {@code false}:
     * NCHW for every graph. Measured in {@code privacy-bench/DL4J-RESULTS.md}. Read when a graph is
     * translated; any other value is refused.
     */
    public static final String NHWC_PROPERTY = "pixelprivacy.dl4j.nhwc";
    /** Internal name of the network output. */
    public static final String OUTPUT = "px_output";
    /** Internal name of the objective weights placeholder (same shape as the output). */
    public static final String WEIGHTS = "px_weights";
    /** Internal name of the scalar objective. */
    public static final String OBJECTIVE = "px_objective";

    /** Translates one node of an operator type into the graph under construction. */
    @FunctionalInterface
    private interface Handler {
        void translate(GraphTranslator t, Onnx.NodeProto n, Attributes a);
    }

    /**
     * The dispatch: one handler per operator type (default ONNX domain, opsets 11 to 17). The supported
     * set is its key set, so an operator is supported exactly when it has a handler.
     */
    private static final Map<String, Handler> HANDLERS = handlers();

    /** Operator types this translator accepts (default ONNX domain, opsets 11 to 17), sorted: the dispatch's keys. */
    public static final Set<String> SUPPORTED = Collections.unmodifiableSortedSet(new TreeSet<>(HANDLERS.keySet()));

    /** @return the operator types the dispatch has a handler for (for tests) */
    static Set<String> dispatched() {
        return HANDLERS.keySet();
    }

    private static Map<String, Handler> handlers() {
        Map<String, Handler> h = new HashMap<>();
        h.put("Conv", (t, n, a) -> t.conv(n, a));
        h.put("ConvTranspose", (t, n, a) -> t.convTranspose(n, a));
        h.put("BatchNormalization", (t, n, a) -> t.batchNorm(n, a));
        h.put("Relu", (t, n, a) -> t.unary(n, a, Set.of(), x -> t.sd.nn().relu(x, 0)));
        h.put("Sigmoid", (t, n, a) -> t.unary(n, a, Set.of(), x -> t.sd.nn().sigmoid(x)));
        h.put("Tanh", (t, n, a) -> t.unary(n, a, Set.of(), x -> t.sd.math().tanh(x)));
        h.put("LeakyRelu", (t, n, a) -> {
            float alpha = a.getFloat("alpha", 0.01f);
            // relu(x) - alpha * relu(-x): two relus, whose gradients are exact
            t.unary(n, a, Set.of("alpha"), x -> t.sd.nn().relu(x, 0).sub(t.sd.nn().relu(x.neg(), 0).mul(alpha)));
        });
        h.put("ThresholdedRelu", (t, n, a) -> {
            float alpha = a.getFloat("alpha", 1f);
            // x where x > alpha, else 0: relu(x - alpha) + alpha * step(x - alpha); the step's derivative is 0
            // (nd4j 1.0.0-M2.1's relu ignores its cutoff argument, measured: it cannot be used for this)
            t.unary(n, a, Set.of("alpha"), x -> {
                SDVariable shifted = x.sub(alpha);
                return t.sd.nn().relu(shifted, 0).add(t.sd.math().step(shifted, 0).mul(alpha));
            });
        });
        h.put("HardSigmoid", (t, n, a) -> {
            float alpha = a.getFloat("alpha", 0.2f);
            float beta = a.getFloat("beta", 0.5f);
            t.unary(n, a, Set.of("alpha", "beta"), x -> t.ops.clip(x.mul(alpha).add(beta), 0f, 1f));
        });
        h.put("HardSwish", (t, n, a) -> t.unary(n, a, Set.of(), x -> x.mul(t.ops.clip(x.mul(1f / 6f).add(0.5f), 0f, 1f))));
        h.put("Clip", (t, n, a) -> t.clipNode(n, a));
        h.put("Softmax", (t, n, a) -> t.softmax(n, a));
        h.put("MaxPool", (t, n, a) -> t.maxPool(n, a));
        h.put("AveragePool", (t, n, a) -> t.avgPool(n, a));
        h.put("GlobalAveragePool", (t, n, a) -> t.globalAvgPool(n, a));
        h.put("ReduceMean", (t, n, a) -> t.reduceMean(n, a));
        h.put("Flatten", (t, n, a) -> t.flatten(n, a));
        h.put("Reshape", (t, n, a) -> t.reshape(n, a));
        h.put("Transpose", (t, n, a) -> t.transpose(n, a));
        h.put("Gemm", (t, n, a) -> t.gemm(n, a));
        h.put("MatMul", (t, n, a) -> t.matMul(n, a));
        for (String op : List.of("Add", "Sub", "Mul", "Div")) {
            h.put(op, (t, n, a) -> t.binary(n, a));
        }
        h.put("Concat", (t, n, a) -> t.concat(n, a));
        h.put("Resize", (t, n, a) -> t.resize(n, a));
        h.put("Upsample", (t, n, a) -> t.upsample(n, a));
        h.put("Pad", (t, n, a) -> t.pad(n, a));
        h.put("Constant", (t, n, a) -> t.constant(n, a));
        h.put("ConstantOfShape", (t, n, a) -> t.constantOfShape(n, a));
        h.put("Identity", (t, n, a) -> {
            a.allowOnly(Set.of());
            t.put(n, t.in(n, 0));
        });
        h.put("Dropout", (t, n, a) -> t.dropout(n, a));
        h.put("Shape", (t, n, a) -> t.shape(n, a));
        h.put("Size", (t, n, a) -> {
            a.allowOnly(Set.of());
            t.put(n, Value.constant(Nd4j.scalar(t.in(n, 0).size())));
        });
        h.put("Gather", (t, n, a) -> t.gather(n, a));
        h.put("Slice", (t, n, a) -> t.slice(n, a));
        h.put("Unsqueeze", (t, n, a) -> t.unsqueeze(n, a));
        h.put("Squeeze", (t, n, a) -> t.squeeze(n, a));
        h.put("Cast", (t, n, a) -> t.cast(n, a));
        return Map.copyOf(h);
    }

    /** What scalar the graph differentiates, built on top of the network output. */
    public enum Head {
        /** No objective: forward only. */
        NONE,
        /** {@code sum(output * w)}. */
        WEIGHTED_SUM,
        /** {@code -sum(logSoftmax(output, axis 1) * w)}: softmax cross-entropy against (soft) labels w. */
        SOFTMAX_CROSS_ENTROPY,
        /**
         * {@code sum_i (logSumExp(output_i) - max(output_i))}: the softmax cross-entropy of each row
         * against its own arg-max; w is not used.
         */
        SOFTMAX_CROSS_ENTROPY_AT_PREDICTION,
        /** {@code sum_i (logSumExp(output_i) - logSumExp(output_i over the classes where w_i = 1))}. */
        AWAY_FROM_SET,
        /**
         * {@code sum_i (sum_k |cdf(output)_ik - cdf(w)_ik|^2 / K)^(1/2)} over rows i: the squared earth
         * mover's distance of NIMA (r = 2) between each output row and the target row in w.
         */
        EMD,
        /**
         * {@code sum_i (sum_k (sum_{j<=k} |output_ij - w_ij|)^2 / K)^(1/2)}: the reference code's EMD,
         * which sums absolute differences inside the cumulative sum.
         */
        EMD_REFERENCE_CODE
    }

    /**
     * The result of a translation. For a head other than {@link Head#NONE} the gradient function with
     * respect to {@link #INPUT} is already created ({@code sameDiff.getFunction("grad")}); calling
     * {@code createGradFunction} again leaves it as it is.
     */
    public record Translated(SameDiff sameDiff, long[] inputShape, long[] outputShape, Head head,
                             List<String> operators) {
    }

    private final Onnx.ModelProto model;
    private final Path modelDir;
    private final long opset;
    private final OpBuilders ops = new OpBuilders();
    private final SameDiff sd = ops.sd;
    private final Map<String, Value> values = new HashMap<>();
    private final Map<String, Integer> consumers = new HashMap<>();
    private final Map<String, Onnx.NodeProto> bnAfterConv = new HashMap<>();
    private final Set<Onnx.NodeProto> foldedNodes = new HashSet<>();
    /** Resize nodes left to the Conv that is their only consumer, by their output ({@link #planUpsampleConvs}). */
    private final Map<String, Onnx.NodeProto> upsampleBeforeConv = new HashMap<>();

    private final boolean dataOnlyConvGradient;
    private final boolean nhwc;

    private GraphTranslator(Onnx.ModelProto model, Path modelDir, boolean dataOnlyConvGradient, boolean nhwc) {
        this.model = model;
        this.modelDir = modelDir;
        this.opset = opsetOf(model);
        this.dataOnlyConvGradient = dataOnlyConvGradient;
        this.nhwc = nhwc;
    }

    /**
     * Frees the native memory of the weights and other constant arrays of translated graphs now, rather
     * than when the garbage collector finds them. An array shared by several graphs (a graph and its
     * gradient function) is freed once; views are left to their base array.
     *
     * @param graphs graphs this translator built that will not run again
     */
    public static void releaseArrays(List<SameDiff> graphs) {
        for (SameDiff g : graphs) {
            for (SDVariable v : g.variables()) {
                if (v.getVariableType() != VariableType.CONSTANT && v.getVariableType() != VariableType.VARIABLE) {
                    continue;
                }
                INDArray a = v.getArr();
                if (a != null && a.closeable() && !a.wasClosed()) {
                    a.close();
                }
            }
        }
    }

    /**
     * @param model the model
     * @return the opset of the default domain
     */
    public static long opsetOf(Onnx.ModelProto model) {
        for (Onnx.OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return o.getVersion();
            }
        }
        throw new OnnxImportException("the model imports no opset of the default ONNX domain; imports: "
                + model.getOpsetImportList());
    }

    /**
     * Static checks that need no shapes: opset range, operator types and domains, graph input count.
     *
     * @param model the model
     * @throws OnnxImportException naming the first problem
     */
    public static void checkSupported(Onnx.ModelProto model) {
        long opset = opsetOf(model);
        if (opset < 11 || opset > 17) {
            throw new OnnxImportException("the model uses ONNX opset " + opset + "; supported: opsets 11 to 17");
        }
        for (Onnx.NodeProto n : model.getGraph().getNodeList()) {
            if (!(n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx"))) {
                throw Nodes.unsupported(n, "operator domain '" + n.getDomain() + "'", "the default ONNX domain");
            }
            if (!HANDLERS.containsKey(n.getOpType()) && !ConstantOps.OPERATORS.contains(n.getOpType())) {
                throw Nodes.unsupported(n, "operator " + n.getOpType(), supportedOperators());
            }
        }
        if (graphInputs(model).size() != 1) {
            throw new OnnxImportException("the model must have exactly one graph input that is not an initializer; found "
                    + graphInputs(model));
        }
        if (model.getGraph().getOutputCount() < 1) {
            throw new OnnxImportException("the model declares no graph output");
        }
    }

    private static String supportedOperators() {
        return "operators " + SUPPORTED + "; and, on constant inputs only (folded at load), " + ConstantOps.OPERATORS;
    }

    /** @return the graph inputs that are not initializers */
    public static List<Onnx.ValueInfoProto> graphInputs(Onnx.ModelProto model) {
        Set<String> inits = new HashSet<>();
        for (Onnx.TensorProto t : model.getGraph().getInitializerList()) {
            inits.add(t.getName());
        }
        List<Onnx.ValueInfoProto> out = new ArrayList<>();
        for (Onnx.ValueInfoProto v : model.getGraph().getInputList()) {
            if (!inits.contains(v.getName())) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * Builds the SameDiff graph.
     *
     * @param model a model that passed {@link #checkSupported}
     * @param modelDir directory for external tensor data, or null
     * @param inputShape the static NCHW (or other) input shape to build for
     * @param head the objective to append
     * @param outputName which graph output to use
     * @return the graph and its shapes
     */
    public static Translated translate(Onnx.ModelProto model, Path modelDir, long[] inputShape, Head head,
                                       String outputName) {
        return translate(model, modelDir, inputShape, head, outputName, true);
    }

    /**
     * Builds the SameDiff graph, choosing how convolutions are differentiated.
     *
     * @param model a model that passed {@link #checkSupported}
     * @param modelDir directory for external tensor data, or null
     * @param inputShape the static NCHW (or other) input shape to build for
     * @param head the objective to append
     * @param outputName which graph output to use
     * @param dataOnlyConvGradient true: ungrouped convolutions differentiate to the input only, by a
     *     forward convolution of flipped weights (stride 1) or a transposed convolution
     *     ({@link ConvInputGradients}); false: SameDiff's stock
     *     {@code conv2d_bp}, which also computes the (unused) weight and bias gradients
     * @return the graph and its shapes
     */
    public static Translated translate(Onnx.ModelProto model, Path modelDir, long[] inputShape, Head head,
                                       String outputName, boolean dataOnlyConvGradient) {
        checkSupported(model);
        GraphTranslator t = new GraphTranslator(model, modelDir, dataOnlyConvGradient, nhwc());
        return t.run(inputShape, head, outputName);
    }

    /**
     * @return whether graphs are translated in NHWC ({@link #NHWC_PROPERTY})
     * @throws IllegalArgumentException if the property is set to anything but {@code true} or {@code false}
     */
    static boolean nhwc() {
        String value = System.getProperty(NHWC_PROPERTY);
        if (value == null) {
            return true;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("system property " + NHWC_PROPERTY
                    + " must be true or false (or unset: NHWC) but was '" + value + "'");
        };
    }

    private Translated run(long[] inputShape, Head head, String outputName) {
        Onnx.GraphProto g = model.getGraph();
        for (Onnx.TensorProto t : g.getInitializerList()) {
            values.put(t.getName(), Value.constant(Tensors.toArray(t, modelDir)));
        }
        Onnx.ValueInfoProto in = graphInputs(model).get(0);
        int elem = in.getType().getTensorType().getElemType();
        if (elem != Tensors.FLOAT) {
            throw new OnnxImportException("graph input '" + in.getName() + "' has element type " + elem
                    + "; supported: float32 (1)");
        }
        SDVariable x = sd.placeHolder(INPUT, DataType.FLOAT, inputShape);
        values.put(in.getName(), Value.variable(x, inputShape.clone()));
        for (Onnx.NodeProto n : g.getNodeList()) {
            for (String s : n.getInputList()) {
                consumers.merge(s, 1, Integer::sum);
            }
        }
        for (Onnx.ValueInfoProto o : g.getOutputList()) {
            consumers.merge(o.getName(), 1, Integer::sum);
        }
        planBatchNormFolding(g);
        if (head == Head.NONE) {
            planUpsampleConvs(g);
        }
        List<String> opTypes = new ArrayList<>();
        for (Onnx.NodeProto n : g.getNodeList()) {
            if (!opTypes.contains(n.getOpType())) {
                opTypes.add(n.getOpType());
            }
            if (foldedNodes.contains(n) || n.getOutputCount() > 0 && upsampleBeforeConv.get(n.getOutput(0)) == n) {
                continue;
            }
            translateNode(n);
        }
        Value out = values.get(outputName);
        if (out == null) {
            throw new OnnxImportException("graph output '" + outputName + "' was not produced by any node");
        }
        if (!out.floating) {
            throw new OnnxImportException("graph output '" + outputName + "' is not floating point");
        }
        SDVariable o = ops.var(out);
        SDVariable named = sd.identity(OUTPUT, o);
        ObjectiveHeads.append(ops, named, out.shape, head);
        ObjectiveHeads.differentiate(ops, head, dataOnlyConvGradient);
        if (head != Head.NONE) {
            BackwardReads.rewrite(sd.getFunction("grad"), computedShapes());
            ReluGradients.split(sd.getFunction("grad"));
        }
        releaseUnusedConstants(head == Head.NONE ? List.of(sd) : List.of(sd, sd.getFunction("grad")));
        return new Translated(sd, inputShape.clone(), out.shape.clone(), head, List.copyOf(opTypes));
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Frees now the native memory of the translation's constant values that no graph holds: the
     * initializers as read (a convolution's graph constant is its weights transposed, or folded with a
     * BatchNorm, a copy), and values folded at load. Left to the garbage collector they would stay
     * resident beside the graph's own copies until it ran (nd4j frees native buffers only then). A
     * value whose buffer, or the buffer it is a view of, backs a graph constant is left alone.
     */
    private void releaseUnusedConstants(List<SameDiff> graphs) {
        Set<DataBuffer> used = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SameDiff g : graphs) {
            for (SDVariable v : g.variables()) {
                if (v.getVariableType() != VariableType.CONSTANT && v.getVariableType() != VariableType.VARIABLE) {
                    continue;
                }
                INDArray a = v.getArr();
                if (a != null && a.data() != null) {
                    used.add(a.data());
                    if (a.data().originalDataBuffer() != null) {
                        used.add(a.data().originalDataBuffer());
                    }
                }
            }
        }
        for (Value v : values.values()) {
            INDArray a = v.constant;
            if (a == null || a.data() == null || a.isEmpty()) {
                continue;
            }
            DataBuffer d = a.data();
            DataBuffer base = d.originalDataBuffer() == null ? d : d.originalDataBuffer();
            if (!used.contains(d) && !used.contains(base) && a.closeable() && !a.wasClosed()) {
                a.close();
            }
        }
    }

    /** @return the static shape of every variable the translation computed, by SameDiff name */
    private Map<String, long[]> computedShapes() {
        Map<String, long[]> m = new HashMap<>();
        for (Value v : values.values()) {
            if (!v.isConstant() && v.variable != null) {
                m.put(v.variable.name(), v.shape);
            }
            if (v.nhwc != null) {
                m.put(v.nhwc.name(), new long[] {v.shape[0], v.shape[2], v.shape[3], v.shape[1]});
            }
        }
        return m;
    }

    private Value in(Onnx.NodeProto n, int i) {
        if (i >= n.getInputCount() || n.getInput(i).isEmpty()) {
            throw Nodes.invalid(n, "input " + i + " is missing");
        }
        Value v = values.get(n.getInput(i));
        if (v == null) {
            throw Nodes.invalid(n, "input '" + n.getInput(i) + "' is not produced by any earlier node, initializer or graph input");
        }
        return v;
    }

    private Value optIn(Onnx.NodeProto n, int i) {
        if (i >= n.getInputCount() || n.getInput(i).isEmpty()) {
            return null;
        }
        return in(n, i);
    }

    private INDArray constIn(Onnx.NodeProto n, int i, String what) {
        Value v = in(n, i);
        if (!v.isConstant()) {
            throw Nodes.unsupported(n, what + " computed at run time (input '" + n.getInput(i) + "')",
                    what + " given as an initializer, a Constant or statically computable shape arithmetic");
        }
        return v.constant;
    }

    private long[] constLongs(Onnx.NodeProto n, int i, String what) {
        INDArray a = constIn(n, i, what);
        return a.dataType().isFPType() ? toLongs(a) : a.reshape(a.length()).toLongVector();
    }

    private static long[] toLongs(INDArray a) {
        double[] d = a.reshape(a.length()).toDoubleVector();
        long[] l = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            l[i] = (long) d[i];
        }
        return l;
    }

    private void put(Onnx.NodeProto n, Value v) {
        values.put(n.getOutput(0), v);
    }

    private void putVar(Onnx.NodeProto n, SDVariable v, long[] shape) {
        put(n, Value.variable(v, shape));
    }

    private void requireUnusedOutputs(Onnx.NodeProto n, int from) {
        for (int i = from; i < n.getOutputCount(); i++) {
            if (!n.getOutput(i).isEmpty() && consumers.getOrDefault(n.getOutput(i), 0) > 0) {
                throw Nodes.unsupported(n, "use of output " + i + " ('" + n.getOutput(i) + "')",
                        "only the first output of " + n.getOpType());
            }
        }
    }

    private static int axis(Onnx.NodeProto n, long a, int rank) {
        long r = a < 0 ? a + rank : a;
        if (r < 0 || r >= rank) {
            throw Nodes.invalid(n, "axis " + a + " is outside a tensor of rank " + rank);
        }
        return (int) r;
    }

    private static long prod(long[] s, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            p *= s[i];
        }
        return p;
    }

    private static void require4d(Onnx.NodeProto n, Value x) {
        if (x.rank() != 4) {
            throw Nodes.unsupported(n, "input of rank " + x.rank() + " " + Arrays.toString(x.shape),
                    "2-D spatial operators on NCHW tensors of rank 4");
        }
    }

    // ---------------------------------------------------------------- BatchNorm folding

    private void planBatchNormFolding(Onnx.GraphProto g) {
        Map<String, Onnx.NodeProto> producer = new HashMap<>();
        for (Onnx.NodeProto n : g.getNodeList()) {
            for (String o : n.getOutputList()) {
                producer.put(o, n);
            }
        }
        for (Onnx.NodeProto bn : g.getNodeList()) {
            if (!bn.getOpType().equals("BatchNormalization") || bn.getInputCount() < 5) {
                continue;
            }
            Onnx.NodeProto conv = producer.get(bn.getInput(0));
            if (conv == null || !conv.getOpType().equals("Conv") || consumers.getOrDefault(bn.getInput(0), 0) != 1) {
                continue;
            }
            if (new Attributes(bn).getInt("training_mode", 0) != 0) {
                continue;
            }
            boolean paramsStatic = true;
            for (int i = 1; i < 5; i++) {
                paramsStatic &= isInitializer(g, bn.getInput(i));
            }
            if (paramsStatic && conv.getInputCount() > 1 && isInitializer(g, conv.getInput(1))) {
                bnAfterConv.put(conv.getOutput(0), bn);
                foldedNodes.add(bn);
            }
        }
    }

    private static boolean isInitializer(Onnx.GraphProto g, String name) {
        for (Onnx.TensorProto t : g.getInitializerList()) {
            if (t.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- constant folding

    /** True when the node has at least one input and every given input is a constant known at load. */
    private boolean allInputsConstant(Onnx.NodeProto n) {
        boolean any = false;
        for (String s : n.getInputList()) {
            if (s.isEmpty()) {
                continue;
            }
            Value v = values.get(s);
            if (v == null || !v.isConstant()) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /**
     * Evaluates a node whose inputs are all constants and records its outputs as constants, whatever its
     * operator: a load-only operator ({@link ConstantOps}) directly; any other in a temporary translator
     * of its own (a separate SameDiff graph holding copies of the inputs), whose result, if the handler
     * built graph ops rather than folding itself, is computed once there. So a constant subgraph leaves
     * only its results in the network's graph, and operators needing constant inputs (Reshape shapes, Pad
     * pads, Conv weights) accept values computed by any chain of operators from initializers.
     */
    private void fold(Onnx.NodeProto n) {
        if (!HANDLERS.containsKey(n.getOpType())) {
            List<INDArray> in = new ArrayList<>();
            for (int i = 0; i < n.getInputCount(); i++) {
                in.add(optIn(n, i) == null ? null : optIn(n, i).constant);
            }
            requireUnusedOutputs(n, 1);
            put(n, Value.constant(ConstantOps.evaluate(n, new Attributes(n), in)));
            return;
        }
        GraphTranslator tmp = new GraphTranslator(model, modelDir, dataOnlyConvGradient, false);
        tmp.consumers.putAll(consumers);
        tmp.bnAfterConv.putAll(bnAfterConv);
        for (String s : n.getInputList()) {
            if (!s.isEmpty()) {
                // a fresh Value: the handler may attach a variable of the temporary graph to it
                tmp.values.put(s, Value.constant(values.get(s).constant));
            }
        }
        Set<String> inputs = new HashSet<>(tmp.values.keySet());
        tmp.translate(n);
        for (Map.Entry<String, Value> e : tmp.values.entrySet()) {
            if (inputs.contains(e.getKey())) {
                continue;
            }
            Value v = e.getValue();
            if (!v.isConstant()) {
                String name = v.variable.name();
                INDArray r = tmp.sd.output(Collections.emptyMap(), name).get(name).dup('c');
                v = Value.constant(r);
            }
            values.put(e.getKey(), v);
        }
    }

    // ---------------------------------------------------------------- dispatch

    /** Translates (or folds, if all its inputs are constants) one node, naming it in any failure. */
    private void translateNode(Onnx.NodeProto n) {
        try {
            if (allInputsConstant(n)) {
                fold(n);
            } else {
                translate(n);
            }
        } catch (OnnxImportException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new OnnxImportException(Nodes.describe(n) + " failed to translate: " + e, e);
        }
    }

    private void translate(Onnx.NodeProto n) {
        Handler h = HANDLERS.get(n.getOpType());
        if (h == null) {
            if (ConstantOps.OPERATORS.contains(n.getOpType())) {
                throw Nodes.unsupported(n, "operator " + n.getOpType() + " on a tensor computed at run time",
                        n.getOpType() + " only when all its inputs are constants (it is then evaluated at load); "
                                + "at run time operators " + SUPPORTED);
            }
            throw Nodes.unsupported(n, "operator " + n.getOpType(), supportedOperators());
        }
        h.translate(this, n, new Attributes(n));
    }

    private interface UnaryOp {
        SDVariable apply(SDVariable x);
    }

    private void unary(Onnx.NodeProto n, Attributes a, Set<String> attrs, UnaryOp op) {
        a.allowOnly(attrs);
        Value x = in(n, 0);
        if (!x.floating) {
            throw Nodes.unsupported(n, "integer input", "floating point input");
        }
        if (x.nhwc != null) {
            // elementwise: the same op on the NHWC copy
            put(n, Value.nhwc(op.apply(x.nhwc), x.shape));
            return;
        }
        putVar(n, op.apply(ops.var(x)), x.shape);
    }

    private void clipNode(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("min", "max"));
        Value x = in(n, 0);
        float lo = a.getFloat("min", Float.NEGATIVE_INFINITY);
        float hi = a.getFloat("max", Float.POSITIVE_INFINITY);
        if (optIn(n, 1) != null) {
            lo = constIn(n, 1, "Clip min").getFloat(0);
        }
        if (optIn(n, 2) != null) {
            hi = constIn(n, 2, "Clip max").getFloat(0);
        }
        if (lo > hi) {
            // ONNX: all values become max when min > max
            final float h = hi;
            putVar(n, ops.var(x).mul(0f).add(h), x.shape);
            return;
        }
        if (x.isConstant()) {
            INDArray c = x.constant.dup();
            double[] d = c.reshape(c.length()).toDoubleVector();
            for (int i = 0; i < d.length; i++) {
                d[i] = Math.min(Math.max(d[i], lo), hi);
            }
            put(n, Value.constant(Nd4j.createFromArray(d).castTo(c.dataType()).reshape(c.shape())));
            return;
        }
        putVar(n, ops.clip(ops.var(x), lo, hi), x.shape);
    }

    // ---------------------------------------------------------------- convolution

    /** Begin and end pads of the spatial axes, [b0, b1, e0, e1], per ONNX pads/auto_pad rules for Conv and pooling. */
    private static long[] spatialPads(Onnx.NodeProto n, Attributes a, long[] in, long[] k, long[] s, long[] d) {
        String autoPad = a.getChoice("auto_pad", "NOTSET", Set.of("NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"));
        long[] pads = a.getInts("pads", new long[] {0, 0, 0, 0});
        if (pads.length != 4) {
            throw Nodes.invalid(n, "pads has " + pads.length + " values; a 2-D operator needs 4");
        }
        switch (autoPad) {
            case "VALID" -> {
                return new long[4];
            }
            case "SAME_UPPER", "SAME_LOWER" -> {
                long[] p = new long[4];
                for (int i = 0; i < 2; i++) {
                    long out = (in[i] + s[i] - 1) / s[i];
                    long total = Math.max(0, (out - 1) * s[i] + (k[i] - 1) * d[i] + 1 - in[i]);
                    long small = total / 2;
                    p[i] = autoPad.equals("SAME_UPPER") ? small : total - small;
                    p[i + 2] = total - p[i];
                }
                return p;
            }
            default -> {
                for (long p : pads) {
                    if (p < 0) {
                        throw Nodes.unsupported(n, "negative pads " + Arrays.toString(pads), "pads >= 0");
                    }
                }
                return pads;
            }
        }
    }

    private long[] ints2(Onnx.NodeProto n, Attributes a, String name, long dflt) {
        long[] v = a.getInts(name, new long[] {dflt, dflt});
        if (v.length != 2) {
            throw Nodes.unsupported(n, name + " of length " + v.length + " " + Arrays.toString(v), "2-D operators (length 2)");
        }
        for (long x : v) {
            if (x < 1) {
                throw Nodes.invalid(n, name + " must be >= 1 but was " + Arrays.toString(v));
            }
        }
        return v;
    }

    private void conv(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"));
        Onnx.NodeProto up = upsampleBeforeConv.remove(n.getInput(0));
        ResizeSpec twice = up == null ? null : nearestTwice(up);
        if (up != null && twice == null) {
            translateNode(up);
            up = null;
        }
        // with a deferred nearest 2x upsampling, the shapes are those of its (not yet computed) output
        Value x = twice == null ? in(n, 0) : Value.variable(null, twice.out());
        require4d(n, x);
        INDArray w = constIn(n, 1, "Conv weights").castTo(DataType.FLOAT);
        if (w.rank() != 4) {
            throw Nodes.unsupported(n, "weights of rank " + w.rank(), "2-D convolution (weights of rank 4)");
        }
        INDArray b = optIn(n, 2) == null ? null : constIn(n, 2, "Conv bias").castTo(DataType.FLOAT);
        long group = a.getInt("group", 1);
        long[] ws = w.shape();
        long cin = x.shape[1];
        if (group < 1 || cin % group != 0 || ws[0] % group != 0 || ws[1] * group != cin) {
            throw Nodes.invalid(n, "group " + group + " does not fit input channels " + cin + " and weights " + Arrays.toString(ws));
        }
        long[] k = {ws[2], ws[3]};
        long[] ks = a.getInts("kernel_shape", k);
        if (!Arrays.equals(ks, k)) {
            throw Nodes.invalid(n, "kernel_shape " + Arrays.toString(ks) + " differs from the weights' " + Arrays.toString(k));
        }
        long[] s = ints2(n, a, "strides", 1);
        long[] d = ints2(n, a, "dilations", 1);
        long[] pads = spatialPads(n, a, new long[] {x.shape[2], x.shape[3]}, k, s, d);

        Onnx.NodeProto bn = bnAfterConv.get(n.getOutput(0));
        if (bn != null) {
            Attributes ba = new Attributes(bn);
            ba.allowOnly(Set.of("epsilon", "momentum", "training_mode", "spatial"));
            float eps = ba.getFloat("epsilon", 1e-5f);
            INDArray gamma = constIn(bn, 1, "scale").castTo(DataType.FLOAT);
            INDArray beta = constIn(bn, 2, "B").castTo(DataType.FLOAT);
            INDArray mean = constIn(bn, 3, "input_mean").castTo(DataType.FLOAT);
            INDArray varr = constIn(bn, 4, "input_var").castTo(DataType.FLOAT);
            float[] scale = new float[(int) ws[0]];
            float[] shift = new float[(int) ws[0]];
            for (int o = 0; o < scale.length; o++) {
                double sc = gamma.getDouble(o) / Math.sqrt(varr.getDouble(o) + eps);
                double b0 = b == null ? 0 : b.getDouble(o);
                scale[o] = (float) sc;
                shift[o] = (float) ((b0 - mean.getDouble(o)) * sc + beta.getDouble(o));
            }
            w = w.mul(Nd4j.create(scale, new long[] {ws[0], 1, 1, 1}, 'c').broadcast(ws));
            b = Nd4j.create(shift, new long[] {ws[0]}, 'c');
        }

        long oh = (x.shape[2] + pads[0] + pads[2] - ((k[0] - 1) * d[0] + 1)) / s[0] + 1;
        long ow = (x.shape[3] + pads[1] + pads[3] - ((k[1] - 1) * d[1] + 1)) / s[1] + 1;
        if (oh < 1 || ow < 1) {
            throw Nodes.invalid(n, "output would be empty for input " + Arrays.toString(x.shape));
        }
        long[] outShape = {x.shape[0], ws[0], oh, ow};
        String outName = bn != null ? bn.getOutput(0) : n.getOutput(0);
        if (bn != null) {
            requireUnusedOutputs(bn, 1);
        }
        if (twice != null) {
            if (group == 1 && Arrays.equals(k, new long[] {3, 3}) && Arrays.equals(s, new long[] {1, 1})
                    && Arrays.equals(d, new long[] {1, 1}) && Arrays.equals(pads, new long[] {1, 1, 1, 1})) {
                SDVariable y = ops.upsampledConv3x3(twice.x(), w, b, nhwc);
                values.put(outName, nhwc ? Value.nhwc(y, outShape) : Value.variable(y, outShape));
                return;
            }
            translateNode(up);
            x = in(n, 0);
        }
        if (nhwc && group == 1 && d[0] == 1 && d[1] == 1 && pads[0] == pads[2] && pads[1] == pads[3]) {
            values.put(outName, Value.nhwc(ops.conv2dNhwc(x, w, b, s, pads), outShape));
            return;
        }
        SDVariable y = ops.conv2d(x, w, b, s, d, pads, group);
        values.put(outName, Value.variable(y, outShape));
    }

    private void convTranspose(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("auto_pad", "dilations", "group", "kernel_shape", "output_padding", "output_shape",
                "pads", "strides"));
        Value x = in(n, 0);
        require4d(n, x);
        INDArray w = constIn(n, 1, "ConvTranspose weights").castTo(DataType.FLOAT);
        if (w.rank() != 4) {
            throw Nodes.unsupported(n, "weights of rank " + w.rank(), "2-D transposed convolution (weights of rank 4)");
        }
        INDArray b = optIn(n, 2) == null ? null : constIn(n, 2, "ConvTranspose bias").castTo(DataType.FLOAT);
        long group = a.getInt("group", 1);
        long[] ws = w.shape(); // [C_in, C_out / group, kH, kW]
        long cin = x.shape[1];
        if (ws[0] != cin || group < 1 || cin % group != 0) {
            throw Nodes.invalid(n, "group " + group + " does not fit input channels " + cin + " and weights " + Arrays.toString(ws));
        }
        long cout = ws[1] * group;
        long[] k = {ws[2], ws[3]};
        long[] ks = a.getInts("kernel_shape", k);
        if (!Arrays.equals(ks, k)) {
            throw Nodes.invalid(n, "kernel_shape " + Arrays.toString(ks) + " differs from the weights' " + Arrays.toString(k));
        }
        long[] s = ints2(n, a, "strides", 1);
        long[] d = ints2(n, a, "dilations", 1);
        long[] op = a.getInts("output_padding", new long[] {0, 0});
        String autoPad = a.getChoice("auto_pad", "NOTSET", Set.of("NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"));
        long[] in = {x.shape[2], x.shape[3]};
        long[] pads = a.getInts("pads", new long[] {0, 0, 0, 0});
        if (op.length != 2 || pads.length != 4) {
            throw Nodes.unsupported(n, "output_padding/pads lengths " + op.length + "/" + pads.length, "2 and 4");
        }
        long[] outShapeAttr = a.getInts("output_shape", null);
        if (outShapeAttr != null || autoPad.startsWith("SAME")) {
            long[] target = new long[2];
            for (int i = 0; i < 2; i++) {
                target[i] = outShapeAttr != null ? outShapeAttr[outShapeAttr.length - 2 + i] : in[i] * s[i];
                long total = s[i] * (in[i] - 1) + op[i] + ((k[i] - 1) * d[i] + 1) - target[i];
                if (total < 0) {
                    throw Nodes.unsupported(n, "output_shape " + Arrays.toString(outShapeAttr) + " larger than the full output",
                            "output shapes needing pads >= 0");
                }
                if (autoPad.equals("SAME_UPPER")) {
                    pads[i] = total / 2;
                    pads[i + 2] = total - total / 2;
                } else {
                    pads[i] = total - total / 2;
                    pads[i + 2] = total / 2;
                }
            }
        } else if (autoPad.equals("VALID")) {
            pads = new long[4];
        }
        for (int i = 0; i < 2; i++) {
            if (op[i] < 0 || op[i] >= Math.max(s[i], d[i])) {
                throw Nodes.invalid(n, "output_padding " + Arrays.toString(op) + " must be in [0, max(stride, dilation))");
            }
        }
        if (d[0] != 1 || d[1] != 1) {
            // deconv2d_bp fails on dilations in nd4j 1.0.0-M2.1 (oneDNN descriptor): dense kernel with zero taps
            w = OpBuilders.dilateKernel(w, d);
            ws = w.shape();
            k = new long[] {ws[2], ws[3]};
            d = new long[] {1, 1};
        }
        long[] full = new long[2];
        long[] out = new long[2];
        for (int i = 0; i < 2; i++) {
            full[i] = s[i] * (in[i] - 1) + ((k[i] - 1) * d[i] + 1);
            out[i] = full[i] + op[i] - pads[i] - pads[i + 2];
            if (out[i] < 1) {
                throw Nodes.invalid(n, "output would be empty for input " + Arrays.toString(x.shape));
            }
        }
        DeConv2DConfig cfg = DeConv2DConfig.builder().kH(k[0]).kW(k[1]).sH(s[0]).sW(s[1]).pH(0).pW(0)
                .dH(d[0]).dW(d[1]).isSameMode(false).dataFormat("NCHW").build();
        SDVariable xv = ops.var(x);
        SDVariable y;
        long gin = cin / group;
        if (group == 1) {
            // libnd4j deconv2d weights: [kH, kW, oC, iC]
            y = sd.cnn().deconv2d(xv, sd.constant(ops.name("w"), w.permute(2, 3, 1, 0).dup('c')), cfg);
        } else {
            SDVariable[] parts = new SDVariable[(int) group];
            for (int gi = 0; gi < group; gi++) {
                SDVariable xs = sd.slice(xv, new int[] {0, (int) (gi * gin), 0, 0},
                        (int) x.shape[0], (int) gin, (int) x.shape[2], (int) x.shape[3]);
                INDArray wg = w.get(NDArrayIndex.interval(gi * gin, (gi + 1) * gin), NDArrayIndex.all(),
                        NDArrayIndex.all(), NDArrayIndex.all());
                parts[gi] = sd.cnn().deconv2d(xs, sd.constant(ops.name("w"), wg.permute(2, 3, 1, 0).dup('c')), cfg);
            }
            y = sd.concat(ops.name("groups"), 1, parts);
        }
        Value full4 = Value.variable(y, new long[] {x.shape[0], cout, full[0], full[1]});
        // crop the begin pads and end pads, then extend by output_padding (positions no input reaches)
        long[] begin = new long[4];
        long[] end = new long[4];
        long[] cropB = {0, 0, pads[0], pads[1]};
        long[] keep = {x.shape[0], cout, 0, 0};
        for (int i = 0; i < 2; i++) {
            long avail = full[i] - pads[i];
            long want = out[i];
            keep[i + 2] = Math.min(avail, want);
            end[i + 2] = want - keep[i + 2];
        }
        Value cropped = full4;
        if (pads[0] != 0 || pads[1] != 0 || keep[2] != full[0] || keep[3] != full[1]) {
            SDVariable c = sd.slice(y, toInts(cropB), toInts(keep));
            cropped = Value.variable(c, keep.clone());
        }
        Value padded = (end[2] != 0 || end[3] != 0) ? ops.padConstant(cropped, begin, end, 0f) : cropped;
        SDVariable r = ops.var(padded);
        if (b != null) {
            r = r.add(sd.constant(ops.name("bias"), b.reshape(1, cout, 1, 1)));
        }
        putVar(n, r, new long[] {x.shape[0], cout, out[0], out[1]});
    }

    private static int[] toInts(long[] v) {
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.toIntExact(v[i]);
        }
        return r;
    }

    private void batchNorm(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("epsilon", "momentum", "training_mode", "spatial"));
        a.getIntChoice("training_mode", 0, Set.of(0L));
        a.getIntChoice("spatial", 1, Set.of(1L));
        requireUnusedOutputs(n, 1);
        Value x = in(n, 0);
        float eps = a.getFloat("epsilon", 1e-5f);
        INDArray gamma = constIn(n, 1, "scale").castTo(DataType.FLOAT);
        INDArray beta = constIn(n, 2, "B").castTo(DataType.FLOAT);
        INDArray mean = constIn(n, 3, "input_mean").castTo(DataType.FLOAT);
        INDArray varr = constIn(n, 4, "input_var").castTo(DataType.FLOAT);
        if (x.rank() < 2) {
            throw Nodes.invalid(n, "input of rank " + x.rank() + " has no channel axis");
        }
        int c = (int) x.shape[1];
        float[] scale = new float[c];
        float[] shift = new float[c];
        for (int i = 0; i < c; i++) {
            double sc = gamma.getDouble(i) / Math.sqrt(varr.getDouble(i) + eps);
            scale[i] = (float) sc;
            shift[i] = (float) (beta.getDouble(i) - mean.getDouble(i) * sc);
        }
        long[] bshape = new long[x.rank()];
        Arrays.fill(bshape, 1);
        bshape[1] = c;
        SDVariable y = ops.var(x).mul(sd.constant(ops.name("bn_scale"), Nd4j.create(scale, bshape, 'c')))
                .add(sd.constant(ops.name("bn_shift"), Nd4j.create(shift, bshape, 'c')));
        putVar(n, y, x.shape);
    }

    // ---------------------------------------------------------------- pooling

    /** Output size of a pooling axis per ONNX (with ORT's rule that the last window starts inside input + begin pad). */
    private static long poolOut(long in, long pb, long pe, long k, long s, long d, boolean ceil) {
        long eff = (k - 1) * d + 1;
        long span = in + pb + pe - eff;
        long out = ceil ? Math.floorDiv(span + s - 1, s) + 1 : Math.floorDiv(span, s) + 1;
        if (ceil && (out - 1) * s >= in + pb) {
            out--;
        }
        return out;
    }

    private void maxPool(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides"));
        requireUnusedOutputs(n, 1);
        a.getIntChoice("storage_order", 0, Set.of(0L, 1L)); // only affects the Indices output
        pool(n, a, true);
    }

    private void avgPool(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("auto_pad", "ceil_mode", "count_include_pad", "kernel_shape", "pads", "strides"));
        pool(n, a, false);
    }

    private void pool(Onnx.NodeProto n, Attributes a, boolean max) {
        Value x = in(n, 0);
        require4d(n, x);
        long[] k = a.getInts("kernel_shape", null);
        if (k == null || k.length != 2) {
            throw Nodes.unsupported(n, "kernel_shape " + Arrays.toString(k), "kernel_shape of length 2");
        }
        long[] s = ints2(n, a, "strides", 1);
        long[] d = max ? ints2(n, a, "dilations", 1) : new long[] {1, 1};
        if (d[0] != 1 || d[1] != 1) {
            // measured: the oneDNN max pooling of nd4j 1.0.0-M2.1 gives wrong values with dilations
            throw Nodes.unsupported(n, "dilations " + Arrays.toString(d), "MaxPool dilations [1, 1]");
        }
        boolean ceil = a.getIntChoice("ceil_mode", 0, Set.of(0L, 1L)) == 1;
        boolean includePad = !max && a.getIntChoice("count_include_pad", 0, Set.of(0L, 1L)) == 1;
        long[] in = {x.shape[2], x.shape[3]};
        long[] pads = spatialPads(n, a, in, k, s, d);
        long[] out = new long[2];
        for (int i = 0; i < 2; i++) {
            out[i] = poolOut(in[i], pads[i], pads[i + 2], k[i], s[i], d[i], ceil);
            if (out[i] < 1) {
                throw Nodes.invalid(n, "output would be empty for input " + Arrays.toString(x.shape));
            }
        }
        long[] outShape = {x.shape[0], x.shape[1], out[0], out[1]};
        if (max && x.nhwc != null && pads[0] == pads[2] && pads[1] == pads[3] && pads[0] < k[0] && pads[1] < k[1]
                && out[0] == poolOut(in[0], pads[0], pads[2], k[0], s[0], d[0], false)
                && out[1] == poolOut(in[1], pads[1], pads[3], k[1], s[1], d[1], false)) {
            put(n, Value.nhwc(ops.maxPool2dNhwc(x, k, s, pads), outShape));
            return;
        }
        SDVariable y = ops.pool2d(x, k, s, d, pads, out, max, includePad);
        putVar(n, y, outShape);
    }

    private void globalAvgPool(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of());
        Value x = in(n, 0);
        if (x.rank() < 3) {
            throw Nodes.invalid(n, "input of rank " + x.rank() + " has no spatial axes");
        }
        int[] axes = new int[x.rank() - 2];
        long[] shape = x.shape.clone();
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 2;
            shape[i + 2] = 1;
        }
        if (x.nhwc != null) {
            // [n, 1, 1, c] holds the values of [n, c, 1, 1] in the same order
            putVar(n, sd.reshape(sd.mean(x.nhwc, true, 1, 2), shape), shape);
            return;
        }
        putVar(n, sd.mean(ops.var(x), true, axes), shape);
    }

    private void reduceMean(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("axes", "keepdims", "noop_with_empty_axes"));
        Value x = in(n, 0);
        boolean keep = a.getIntChoice("keepdims", 1, Set.of(0L, 1L)) == 1;
        long[] axesL = a.getInts("axes", null);
        if (optIn(n, 1) != null) {
            axesL = constLongs(n, 1, "ReduceMean axes");
        }
        if (axesL == null || axesL.length == 0) {
            if (a.getInt("noop_with_empty_axes", 0) == 1) {
                put(n, x);
                return;
            }
            axesL = new long[x.rank()];
            for (int i = 0; i < axesL.length; i++) {
                axesL[i] = i;
            }
        }
        int[] axes = new int[axesL.length];
        boolean[] reduced = new boolean[x.rank()];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = axis(n, axesL[i], x.rank());
            reduced[axes[i]] = true;
        }
        List<Long> shape = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            if (!reduced[i]) {
                shape.add(x.shape[i]);
            } else if (keep) {
                shape.add(1L);
            }
        }
        long[] s = shape.stream().mapToLong(Long::longValue).toArray();
        if (x.isConstant()) {
            put(n, Value.constant(x.constant.castTo(DataType.FLOAT).mean(keep, axes).reshape(s)));
            return;
        }
        putVar(n, sd.mean(ops.var(x), keep, axes), s);
    }

    // ---------------------------------------------------------------- shape and layout

    private void softmax(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("axis"));
        Value x = in(n, 0);
        if (opset >= 13) {
            int ax = axis(n, a.getInt("axis", -1), x.rank());
            putVar(n, ops.softmaxAlong(ops.var(x), ax, x.rank()), x.shape);
        } else {
            // opsets 11-12: coerce to 2-D at axis, softmax over the flattened trailing axes
            int ax = axis(n, a.getInt("axis", 1), x.rank());
            long rows = prod(x.shape, 0, ax);
            long cols = prod(x.shape, ax, x.rank());
            SDVariable flat = sd.reshape(ops.var(x), rows, cols);
            putVar(n, sd.reshape(sd.nn().softmax(flat, 1), x.shape), x.shape);
        }
    }

    private void flatten(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("axis"));
        Value x = in(n, 0);
        long ax = a.getInt("axis", 1);
        int axn = ax < 0 ? (int) (ax + x.rank()) : (int) ax;
        if (axn < 0 || axn > x.rank()) {
            throw Nodes.invalid(n, "axis " + ax + " outside [-" + x.rank() + ", " + x.rank() + "]");
        }
        long[] s = {prod(x.shape, 0, axn), prod(x.shape, axn, x.rank())};
        reshapeTo(n, x, s);
    }

    private void reshapeTo(Onnx.NodeProto n, Value x, long[] s) {
        if (x.isConstant()) {
            put(n, Value.constant(x.constant.reshape('c', s)));
        } else {
            putVar(n, sd.reshape(ops.var(x), s), s);
        }
    }

    private void reshape(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("allowzero"));
        Value x = in(n, 0);
        long[] target = constLongs(n, 1, "Reshape shape");
        boolean allowZero = a.getIntChoice("allowzero", 0, Set.of(0L, 1L)) == 1;
        long[] s = target.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == 0 && !allowZero) {
                if (i >= x.rank()) {
                    throw Nodes.invalid(n, "shape " + Arrays.toString(target) + " copies dimension " + i + " of a rank-" + x.rank() + " input");
                }
                s[i] = x.shape[i];
            }
            if (s[i] == -1) {
                if (infer >= 0) {
                    throw Nodes.invalid(n, "shape " + Arrays.toString(target) + " has more than one -1");
                }
                infer = i;
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.size() % known != 0) {
                throw Nodes.invalid(n, "cannot reshape " + Arrays.toString(x.shape) + " to " + Arrays.toString(target));
            }
            s[infer] = x.size() / known;
        } else if (known != x.size()) {
            throw Nodes.invalid(n, "cannot reshape " + Arrays.toString(x.shape) + " to " + Arrays.toString(target));
        }
        reshapeTo(n, x, s);
    }

    private void transpose(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("perm"));
        Value x = in(n, 0);
        long[] permL = a.getInts("perm", null);
        int[] perm = new int[x.rank()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = permL == null ? perm.length - 1 - i : axis(n, permL[i], x.rank());
        }
        long[] s = new long[perm.length];
        for (int i = 0; i < perm.length; i++) {
            s[i] = x.shape[perm[i]];
        }
        if (x.isConstant()) {
            put(n, Value.constant(x.constant.permute(perm).dup('c')));
        } else {
            putVar(n, sd.permute(ops.var(x), perm), s);
        }
    }

    private void gemm(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("alpha", "beta", "transA", "transB"));
        float alpha = a.getFloat("alpha", 1f);
        float beta = a.getFloat("beta", 1f);
        boolean ta = a.getIntChoice("transA", 0, Set.of(0L, 1L)) == 1;
        boolean tb = a.getIntChoice("transB", 0, Set.of(0L, 1L)) == 1;
        Value av = in(n, 0);
        Value bv = in(n, 1);
        if (av.rank() != 2 || bv.rank() != 2) {
            throw Nodes.invalid(n, "Gemm needs rank-2 A and B but got " + av + " and " + bv);
        }
        long m = ta ? av.shape[1] : av.shape[0];
        long ka = ta ? av.shape[0] : av.shape[1];
        long kb = tb ? bv.shape[1] : bv.shape[0];
        long nn = tb ? bv.shape[0] : bv.shape[1];
        if (ka != kb) {
            throw Nodes.invalid(n, "inner dimensions differ: A " + Arrays.toString(av.shape) + " transA=" + ta
                    + ", B " + Arrays.toString(bv.shape) + " transB=" + tb);
        }
        SDVariable A = ops.var(av);
        if (ta) {
            A = sd.permute(A, 1, 0);
        }
        SDVariable B;
        if (bv.isConstant()) {
            INDArray bc = bv.constant.castTo(DataType.FLOAT);
            bc = (tb ? bc.transpose() : bc).mul(alpha).dup('c');
            B = sd.constant(ops.name("gemm_b"), bc);
        } else {
            B = ops.var(bv);
            if (tb) {
                B = sd.permute(B, 1, 0);
            }
        }
        SDVariable y = sd.mmul(A, B);
        if (!bv.isConstant() && alpha != 1f) {
            y = y.mul(alpha);
        }
        Value cv = optIn(n, 2);
        if (cv != null && beta != 0f) {
            if (cv.isConstant()) {
                INDArray cc = cv.constant.castTo(DataType.FLOAT).mul(beta);
                y = y.add(sd.constant(ops.name("gemm_c"), broadcastConst(n, cc, new long[] {m, nn})));
            } else {
                SDVariable c = ops.var(cv);
                y = y.add(beta == 1f ? c : c.mul(beta));
            }
        }
        putVar(n, y, new long[] {m, nn});
    }

    /** Reshapes a constant to the target rank (leading ones) so SameDiff broadcasting applies numpy rules. */
    private static INDArray broadcastConst(Onnx.NodeProto n, INDArray c, long[] target) {
        long[] s = c.shape();
        if (s.length > target.length) {
            throw Nodes.invalid(n, "cannot broadcast " + Arrays.toString(s) + " to " + Arrays.toString(target));
        }
        long[] r = new long[target.length];
        Arrays.fill(r, 1);
        System.arraycopy(s, 0, r, target.length - s.length, s.length);
        return c.reshape('c', r).dup('c');
    }

    private void matMul(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of());
        Value av = in(n, 0);
        Value bv = in(n, 1);
        if (av.rank() < 2 || bv.rank() != 2) {
            throw Nodes.unsupported(n, "MatMul of shapes " + Arrays.toString(av.shape) + " x " + Arrays.toString(bv.shape),
                    "A of rank >= 2 times B of rank 2");
        }
        long k = av.shape[av.rank() - 1];
        if (k != bv.shape[0]) {
            throw Nodes.invalid(n, "inner dimensions differ: " + Arrays.toString(av.shape) + " x " + Arrays.toString(bv.shape));
        }
        long[] outShape = av.shape.clone();
        outShape[outShape.length - 1] = bv.shape[1];
        SDVariable A = ops.var(av);
        if (av.rank() > 2) {
            A = sd.reshape(A, av.size() / k, k);
        }
        SDVariable y = sd.mmul(A, ops.var(bv));
        if (av.rank() > 2) {
            y = sd.reshape(y, outShape);
        }
        putVar(n, y, outShape);
    }

    private void binary(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of());
        Value x = in(n, 0);
        Value y = in(n, 1);
        long[] s = ConstantOps.broadcast(n, x.shape, y.shape);
        String op = n.getOpType();
        if (x.isConstant() && y.isConstant()) {
            boolean fp = x.constant.dataType().isFPType() || y.constant.dataType().isFPType();
            DataType t = fp ? DataType.FLOAT : DataType.LONG;
            INDArray xa = broadcastConst(n, x.constant.castTo(t), s).broadcast(s);
            INDArray ya = broadcastConst(n, y.constant.castTo(t), s).broadcast(s);
            INDArray r = switch (op) {
                case "Add" -> xa.add(ya);
                case "Sub" -> xa.sub(ya);
                case "Mul" -> xa.mul(ya);
                default -> fp ? xa.div(ya) : integerDivide(xa, ya);
            };
            put(n, Value.constant(r.reshape('c', s)));
            return;
        }
        if (!x.floating || !y.floating) {
            throw Nodes.unsupported(n, "integer tensors computed at run time", "floating point tensors");
        }
        if (x.nhwc != null && y.nhwc != null && Arrays.equals(x.shape, y.shape)) {
            // elementwise on equal shapes: the same op on the NHWC copies
            SDVariable r = switch (op) {
                case "Add" -> x.nhwc.add(y.nhwc);
                case "Sub" -> x.nhwc.sub(y.nhwc);
                case "Mul" -> x.nhwc.mul(y.nhwc);
                default -> x.nhwc.div(y.nhwc);
            };
            put(n, Value.nhwc(r, s));
            return;
        }
        SDVariable xv = x.isConstant() ? sd.constant(ops.name("c"), broadcastConst(n, x.constant.castTo(DataType.FLOAT), s)) : ops.var(x);
        SDVariable yv = y.isConstant() ? sd.constant(ops.name("c"), broadcastConst(n, y.constant.castTo(DataType.FLOAT), s)) : ops.var(y);
        if (!x.isConstant() && x.rank() < s.length) {
            xv = sd.reshape(xv, leadingOnes(x.shape, s.length));
        }
        if (!y.isConstant() && y.rank() < s.length) {
            yv = sd.reshape(yv, leadingOnes(y.shape, s.length));
        }
        SDVariable r = switch (op) {
            case "Add" -> xv.add(yv);
            case "Sub" -> xv.sub(yv);
            case "Mul" -> xv.mul(yv);
            default -> xv.div(yv);
        };
        putVar(n, r, s);
    }

    private static long[] leadingOnes(long[] shape, int rank) {
        long[] r = new long[rank];
        Arrays.fill(r, 1);
        System.arraycopy(shape, 0, r, rank - shape.length, shape.length);
        return r;
    }

    private static INDArray integerDivide(INDArray a, INDArray b) {
        long[] x = a.reshape(a.length()).toLongVector();
        long[] y = b.reshape(b.length()).toLongVector();
        long[] r = new long[x.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = x[i] / y[i]; // ONNX integer Div truncates like C
        }
        return Nd4j.createFromArray(r).reshape('c', a.shape());
    }

    private void concat(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("axis"));
        List<Value> ins = new ArrayList<>();
        for (int i = 0; i < n.getInputCount(); i++) {
            Value v = in(n, i);
            if (v.size() > 0) {
                ins.add(v);
            }
        }
        if (ins.isEmpty()) {
            throw Nodes.invalid(n, "all inputs are empty");
        }
        int rank = ins.get(0).rank();
        int ax = axis(n, requiredAxis(n, a), rank);
        long[] s = ins.get(0).shape.clone();
        s[ax] = 0;
        boolean allConst = true;
        for (Value v : ins) {
            for (int d = 0; d < rank; d++) {
                if (d != ax && v.shape[d] != s[d]) {
                    throw Nodes.invalid(n, "input shapes differ off the concat axis: " + Arrays.toString(v.shape)
                            + " vs " + Arrays.toString(ins.get(0).shape));
                }
            }
            s[ax] += v.shape[ax];
            allConst &= v.isConstant();
        }
        if (allConst) {
            boolean fp = ins.stream().anyMatch(v -> v.constant.dataType().isFPType());
            INDArray[] arrs = ins.stream().map(v -> v.constant.castTo(fp ? DataType.FLOAT : DataType.LONG)).toArray(INDArray[]::new);
            put(n, Value.constant(arrs.length == 1 ? arrs[0] : Nd4j.concat(ax, arrs)));
            return;
        }
        SDVariable[] vs = ins.stream().map(ops::var).toArray(SDVariable[]::new);
        putVar(n, vs.length == 1 ? vs[0] : sd.concat(ops.name("concat"), ax, vs), s);
    }

    private static long requiredAxis(Onnx.NodeProto n, Attributes a) {
        if (!a.has("axis")) {
            throw Nodes.invalid(n, "attribute 'axis' is required");
        }
        return a.getInt("axis", 0);
    }

    private void constant(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("value", "value_float", "value_floats", "value_int", "value_ints"));
        INDArray c;
        if (a.has("value")) {
            c = Tensors.toArray(a.getTensor("value"), modelDir);
        } else if (a.has("value_float")) {
            c = Nd4j.scalar(a.getFloat("value_float", 0f));
        } else if (a.has("value_floats")) {
            c = Nd4j.createFromArray(a.getFloats("value_floats", new float[0]));
        } else if (a.has("value_int")) {
            c = Nd4j.scalar(a.getInt("value_int", 0));
        } else if (a.has("value_ints")) {
            c = Nd4j.createFromArray(a.getInts("value_ints", new long[0]));
        } else {
            throw Nodes.unsupported(n, "Constant without a value", "value, value_float(s), value_int(s)");
        }
        put(n, Value.constant(c));
    }

    /**
     * A tensor of one value, of a shape known at load: PyTorch's exports of explicit padding compute
     * their pads with it ({@code ConstantOfShape -> Concat -> Reshape -> Slice -> Transpose -> Reshape
     * -> Cast -> Pad}), and the whole chain then folds to constants here.
     */
    private void constantOfShape(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("value"));
        long[] shape = constLongs(n, 0, "ConstantOfShape shape");
        INDArray v = a.has("value") ? Tensors.toArray(a.getTensor("value"), modelDir) : Nd4j.scalar(0f);
        if (v.length() != 1) {
            throw Nodes.invalid(n, "value must hold one element but has shape " + Arrays.toString(v.shape()));
        }
        boolean fp = v.dataType().isFPType();
        long total = 1;
        for (long d : shape) {
            if (d < 0) {
                throw Nodes.invalid(n, "negative dimension in shape " + Arrays.toString(shape));
            }
            total *= d;
        }
        if (total == 0) {
            if (shape.length != 1) {
                throw Nodes.unsupported(n, "an empty result of shape " + Arrays.toString(shape), "empty results of rank 1");
            }
            put(n, Value.constant(Nd4j.empty(fp ? DataType.FLOAT : DataType.LONG)));
            return;
        }
        INDArray r = fp ? Nd4j.valueArrayOf(shape, v.getDouble(0), DataType.FLOAT)
                : Nd4j.valueArrayOf(shape, v.getLong(0), DataType.LONG);
        put(n, Value.constant(r));
    }

    private void dropout(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("seed", "ratio"));
        requireUnusedOutputs(n, 1);
        if (optIn(n, 2) != null) {
            INDArray training = constIn(n, 2, "Dropout training_mode");
            if (training.getDouble(0) != 0) {
                throw Nodes.unsupported(n, "training_mode=true", "inference (training_mode false or absent)");
            }
        }
        put(n, in(n, 0));
    }

    private void shape(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("start", "end"));
        Value x = in(n, 0);
        int r = x.rank();
        long start = a.getInt("start", 0);
        long end = a.getInt("end", r);
        start = Math.max(0, Math.min(r, start < 0 ? start + r : start));
        end = Math.max(0, Math.min(r, end < 0 ? end + r : end));
        long[] s = Arrays.copyOfRange(x.shape, (int) start, (int) Math.max(start, end));
        put(n, Value.constant(Nd4j.createFromArray(s)));
    }

    private void gather(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("axis"));
        Value x = in(n, 0);
        int ax = axis(n, a.getInt("axis", 0), x.rank());
        INDArray idx = constIn(n, 1, "Gather indices");
        long[] iv = idx.reshape(Math.max(1, idx.length())).toLongVector();
        if (idx.length() == 0) {
            iv = new long[0];
        }
        for (int i = 0; i < iv.length; i++) {
            if (iv[i] < -x.shape[ax] || iv[i] >= x.shape[ax]) {
                throw Nodes.invalid(n, "index " + iv[i] + " outside axis " + ax + " of size " + x.shape[ax]);
            }
            if (iv[i] < 0) {
                iv[i] += x.shape[ax];
            }
        }
        long[] ishape = idx.shape();
        long[] s = new long[x.rank() - 1 + ishape.length];
        int p = 0;
        for (int i = 0; i < ax; i++) {
            s[p++] = x.shape[i];
        }
        for (long d : ishape) {
            s[p++] = d;
        }
        for (int i = ax + 1; i < x.rank(); i++) {
            s[p++] = x.shape[i];
        }
        if (x.isConstant()) {
            INDArray g = x.constant.dup('c');
            INDArray[] picked = new INDArray[iv.length];
            for (int i = 0; i < iv.length; i++) {
                INDArrayIndex[] ix = new INDArrayIndex[x.rank()];
                for (int d = 0; d < ix.length; d++) {
                    ix[d] = d == ax ? NDArrayIndex.interval(iv[i], iv[i] + 1) : NDArrayIndex.all();
                }
                picked[i] = g.get(ix);
            }
            INDArray r = picked.length == 1 ? picked[0].dup('c') : Nd4j.concat(ax, picked);
            put(n, Value.constant(r.reshape('c', s)));
            return;
        }
        SDVariable g = ops.select(ops.var(x), x.shape, ax, toInts(iv));
        putVar(n, sd.reshape(g, s), s);
    }

    private void slice(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of());
        Value x = in(n, 0);
        long[] starts = constLongs(n, 1, "Slice starts");
        long[] ends = constLongs(n, 2, "Slice ends");
        long[] axesL = optIn(n, 3) == null ? null : constLongs(n, 3, "Slice axes");
        long[] steps = optIn(n, 4) == null ? null : constLongs(n, 4, "Slice steps");
        int r = x.rank();
        long[] b = new long[r];
        long[] e = x.shape.clone();
        long[] st = new long[r];
        Arrays.fill(st, 1);
        for (int i = 0; i < starts.length; i++) {
            int ax = axis(n, axesL == null ? i : axesL[i], r);
            long dim = x.shape[ax];
            long step = steps == null ? 1 : steps[i];
            if (step == 0) {
                throw Nodes.invalid(n, "Slice step 0 on axis " + ax);
            }
            long s0 = starts[i] < 0 ? starts[i] + dim : starts[i];
            long e0 = ends[i] < 0 ? ends[i] + dim : ends[i];
            if (step > 0) {
                s0 = Math.max(0, Math.min(dim, s0));
                e0 = Math.max(0, Math.min(dim, e0));
            } else {
                s0 = Math.max(0, Math.min(dim - 1, s0));
                e0 = Math.max(-1, Math.min(dim - 1, e0));
            }
            b[ax] = s0;
            e[ax] = e0;
            st[ax] = step;
        }
        long[] s = new long[r];
        for (int i = 0; i < r; i++) {
            long len = st[i] > 0 ? (e[i] - b[i] + st[i] - 1) / st[i] : (b[i] - e[i] - st[i] - 1) / -st[i];
            s[i] = Math.max(0, len);
        }
        if (x.isConstant()) {
            INDArray c = x.constant;
            INDArray out = sliceConstant(c, b, st, s);
            put(n, Value.constant(out));
            return;
        }
        for (long v : st) {
            if (v != 1) {
                throw Nodes.unsupported(n, "steps " + Arrays.toString(steps) + " on a run-time tensor", "step 1 on run-time tensors");
            }
        }
        putVar(n, sd.slice(ops.var(x), toInts(b), toInts(s)), s);
    }

    private static INDArray sliceConstant(INDArray c, long[] b, long[] st, long[] s) {
        long total = 1;
        for (long d : s) {
            total *= d;
        }
        boolean fp = c.dataType().isFPType();
        double[] src = c.castTo(DataType.DOUBLE).reshape(c.length()).toDoubleVector();
        long[] cs = c.shape();
        double[] out = new double[(int) total];
        long[] idx = new long[s.length];
        for (int o = 0; o < total; o++) {
            long rem = o;
            for (int d = s.length - 1; d >= 0; d--) {
                idx[d] = rem % s[d];
                rem /= s[d];
            }
            long off = 0;
            for (int d = 0; d < s.length; d++) {
                off = off * cs[d] + b[d] + idx[d] * st[d];
            }
            out[o] = src[(int) off];
        }
        INDArray r = Nd4j.createFromArray(out).reshape('c', s);
        return r.castTo(fp ? DataType.FLOAT : DataType.LONG);
    }

    private long[] axesOf(Onnx.NodeProto n, Attributes a) {
        if (optIn(n, 1) != null) {
            return constLongs(n, 1, n.getOpType() + " axes");
        }
        return a.getInts("axes", null);
    }

    private void unsqueeze(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("axes"));
        Value x = in(n, 0);
        long[] axes = axesOf(n, a);
        if (axes == null) {
            throw Nodes.invalid(n, "Unsqueeze needs axes");
        }
        int r = x.rank() + axes.length;
        boolean[] isNew = new boolean[r];
        for (long ax : axes) {
            isNew[axis(n, ax, r)] = true;
        }
        long[] s = new long[r];
        int p = 0;
        for (int i = 0; i < r; i++) {
            s[i] = isNew[i] ? 1 : x.shape[p++];
        }
        reshapeTo(n, x, s);
    }

    private void squeeze(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("axes"));
        Value x = in(n, 0);
        long[] axes = axesOf(n, a);
        boolean[] drop = new boolean[x.rank()];
        if (axes == null) {
            for (int i = 0; i < x.rank(); i++) {
                drop[i] = x.shape[i] == 1;
            }
        } else {
            for (long ax : axes) {
                int i = axis(n, ax, x.rank());
                if (x.shape[i] != 1) {
                    throw Nodes.invalid(n, "cannot squeeze axis " + i + " of size " + x.shape[i]);
                }
                drop[i] = true;
            }
        }
        List<Long> s = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            if (!drop[i]) {
                s.add(x.shape[i]);
            }
        }
        reshapeTo(n, x, s.stream().mapToLong(Long::longValue).toArray());
    }

    private void cast(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("to", "saturate"));
        Value x = in(n, 0);
        int to = (int) a.getInt("to", -1);
        if (Tensors.isFloatType(to)) {
            put(n, x.isConstant() ? Value.constant(x.constant.castTo(DataType.FLOAT)) : x);
        } else if (Tensors.isIntegerType(to)) {
            if (!x.isConstant()) {
                throw Nodes.unsupported(n, "Cast of a run-time tensor to integer type " + to, "casts of static shape values");
            }
            INDArray c = x.constant;
            INDArray r = c.dataType().isFPType() ? Nd4j.createFromArray(toLongs(c)).reshape('c', c.shape()) : c;
            if (to == Tensors.BOOL) {
                long[] v = r.reshape(r.length()).toLongVector();
                for (int i = 0; i < v.length; i++) {
                    v[i] = v[i] != 0 ? 1 : 0;
                }
                r = Nd4j.createFromArray(v).reshape('c', c.shape());
            }
            put(n, Value.constant(r));
        } else {
            throw Nodes.unsupported(n, "Cast to ONNX type " + to, "float, float16, double and integer types");
        }
    }

    // ---------------------------------------------------------------- Pad

    private void pad(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("mode", "pads", "value"));
        String mode = a.getChoice("mode", "constant", Set.of("constant", "reflect", "edge"));
        Value x = in(n, 0);
        long[] pads = optIn(n, 1) != null ? constLongs(n, 1, "Pad pads") : a.getInts("pads", null);
        if (pads == null || pads.length != 2 * x.rank()) {
            throw Nodes.invalid(n, "pads " + Arrays.toString(pads) + " must hold 2 x rank = " + 2 * x.rank() + " values");
        }
        if (n.getInputCount() > 3 && !n.getInput(3).isEmpty()) {
            throw Nodes.unsupported(n, "the axes input", "Pad over all axes (opsets 11 to 17)");
        }
        float value = a.getFloat("value", 0f);
        if (optIn(n, 2) != null) {
            INDArray cv = constIn(n, 2, "Pad constant_value");
            value = cv.length() == 0 ? 0f : cv.getFloat(0);
        }
        int r = x.rank();
        long[] begin = new long[r];
        long[] end = new long[r];
        long[] cropB = new long[r];
        long[] keep = x.shape.clone();
        for (int i = 0; i < r; i++) {
            long pb = pads[i];
            long pe = pads[i + r];
            // negative pads crop
            if (pb < 0) {
                cropB[i] = -pb;
                keep[i] += pb;
                pb = 0;
            }
            if (pe < 0) {
                keep[i] += pe;
                pe = 0;
            }
            if (keep[i] < 0) {
                throw Nodes.invalid(n, "pads " + Arrays.toString(pads) + " crop more than axis " + i + " holds");
            }
            begin[i] = pb;
            end[i] = pe;
        }
        Value v = x;
        if (!Arrays.equals(keep, x.shape)) {
            v = Value.variable(sd.slice(ops.var(x), toInts(cropB), toInts(keep)), keep.clone());
        }
        if (mode.equals("constant")) {
            put(n, ops.padConstant(v, begin, end, value));
            return;
        }
        // reflect / edge: gather along each padded axis with a static index list
        SDVariable cur = ops.var(v);
        long[] s = v.shape.clone();
        for (int ax = 0; ax < r; ax++) {
            if (begin[ax] == 0 && end[ax] == 0) {
                continue;
            }
            long dim = s[ax];
            if (mode.equals("reflect") && (begin[ax] >= dim || end[ax] >= dim)) {
                throw Nodes.invalid(n, "reflect pads " + Arrays.toString(pads) + " must be smaller than axis " + ax + " (" + dim + ")");
            }
            int[] idx = new int[(int) (dim + begin[ax] + end[ax])];
            for (int i = 0; i < idx.length; i++) {
                long src = i - begin[ax];
                if (mode.equals("edge")) {
                    src = Math.max(0, Math.min(dim - 1, src));
                } else {
                    if (src < 0) {
                        src = -src;
                    }
                    if (src >= dim) {
                        src = 2 * (dim - 1) - src;
                    }
                }
                idx[i] = (int) src;
            }
            cur = ops.select(cur, s, ax, idx);
            s[ax] = idx.length;
        }
        putVar(n, cur, s);
    }

    // ---------------------------------------------------------------- Resize / Upsample

    /** A Resize or Upsample node's input, output shape and sampling rule, as parsed from the node. */
    private record ResizeSpec(Value x, long[] out, double[] scales, String mode, String ctm, String nearest) {
    }

    private void resize(Onnx.NodeProto n, Attributes a) {
        ResizeSpec r = resizeSpec(n, a);
        putVar(n, resizeAxes(n, r), r.out());
    }

    /** Upsample (deprecated since opset 10, still found in old exports): asymmetric coordinates, floor for nearest. */
    private void upsample(Onnx.NodeProto n, Attributes a) {
        ResizeSpec r = upsampleSpec(n, a);
        putVar(n, resizeAxes(n, r), r.out());
    }

    private ResizeSpec resizeSpec(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("coordinate_transformation_mode", "cubic_coeff_a", "exclude_outside",
                "extrapolation_value", "mode", "nearest_mode"));
        String mode = a.getChoice("mode", "nearest", Set.of("nearest", "linear"));
        String ctm = a.getChoice("coordinate_transformation_mode", "half_pixel",
                Set.of("half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_half_pixel_for_nn"));
        String nearest = a.getChoice("nearest_mode", "round_prefer_floor",
                Set.of("round_prefer_floor", "round_prefer_ceil", "floor", "ceil"));
        a.getIntChoice("exclude_outside", 0, Set.of(0L)); // only affects cubic
        Value x = in(n, 0);
        int r = x.rank();
        double[] scales = new double[r];
        long[] out = new long[r];
        Value sizesV = optIn(n, 3);
        Value scalesV = optIn(n, 2);
        if (sizesV != null && sizesV.size() > 0) {
            long[] sz = constLongs(n, 3, "Resize sizes");
            if (sz.length != r) {
                throw Nodes.invalid(n, "sizes " + Arrays.toString(sz) + " do not match rank " + r);
            }
            for (int i = 0; i < r; i++) {
                out[i] = sz[i];
                scales[i] = (double) sz[i] / x.shape[i];
            }
        } else if (scalesV != null && scalesV.size() > 0) {
            INDArray sc = constIn(n, 2, "Resize scales");
            float[] f = sc.castTo(DataType.FLOAT).reshape(sc.length()).toFloatVector();
            if (f.length != r) {
                throw Nodes.invalid(n, "scales " + Arrays.toString(f) + " do not match rank " + r);
            }
            for (int i = 0; i < r; i++) {
                scales[i] = f[i];
                out[i] = (long) Math.floor(x.shape[i] * (double) f[i]);
            }
        } else {
            throw Nodes.invalid(n, "Resize needs scales or sizes");
        }
        return new ResizeSpec(x, out, scales, mode, ctm, nearest);
    }

    private ResizeSpec upsampleSpec(Onnx.NodeProto n, Attributes a) {
        a.allowOnly(Set.of("mode", "scales"));
        String mode = a.getChoice("mode", "nearest", Set.of("nearest", "linear", "bilinear"));
        Value x = in(n, 0);
        float[] f = optIn(n, 1) != null
                ? constIn(n, 1, "Upsample scales").castTo(DataType.FLOAT).reshape(-1).toFloatVector()
                : a.getFloats("scales", null);
        if (f == null || f.length != x.rank()) {
            throw Nodes.invalid(n, "scales " + Arrays.toString(f) + " must hold one value per axis (" + x.rank() + ")");
        }
        double[] scales = new double[f.length];
        long[] out = new long[f.length];
        for (int i = 0; i < f.length; i++) {
            scales[i] = f[i];
            out[i] = (long) Math.floor(x.shape[i] * (double) f[i]);
        }
        return new ResizeSpec(x, out, scales, mode.equals("nearest") ? "nearest" : "linear", "asymmetric", "floor");
    }

    /**
     * Forward-only graphs: a Resize whose only consumer is a Conv is left for that Conv to
     * translate; if it is a nearest 2x upsampling and the Conv a 3x3 one with stride 1 and pads 1, the
     * two become one stride-2 transposed convolution of the low-resolution input
     * ({@link OpBuilders#upsampledConv3x3}), with 16 instead of 36 multiply-adds per input pixel and
     * channel pair, else the Resize is translated
     * as usual first. Differentiated graphs keep the plain translation (their convolution gradients are
     * rewritten by shape, {@link ConvInputGradients}).
     */
    private void planUpsampleConvs(Onnx.GraphProto g) {
        Map<String, Onnx.NodeProto> convOf = new HashMap<>();
        for (Onnx.NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("Conv") && n.getInputCount() > 0) {
                convOf.put(n.getInput(0), n);
            }
        }
        for (Onnx.NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("Resize") && n.getOutputCount() == 1 && consumers.getOrDefault(n.getOutput(0), 0) == 1
                    && convOf.containsKey(n.getOutput(0))) {
                upsampleBeforeConv.put(n.getOutput(0), n);
            }
        }
    }

    /**
     * @return the parsed node if it is a nearest 2x upsampling of both spatial axes of a computed 4-D
     *     tensor (output row {@code o} reads input row {@code o / 2}, as asymmetric/floor and
     *     half_pixel/round_prefer_floor both do at scale 2), else null
     */
    private ResizeSpec nearestTwice(Onnx.NodeProto n) {
        ResizeSpec r = resizeSpec(n, new Attributes(n));
        long[] in = r.x().shape;
        if (!r.mode().equals("nearest") || r.x().isConstant() || in.length != 4 || r.out()[0] != in[0]
                || r.out()[1] != in[1]) {
            return null;
        }
        for (int ax = 2; ax < 4; ax++) {
            if (r.out()[ax] != 2 * in[ax]) {
                return null;
            }
            int[] idx = nearestIndices(in[ax], r.out()[ax], r.scales()[ax], r.ctm(), r.nearest());
            for (int o = 0; o < idx.length; o++) {
                if (idx[o] != o / 2) {
                    return null;
                }
            }
        }
        return r;
    }

    /** Input index each output index of one axis reads in nearest mode. */
    private static int[] nearestIndices(long in, long out, double scale, String ctm, String nearest) {
        int[] idx = new int[(int) out];
        for (int o = 0; o < idx.length; o++) {
            double src = sourceCoordinate(o, in, out, scale, ctm);
            long i = switch (nearest) {
                case "floor" -> (long) Math.floor(src);
                case "ceil" -> (long) Math.ceil(src);
                case "round_prefer_ceil" -> (long) Math.floor(src + 0.5);
                default -> (long) Math.ceil(src - 0.5);
            };
            idx[o] = (int) Math.max(0, Math.min(in - 1, i));
        }
        return idx;
    }

    private SDVariable resizeAxes(Onnx.NodeProto n, ResizeSpec r) {
        Value x = r.x();
        long[] out = r.out();
        double[] scales = r.scales();
        String ctm = r.ctm();
        SDVariable cur = ops.var(x);
        long[] s = x.shape.clone();
        for (int ax = 0; ax < x.rank(); ax++) {
            if (out[ax] == s[ax] && scales[ax] == 1.0) {
                continue;
            }
            if (out[ax] < 1) {
                throw Nodes.invalid(n, "output size " + out[ax] + " on axis " + ax);
            }
            if (r.mode().equals("nearest")) {
                cur = ops.select(cur, s, ax, nearestIndices(s[ax], out[ax], scales[ax], ctm, r.nearest()));
            } else {
                float[] m = new float[(int) (s[ax] * out[ax])]; // [in, out]: y = x . M along the axis
                for (int o = 0; o < out[ax]; o++) {
                    double src = sourceCoordinate(o, s[ax], out[ax], scales[ax], ctm);
                    src = Math.max(0, Math.min(s[ax] - 1, src));
                    long i0 = (long) Math.floor(src);
                    long i1 = Math.min(i0 + 1, s[ax] - 1);
                    double w1 = src - i0;
                    m[(int) (i0 * out[ax] + o)] += (float) (1 - w1);
                    m[(int) (i1 * out[ax] + o)] += (float) w1;
                }
                cur = ops.applyAlongAxis(cur, s, ax, Nd4j.create(m, new long[] {s[ax], out[ax]}, 'c'));
            }
            s[ax] = out[ax];
        }
        return cur;
    }

    private static double sourceCoordinate(long o, long in, long out, double scale, String ctm) {
        return switch (ctm) {
            case "half_pixel" -> (o + 0.5) / scale - 0.5;
            case "pytorch_half_pixel" -> out > 1 ? (o + 0.5) / scale - 0.5 : 0;
            case "align_corners" -> out == 1 ? 0 : o * (double) (in - 1) / (out - 1);
            case "tf_half_pixel_for_nn" -> (o + 0.5) / scale;
            default -> o / scale; // asymmetric
        };
    }
}
