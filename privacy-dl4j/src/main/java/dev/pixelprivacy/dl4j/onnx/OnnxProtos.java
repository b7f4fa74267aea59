package dev.pixelprivacy.dl4j.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import onnx.Onnx;
import org.nd4j.shade.protobuf.ByteString;

/**
 * Small factories for building ONNX graphs in Java with the protobuf classes that ship in nd4j-api:
 * attributes, float tensors and dimensions. Used to export trained networks and to build test and
 * benchmark models that go through {@link OnnxModel} as a user's file would.
 */
public final class OnnxProtos {
    private OnnxProtos() {}

    /**
     * @param name attribute name
     * @param v value
     * @return an INT attribute
     */
    public static Onnx.AttributeProto attribute(String name, long v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT).setI(v).build();
    }

    /**
     * @param name attribute name
     * @param v value
     * @return a FLOAT attribute
     */
    public static Onnx.AttributeProto attribute(String name, float v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    /**
     * @param name attribute name
     * @param v value
     * @return a STRING attribute (UTF-8)
     */
    public static Onnx.AttributeProto attribute(String name, String v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v)).build();
    }

    /**
     * @param name attribute name
     * @param v values
     * @return an INTS attribute
     */
    public static Onnx.AttributeProto ints(String name, long... v) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name)
                .setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }

    /**
     * @param name tensor name
     * @param data values, row-major, as many as the shape holds
     * @param shape dimensions
     * @return a FLOAT tensor with little-endian raw data
     * @throws IllegalArgumentException if the data does not fill the shape
     */
    public static Onnx.TensorProto floatTensor(String name, float[] data, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (data.length != n) {
            throw new IllegalArgumentException(name + ": " + data.length + " values for shape " + Arrays.toString(shape));
        }
        ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(b.array()));
        for (long d : shape) {
            t.addDims(d);
        }
        return t.build();
    }

    /**
     * @param v size
     * @return a fixed dimension
     */
    public static Onnx.TensorShapeProto.Dimension dim(long v) {
        return Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(v).build();
    }

    /**
     * @param param the dimension's symbolic name
     * @return a symbolic dimension
     */
    public static Onnx.TensorShapeProto.Dimension dim(String param) {
        return Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam(param).build();
    }

    /**
     * @param name input or output name
     * @param dims its dimensions
     * @return a FLOAT tensor value info
     */
    public static Onnx.ValueInfoProto floatValue(String name, Onnx.TensorShapeProto.Dimension... dims) {
        Onnx.TensorShapeProto.Builder s = Onnx.TensorShapeProto.newBuilder();
        for (Onnx.TensorShapeProto.Dimension d : dims) {
            s.addDim(d);
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder()
                        .setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }
}
