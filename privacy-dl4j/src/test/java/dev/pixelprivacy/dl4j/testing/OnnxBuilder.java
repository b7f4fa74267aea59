package dev.pixelprivacy.dl4j.testing;

import dev.pixelprivacy.dl4j.onnx.OnnxProtos;
import java.util.Random;
import onnx.Onnx;
import org.nd4j.shade.protobuf.ByteString;

/** Builds small ONNX models in tests with the protobuf builders that ship in nd4j-api. */
public final class OnnxBuilder {
    private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder().setName("test");
    private final long opset;
    private int nodes;

    /** @param opset default-domain opset to declare */
    public OnnxBuilder(long opset) {
        this.opset = opset;
    }

    /** Declares a float32 graph input. */
    public OnnxBuilder input(String name, long... shape) {
        graph.addInput(valueInfo(name, Onnx.TensorProto.DataType.FLOAT_VALUE, shape));
        return this;
    }

    /** Declares a float32 graph output of unknown shape. */
    public OnnxBuilder output(String name) {
        graph.addOutput(Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE))));
        return this;
    }

    private static Onnx.ValueInfoProto valueInfo(String name, int type, long... shape) {
        Onnx.TensorShapeProto.Builder s = Onnx.TensorShapeProto.newBuilder();
        for (long d : shape) {
            s.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(type).setShape(s))).build();
    }

    /** Adds a float initializer (raw little-endian data). */
    public OnnxBuilder initializer(String name, float[] data, long... shape) {
        graph.addInitializer(floatTensor(name, data, shape));
        return this;
    }

    /** Adds an int64 initializer. */
    public OnnxBuilder initializer(String name, long[] data, long... shape) {
        graph.addInitializer(longTensor(name, data, shape));
        return this;
    }

    /** Adds a float initializer of seeded uniform values in [lo, hi). */
    public OnnxBuilder randomInitializer(String name, Random rnd, float lo, float hi, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * rnd.nextFloat();
        }
        return initializer(name, v, shape);
    }

    /** @return a float tensor proto */
    public static Onnx.TensorProto floatTensor(String name, float[] data, long... shape) {
        return OnnxProtos.floatTensor(name, data, shape);
    }

    /** @return an int64 tensor proto (int64_data field) */
    public static Onnx.TensorProto longTensor(String name, long[] data, long... shape) {
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.INT64_VALUE);
        for (long v : data) {
            t.addInt64Data(v);
        }
        for (long d : shape) {
            t.addDims(d);
        }
        return t.build();
    }

    /** Adds a node; attributes are given with the static factories below. */
    public OnnxBuilder node(String op, String[] inputs, String[] outputs, Onnx.AttributeProto... attrs) {
        Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setOpType(op).setName("/" + op + "_" + (nodes++));
        for (String i : inputs) {
            n.addInput(i);
        }
        for (String o : outputs) {
            n.addOutput(o);
        }
        for (Onnx.AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return this;
    }

    /** Adds a single-output node. */
    public OnnxBuilder node(String op, String output, String[] inputs, Onnx.AttributeProto... attrs) {
        return node(op, inputs, new String[] {output}, attrs);
    }

    public static Onnx.AttributeProto attr(String name, long v) {
        return OnnxProtos.attribute(name, v);
    }

    public static Onnx.AttributeProto attr(String name, float v) {
        return OnnxProtos.attribute(name, v);
    }

    public static Onnx.AttributeProto attr(String name, String v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v)).build();
    }

    public static Onnx.AttributeProto attr(String name, long... v) {
        return OnnxProtos.ints(name, v);
    }

    public static Onnx.AttributeProto attr(String name, Onnx.TensorProto t) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.TENSOR).setT(t).build();
    }

    /** @return the model proto */
    public Onnx.ModelProto build() {
        return Onnx.ModelProto.newBuilder().setIrVersion(8).setProducerName("pixel-privacy-test")
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph).build();
    }

    /** @return the serialised model */
    public byte[] bytes() {
        return build().toByteArray();
    }
}
