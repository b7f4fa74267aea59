package dev.pixelprivacy.dl4j.onnx.internal;

import dev.pixelprivacy.dl4j.onnx.OnnxImportException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import onnx.Onnx;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Converts ONNX tensors into ND4J arrays. Two internal element types only: floating point tensors
 * become FLOAT, integer and boolean tensors become LONG (shape arithmetic), which is all the
 * supported operators need.
 */
public final class Tensors {
    private Tensors() {}

    /** ONNX TensorProto.DataType codes. */
    static final int FLOAT = 1, UINT8 = 2, INT8 = 3, UINT16 = 4, INT16 = 5, INT32 = 6, INT64 = 7,
            STRING = 8, BOOL = 9, FLOAT16 = 10, DOUBLE = 11, UINT32 = 12, UINT64 = 13;

    /** @return true if the ONNX element type is converted to FLOAT */
    static boolean isFloatType(int onnxType) {
        return onnxType == FLOAT || onnxType == FLOAT16 || onnxType == DOUBLE;
    }

    /** @return true if the ONNX element type is converted to LONG */
    static boolean isIntegerType(int onnxType) {
        return onnxType == UINT8 || onnxType == INT8 || onnxType == UINT16 || onnxType == INT16
                || onnxType == INT32 || onnxType == INT64 || onnxType == BOOL || onnxType == UINT32
                || onnxType == UINT64;
    }

    /**
     * @param t the tensor
     * @param modelDir directory of the model file, for external data; may be null
     * @return a FLOAT or LONG array of the tensor's shape
     */
    static INDArray toArray(Onnx.TensorProto t, Path modelDir) {
        long[] shape = new long[t.getDimsCount()];
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.getDims(i);
            n *= shape[i];
        }
        if (n > Integer.MAX_VALUE) {
            throw new OnnxImportException("tensor '" + t.getName() + "' has " + n + " elements, more than supported");
        }
        int type = t.getDataType();
        ByteBuffer raw = rawBytes(t, modelDir, n);
        int count = (int) n;
        if (raw != null && raw.remaining() < n * elementBytes(t)) {
            throw new OnnxImportException("tensor '" + t.getName() + "' holds " + raw.remaining()
                    + " bytes of raw data for " + n + " elements of " + elementBytes(t) + " bytes");
        }
        if (type == FLOAT && raw != null && count > 0) {
            // straight into the native buffer: no float[] copy of the weights on the Java heap
            INDArray a = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
            a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().put(raw.asFloatBuffer());
            return a;
        }
        if (isFloatType(type)) {
            float[] v = new float[count];
            if (raw != null) {
                for (int i = 0; i < count; i++) {
                    v[i] = switch (type) {
                        case FLOAT -> raw.getFloat(4 * i);
                        case DOUBLE -> (float) raw.getDouble(8 * i);
                        default -> halfToFloat(raw.getShort(2 * i));
                    };
                }
            } else if (type == FLOAT) {
                check(t, t.getFloatDataCount(), count);
                for (int i = 0; i < count; i++) {
                    v[i] = t.getFloatData(i);
                }
            } else if (type == DOUBLE) {
                check(t, t.getDoubleDataCount(), count);
                for (int i = 0; i < count; i++) {
                    v[i] = (float) t.getDoubleData(i);
                }
            } else {
                check(t, t.getInt32DataCount(), count);
                for (int i = 0; i < count; i++) {
                    v[i] = halfToFloat((short) t.getInt32Data(i));
                }
            }
            return Nd4j.create(v, shape, 'c');
        }
        if (isIntegerType(type)) {
            long[] v = new long[count];
            if (raw != null) {
                for (int i = 0; i < count; i++) {
                    v[i] = switch (type) {
                        case INT64, UINT64 -> raw.getLong(8 * i);
                        case INT32 -> raw.getInt(4 * i);
                        case UINT32 -> Integer.toUnsignedLong(raw.getInt(4 * i));
                        case INT16 -> raw.getShort(2 * i);
                        case UINT16 -> Short.toUnsignedInt(raw.getShort(2 * i));
                        case INT8 -> raw.get(i);
                        default -> Byte.toUnsignedInt(raw.get(i));
                    };
                }
            } else if (type == INT64) {
                check(t, t.getInt64DataCount(), count);
                for (int i = 0; i < count; i++) {
                    v[i] = t.getInt64Data(i);
                }
            } else if (type == UINT64 || type == UINT32) {
                check(t, t.getUint64DataCount(), count);
                for (int i = 0; i < count; i++) {
                    v[i] = t.getUint64Data(i);
                }
            } else {
                check(t, t.getInt32DataCount(), count);
                for (int i = 0; i < count; i++) {
                    v[i] = t.getInt32Data(i);
                }
            }
            return Nd4j.createFromArray(v).reshape('c', shape);
        }
        throw new OnnxImportException("tensor '" + t.getName() + "' has ONNX element type " + type
                + "; supported: float, float16, double, int8..int64, uint8..uint64, bool");
    }

    private static void check(Onnx.TensorProto t, int have, int want) {
        if (have != want) {
            throw new OnnxImportException("tensor '" + t.getName() + "' holds " + have + " values for "
                    + want + " elements");
        }
    }

    private static ByteBuffer rawBytes(Onnx.TensorProto t, Path modelDir, long count) {
        byte[] bytes;
        if (t.getDataLocation() == Onnx.TensorProto.DataLocation.EXTERNAL) {
            bytes = ExternalData.read(t, modelDir, count * elementBytes(t));
        } else if (!t.getRawData().isEmpty()) {
            // a view of the parsed model's bytes, not a copy
            return t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        } else {
            return null;
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** @return bytes per element of the tensor's type in raw data (an unsupported type fails later, by name) */
    private static long elementBytes(Onnx.TensorProto t) {
        return switch (t.getDataType()) {
            case DOUBLE, INT64, UINT64 -> 8;
            case FLOAT, INT32, UINT32 -> 4;
            case FLOAT16, INT16, UINT16 -> 2;
            default -> 1;
        };
    }

    /** IEEE 754 half precision to float. */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
