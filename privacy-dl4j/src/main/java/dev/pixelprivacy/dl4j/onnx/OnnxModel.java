package dev.pixelprivacy.dl4j.onnx;

import dev.pixelprivacy.dl4j.onnx.internal.GraphTranslator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import onnx.Onnx;
import org.nd4j.imports.converters.DifferentialFunctionClassHolder;
import org.nd4j.ir.OpDescriptorHolder;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;

/**
 * An ONNX model read and checked at load: its operators, input and output. Networks for concrete
 * input shapes are built from it with {@link #network}. The translation uses SameDiff ops whose
 * gradients are correct, with weights as constants, so the gradient with respect to the input is
 * what autodiff gives.
 *
 * <p>Immutable and thread-safe; each {@link OnnxNetwork} it builds is for one thread at a time. A model
 * holds only the parsed file on the Java heap (the translation it runs at load to check a static model
 * frees its native arrays at once), so it needs no closing; the networks it builds hold native memory
 * and are {@link AutoCloseable}.
 */
public final class OnnxModel {
    private final Onnx.ModelProto proto;
    private final Path directory;
    private final String source;
    private final String inputName;
    private final long[] declaredInputShape;
    private final String outputName;
    private final List<String> operators;

    private OnnxModel(Onnx.ModelProto proto, Path directory, String source) {
        this.proto = proto;
        this.source = source;
        this.directory = directory;
        GraphTranslator.checkSupported(proto);
        Onnx.ValueInfoProto in = GraphTranslator.graphInputs(proto).get(0);
        this.inputName = in.getName();
        Onnx.TensorShapeProto shape = in.getType().getTensorType().getShape();
        long[] s = new long[shape.getDimCount()];
        for (int i = 0; i < s.length; i++) {
            Onnx.TensorShapeProto.Dimension d = shape.getDim(i);
            s[i] = d.hasDimValue() && d.getDimValue() > 0 ? d.getDimValue() : -1;
        }
        this.declaredInputShape = s;
        this.outputName = proto.getGraph().getOutput(0).getName();
        Set<String> ops = new TreeSet<>();
        for (Onnx.NodeProto n : proto.getGraph().getNodeList()) {
            ops.add(n.getOpType());
        }
        this.operators = List.copyOf(ops);
        if (Arrays.stream(s).allMatch(d -> d > 0)) {
            // a fully static input: translate once now, so every unsupported attribute fails at load
            GraphTranslator.Translated check = GraphTranslator.translate(proto, directory, s, GraphTranslator.Head.NONE, outputName);
            GraphTranslator.releaseArrays(List.of(check.sameDiff()));
        }
    }

    /**
     * Starts, on a daemon thread of its own, the one-off initialisation of the process that the first
     * model and the first gradient network otherwise pay on the caller's thread, and returns at once:
     * ND4J's native backend, then SameDiff's registry of op classes and its op descriptors (which
     * {@code SameDiff.createGradFunction} reads when it clones the graph; about 0.7 s of a 2-core
     * machine's time before the first gradient). A command-line tool calls it first thing, so that
     * this work overlaps parsing its options, reading the model and decoding the first images;
     * whoever needs a part before it is done waits for it (the JVM's class initialisation), and
     * nothing is done twice. Idempotent: one thread per process, whoever calls.
     *
     * @return completes when the initialisation is done, exceptionally with what it threw (the
     *     caller's own use of ND4J then fails as it would have without this call)
     */
    public static CompletionStage<Void> prepareRuntime() {
        return RuntimeInitialisation.DONE.minimalCompletionStage();
    }

    /** The process's one initialisation thread, started when {@link #prepareRuntime} is first called. */
    private static final class RuntimeInitialisation {
        static final CompletableFuture<Void> DONE = start();

        private static CompletableFuture<Void> start() {
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    Nd4j.getBackend(); // first: the model's first tensor needs it soonest
                    DifferentialFunctionClassHolder.getInstance();
                    OpDescriptorHolder.opList();
                    done.complete(null);
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                }
            }, "pixel-privacy-nd4j-init");
            t.setDaemon(true);
            t.start();
            return done;
        }
    }

    /**
     * Reads and checks a model file.
     *
     * @param file an .onnx file (external tensor data is read relative to its directory)
     * @return the model
     * @throws IOException if the file cannot be read
     * @throws OnnxImportException if it is not a valid ONNX model or uses anything unsupported; the
     *     message names the operator, the node and the supported set
     */
    public static OnnxModel load(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        byte[] bytes = Files.readAllBytes(file);
        Path dir = file.toAbsolutePath().getParent();
        return new OnnxModel(parse(bytes, file.toString()), dir, file.toString());
    }

    /**
     * @param bytes a serialised ONNX ModelProto with all tensors inside
     * @return the model
     * @throws OnnxImportException if it cannot be parsed or uses anything unsupported
     */
    public static OnnxModel fromBytes(byte[] bytes) {
        return new OnnxModel(parse(Objects.requireNonNull(bytes, "bytes"), "<bytes>"), null, "<bytes>");
    }

    /**
     * Reads a model that another front end wrote as ONNX (the Keras and TensorFlow.js import): the same
     * checks and translation as {@link #fromBytes(byte[])}, with the file it came from in messages.
     *
     * @param bytes a serialised ONNX ModelProto with all tensors inside
     * @param source the file the model was made from, for {@link #source()} and messages
     * @return the model
     * @throws OnnxImportException if it cannot be parsed or uses anything unsupported
     */
    public static OnnxModel fromBytes(byte[] bytes, String source) {
        Objects.requireNonNull(source, "source");
        return new OnnxModel(parse(Objects.requireNonNull(bytes, "bytes"), source), null, source);
    }

    private static Onnx.ModelProto parse(byte[] bytes, String source) {
        try {
            return Onnx.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxImportException("not an ONNX model: " + source + ": " + e.getMessage(), e);
        }
    }

    /** @return where the model was read from: the file as given to {@link #load}, or {@code <bytes>} */
    public String source() {
        return source;
    }

    /** @return the graph input's name as written in the model */
    public String inputName() {
        return inputName;
    }

    /** @return the input shape the model declares, -1 for a symbolic or unknown dimension */
    public long[] declaredInputShape() {
        return declaredInputShape.clone();
    }

    /** @return the name of the graph output networks expose (the first one) */
    public String outputName() {
        return outputName;
    }

    /** @return the ONNX opset of the default domain */
    public long opset() {
        return GraphTranslator.opsetOf(proto);
    }

    /** @return the distinct operator types of the graph, sorted */
    public List<String> operators() {
        return operators;
    }

    /** @return the model's {@code metadata_props} entries, in the order the file lists them */
    public java.util.Map<String, String> metadata() {
        java.util.LinkedHashMap<String, String> m = new java.util.LinkedHashMap<>();
        for (Onnx.StringStringEntryProto e : proto.getMetadataPropsList()) {
            m.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(m);
    }

    /** @return how many nodes use each operator type, sorted by operator */
    public java.util.Map<String, Integer> operatorCounts() {
        TreeMap<String, Integer> m = new TreeMap<>();
        for (Onnx.NodeProto n : proto.getGraph().getNodeList()) {
            m.merge(n.getOpType(), 1, Integer::sum);
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * The input shape with symbolic dimensions filled in.
     *
     * @param batch images per call, used for a symbolic first dimension
     * @param height rows, used for a symbolic third dimension
     * @param width columns, used for a symbolic fourth dimension
     * @return a fully static shape; declared dimensions must agree or an exception says which differs
     */
    public long[] inputShapeFor(int batch, int height, int width) {
        long[] want = {batch, 3, height, width};
        if (declaredInputShape.length != 4) {
            throw new IllegalArgumentException("the model input '" + inputName + "' has shape "
                    + Arrays.toString(declaredInputShape) + ", not NCHW");
        }
        long[] s = new long[4];
        for (int i = 0; i < 4; i++) {
            long d = declaredInputShape[i];
            if (d > 0 && d != want[i] && i != 0) {
                throw new IllegalArgumentException("the model input '" + inputName + "' declares shape "
                        + Arrays.toString(declaredInputShape) + " but " + Arrays.toString(want) + " was asked for");
            }
            s[i] = want[i];
        }
        return s;
    }

    /**
     * Builds a network for one static input shape. Declared dimensions are not enforced for the
     * batch axis: PyTorch exports fix it, but convolutional graphs work for any batch size unless a
     * Reshape hard-codes it (which then fails here, naming the node).
     *
     * <p>Building a network with an objective prints one line per differentiated op ("Added
     * differentiated op ...") to {@code System.out}: nd4j 1.0.0-M2.1's {@code SameDiff.createGradFunction}
     * calls {@code System.out.println} unconditionally, with no logger or setting in front of it.
     *
     * @param inputShape the input shape, every dimension &gt; 0
     * @param objective what {@link OnnxNetwork#gradient} differentiates, or null for a forward-only network
     * @return a new network; not thread-safe: one call at a time (see {@link OnnxNetwork})
     * @throws OnnxImportException if the graph cannot be built for that shape
     */
    public OnnxNetwork network(long[] inputShape, Objective objective) {
        Objects.requireNonNull(inputShape, "inputShape");
        if (inputShape.length != declaredInputShape.length) {
            throw new IllegalArgumentException("input shape " + Arrays.toString(inputShape) + " has rank "
                    + inputShape.length + " but the model input has rank " + declaredInputShape.length);
        }
        for (long d : inputShape) {
            if (d <= 0) {
                throw new IllegalArgumentException("input shape must be positive but was " + Arrays.toString(inputShape));
            }
        }
        GraphTranslator.Head head = objective == null ? GraphTranslator.Head.NONE : switch (objective) {
            case WEIGHTED_SUM -> GraphTranslator.Head.WEIGHTED_SUM;
            case SOFTMAX_CROSS_ENTROPY -> GraphTranslator.Head.SOFTMAX_CROSS_ENTROPY;
            case SOFTMAX_CROSS_ENTROPY_AT_PREDICTION -> GraphTranslator.Head.SOFTMAX_CROSS_ENTROPY_AT_PREDICTION;
            case AWAY_FROM_SET -> GraphTranslator.Head.AWAY_FROM_SET;
            case EMD -> GraphTranslator.Head.EMD;
            case EMD_REFERENCE_CODE -> GraphTranslator.Head.EMD_REFERENCE_CODE;
        };
        return new OnnxNetwork(GraphTranslator.translate(proto, directory, inputShape.clone(), head, outputName), objective,
                source);
    }

    /** @return a list of the model's graph outputs */
    public List<String> outputNames() {
        List<String> out = new ArrayList<>();
        for (Onnx.ValueInfoProto v : proto.getGraph().getOutputList()) {
            out.add(v.getName());
        }
        return out;
    }

    @Override
    public String toString() {
        return "OnnxModel[" + source + ", opset " + opset() + ", input '" + inputName + "' " + Arrays.toString(declaredInputShape)
                + ", output '" + outputName + "', operators " + operators + "]";
    }
}
