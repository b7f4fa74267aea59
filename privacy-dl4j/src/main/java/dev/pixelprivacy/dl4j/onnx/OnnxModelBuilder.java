package dev.pixelprivacy.dl4j.onnx;

import dev.pixelprivacy.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import onnx.Onnx;
import org.nd4j.shade.protobuf.ByteString;

/**
 * Builds an ONNX model in Java: graph inputs and outputs, float and int64 initializers, nodes with
 * attributes, and the model's header (opset, IR version, producer, documentation, metadata). The
 * result is the serialised ModelProto ({@link #toBytes()}) or a file ({@link #write(Path)}), which
 * {@link OnnxModel} reads as it reads a user's export. Used to export trained networks and to build
 * test and benchmark models.
 *
 * <p>Everything is kept in the order it was added: inputs, outputs, initializers, nodes, a node's
 * attributes and the metadata entries. Tensors are float32 with little-endian raw data, or int64 in
 * {@code int64_data}. The same calls give the same bytes.
 *
 * <p>Not thread-safe; a builder may go on after {@link #toBytes()} and then gives the larger model.
 */
public final class OnnxModelBuilder {
    /** A node attribute; made by the static {@code attr} factories. */
    public static final class Attribute {
        private final Onnx.AttributeProto proto;

        private Attribute(Onnx.AttributeProto proto) {
            this.proto = proto;
        }

        @Override
        public String toString() {
            return "Attribute[" + proto.getName() + " " + proto.getType() + "]";
        }
    }

    /** A tensor value, for a Constant node's {@code value} attribute; made by {@link #floatTensor} or {@link #longTensor}. */
    public static final class Tensor {
        private final Onnx.TensorProto proto;

        private Tensor(Onnx.TensorProto proto) {
            this.proto = proto;
        }

        @Override
        public String toString() {
            return "Tensor[" + proto.getName() + " " + proto.getDimsList() + "]";
        }
    }

    /** One dimension of a graph input or output: a size or a symbolic name; made by {@link #dim}. */
    public static final class Dim {
        private final Onnx.TensorShapeProto.Dimension proto;

        private Dim(Onnx.TensorShapeProto.Dimension proto) {
            this.proto = proto;
        }

        @Override
        public String toString() {
            return proto.hasDimValue() ? Long.toString(proto.getDimValue()) : proto.getDimParam();
        }
    }

    private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder().setName("graph");
    private final Onnx.ModelProto.Builder model = Onnx.ModelProto.newBuilder().setIrVersion(8)
            .setProducerName("pixel-privacy");
    private int nodes;

    /**
     * @param opset the opset of the default ONNX domain the model declares (the importer supports 11 to 17)
     * @throws IllegalArgumentException if opset &lt; 1
     */
    public OnnxModelBuilder(long opset) {
        if (opset < 1) {
            throw new IllegalArgumentException("opset must be >= 1 but was " + opset);
        }
        model.addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset));
    }

    /**
     * @param name the graph's name (default "graph")
     * @return this
     */
    public OnnxModelBuilder graphName(String name) {
        graph.setName(Objects.requireNonNull(name, "name"));
        return this;
    }

    /**
     * @param version the ONNX IR version recorded in the model (default 8)
     * @return this
     */
    public OnnxModelBuilder irVersion(long version) {
        model.setIrVersion(version);
        return this;
    }

    /**
     * @param name the producer name recorded in the model (default "pixel-privacy")
     * @return this
     */
    public OnnxModelBuilder producer(String name) {
        model.setProducerName(Objects.requireNonNull(name, "name"));
        return this;
    }

    /**
     * @param name the producer name recorded in the model
     * @param version the producer's version
     * @return this
     */
    public OnnxModelBuilder producer(String name, String version) {
        model.setProducerName(Objects.requireNonNull(name, "name")).setProducerVersion(Objects.requireNonNull(version, "version"));
        return this;
    }

    /**
     * @param domain the model's domain, a reverse-DNS name
     * @param version the model's version
     * @return this
     */
    public OnnxModelBuilder modelDomainAndVersion(String domain, long version) {
        model.setDomain(Objects.requireNonNull(domain, "domain")).setModelVersion(version);
        return this;
    }

    /**
     * @param doc the model's documentation string
     * @return this
     */
    public OnnxModelBuilder docString(String doc) {
        model.setDocString(Objects.requireNonNull(doc, "doc"));
        return this;
    }

    /**
     * Adds a {@code metadata_props} entry ({@link OnnxModel#metadata()} reads them back).
     *
     * @param key the key
     * @param value the value
     * @return this
     */
    public OnnxModelBuilder metadata(String key, String value) {
        model.addMetadataProps(Onnx.StringStringEntryProto.newBuilder().setKey(Objects.requireNonNull(key, "key"))
                .setValue(Objects.requireNonNull(value, "value")));
        return this;
    }

    /**
     * Declares a float32 graph input of fixed dimensions.
     *
     * @param name the input's name
     * @param shape its dimensions
     * @return this
     */
    public OnnxModelBuilder input(String name, long... shape) {
        graph.addInput(floatValue(name, dims(shape)));
        return this;
    }

    /**
     * Declares a float32 graph input whose dimensions may be symbolic.
     *
     * @param name the input's name
     * @param dims its dimensions, from {@link #dim(long)} and {@link #dim(String)}
     * @return this
     */
    public OnnxModelBuilder input(String name, Dim... dims) {
        graph.addInput(floatValue(name, dims));
        return this;
    }

    /**
     * Declares a float32 graph output of unknown shape.
     *
     * @param name the output's name
     * @return this
     */
    public OnnxModelBuilder output(String name) {
        graph.addOutput(Onnx.ValueInfoProto.newBuilder().setName(Objects.requireNonNull(name, "name"))
                .setType(Onnx.TypeProto.newBuilder().setTensorType(Onnx.TypeProto.Tensor.newBuilder()
                        .setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE))));
        return this;
    }

    /**
     * Declares a float32 graph output whose dimensions may be symbolic.
     *
     * @param name the output's name
     * @param dims its dimensions, from {@link #dim(long)} and {@link #dim(String)}
     * @return this
     */
    public OnnxModelBuilder output(String name, Dim... dims) {
        graph.addOutput(floatValue(name, dims));
        return this;
    }

    /**
     * Adds a float32 initializer (a weight).
     *
     * @param name its name
     * @param data values, row-major, as many as the shape holds
     * @param shape dimensions
     * @return this
     * @throws IllegalArgumentException if the data does not fill the shape
     */
    public OnnxModelBuilder initializer(String name, float[] data, long... shape) {
        graph.addInitializer(floatTensor(name, data, shape).proto);
        return this;
    }

    /**
     * Adds an int64 initializer (a shape, axes, indices).
     *
     * @param name its name
     * @param data values, row-major, as many as the shape holds
     * @param shape dimensions
     * @return this
     * @throws IllegalArgumentException if the data does not fill the shape
     */
    public OnnxModelBuilder initializer(String name, long[] data, long... shape) {
        graph.addInitializer(longTensor(name, data, shape).proto);
        return this;
    }

    /**
     * Adds a single-output node named {@code /<op>_<i>}, i the number of nodes added before it.
     *
     * @param op the ONNX operator type
     * @param inputs input value names ("" for an omitted optional input)
     * @param output the output value's name
     * @param attributes its attributes
     * @return this
     */
    public OnnxModelBuilder node(String op, String[] inputs, String output, Attribute... attributes) {
        return namedNode("/" + op + "_" + nodes, op, inputs, new String[] {output}, attributes);
    }

    /**
     * Adds a node named {@code /<op>_<i>}, i the number of nodes added before it.
     *
     * @param op the ONNX operator type
     * @param inputs input value names ("" for an omitted optional input)
     * @param outputs output value names
     * @param attributes its attributes
     * @return this
     */
    public OnnxModelBuilder node(String op, String[] inputs, String[] outputs, Attribute... attributes) {
        return namedNode("/" + op + "_" + nodes, op, inputs, outputs, attributes);
    }

    /**
     * Adds a single-output node with a given name.
     *
     * @param name the node's name
     * @param op the ONNX operator type
     * @param inputs input value names ("" for an omitted optional input)
     * @param output the output value's name
     * @param attributes its attributes
     * @return this
     */
    public OnnxModelBuilder namedNode(String name, String op, String[] inputs, String output, Attribute... attributes) {
        return namedNode(name, op, inputs, new String[] {output}, attributes);
    }

    /**
     * Adds a node with a given name.
     *
     * @param name the node's name
     * @param op the ONNX operator type
     * @param inputs input value names ("" for an omitted optional input)
     * @param outputs output value names
     * @param attributes its attributes
     * @return this
     */
    public OnnxModelBuilder namedNode(String name, String op, String[] inputs, String[] outputs, Attribute... attributes) {
        Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setOpType(Objects.requireNonNull(op, "op"))
                .setName(Objects.requireNonNull(name, "name"));
        for (String o : outputs) {
            n.addOutput(o);
        }
        for (String i : inputs) {
            n.addInput(i);
        }
        for (Attribute a : attributes) {
            n.addAttribute(a.proto);
        }
        graph.addNode(n);
        nodes++;
        return this;
    }

    /** @return the serialised ModelProto */
    public byte[] toBytes() {
        return model.clone().setGraph(graph).build().toByteArray();
    }

    /**
     * Writes the serialised model atomically (a reader never sees a partial file).
     *
     * @param file where to write
     * @return the file
     * @throws IOException if it cannot be written
     */
    public Path write(Path file) throws IOException {
        byte[] bytes = toBytes();
        AtomicFiles.write(file, out -> out.write(bytes));
        return file;
    }

    // ---------------------------------------------------------------- values

    /**
     * @param name attribute name
     * @param v value
     * @return an INT attribute
     */
    public static Attribute attr(String name, long v) {
        return new Attribute(Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT)
                .setI(v).build());
    }

    /**
     * @param name attribute name
     * @param v value
     * @return a FLOAT attribute
     */
    public static Attribute attr(String name, float v) {
        return new Attribute(Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.FLOAT)
                .setF(v).build());
    }

    /**
     * @param name attribute name
     * @param v value
     * @return a STRING attribute (UTF-8)
     */
    public static Attribute attr(String name, String v) {
        return new Attribute(Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v)).build());
    }

    /**
     * @param name attribute name
     * @param v values
     * @return an INTS attribute
     */
    public static Attribute attr(String name, long... v) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name)
                .setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return new Attribute(a.build());
    }

    /**
     * @param name attribute name
     * @param t value
     * @return a TENSOR attribute
     */
    public static Attribute attr(String name, Tensor t) {
        return new Attribute(Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.TENSOR)
                .setT(t.proto).build());
    }

    /**
     * @param name tensor name
     * @param data values, row-major, as many as the shape holds
     * @param shape dimensions
     * @return a float32 tensor with little-endian raw data
     * @throws IllegalArgumentException if the data does not fill the shape
     */
    public static Tensor floatTensor(String name, float[] data, long... shape) {
        checkLength(name, data.length, shape);
        ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(b.array()));
        for (long d : shape) {
            t.addDims(d);
        }
        return new Tensor(t.build());
    }

    /**
     * @param name tensor name
     * @param data values, row-major, as many as the shape holds
     * @param shape dimensions
     * @return an int64 tensor (in {@code int64_data})
     * @throws IllegalArgumentException if the data does not fill the shape
     */
    public static Tensor longTensor(String name, long[] data, long... shape) {
        checkLength(name, data.length, shape);
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.INT64_VALUE);
        for (long v : data) {
            t.addInt64Data(v);
        }
        for (long d : shape) {
            t.addDims(d);
        }
        return new Tensor(t.build());
    }

    /**
     * @param size a fixed size
     * @return the dimension
     */
    public static Dim dim(long size) {
        return new Dim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(size).build());
    }

    /**
     * @param param the dimension's symbolic name ("batch", "N")
     * @return the dimension
     */
    public static Dim dim(String param) {
        return new Dim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam(Objects.requireNonNull(param, "param")).build());
    }

    private static Dim[] dims(long[] shape) {
        Dim[] d = new Dim[shape.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = dim(shape[i]);
        }
        return d;
    }

    private static Onnx.ValueInfoProto floatValue(String name, Dim... dims) {
        Onnx.TensorShapeProto.Builder s = Onnx.TensorShapeProto.newBuilder();
        for (Dim d : dims) {
            s.addDim(d.proto);
        }
        return Onnx.ValueInfoProto.newBuilder().setName(Objects.requireNonNull(name, "name")).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder()
                        .setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }

    private static void checkLength(String name, int length, long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (length != n) {
            throw new IllegalArgumentException(name + ": " + length + " values for shape " + Arrays.toString(shape));
        }
    }
}
