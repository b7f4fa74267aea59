package dev.pixelprivacy.dl4j.onnx.internal;

import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One ONNX value during translation: its static shape, whether it is floating point, and either a
 * constant known at load time (folded, never part of the graph unless a graph op consumes it) or a
 * SameDiff variable. A 4-D tensor of the NHWC translation ({@link GraphTranslator#NHWC_PROPERTY}) may
 * exist only as {@link #nhwc}, the same values in [n, h, w, c] order, while {@link #shape} stays the
 * ONNX (NCHW) shape; {@link OpBuilders#var} permutes it to NCHW when an op needs that.
 */
final class Value {
    final long[] shape;
    final boolean floating;
    final INDArray constant;
    SDVariable variable;
    SDVariable nhwc;

    private Value(long[] shape, boolean floating, INDArray constant, SDVariable variable) {
        this.shape = shape;
        this.floating = floating;
        this.constant = constant;
        this.variable = variable;
    }

    static Value constant(INDArray array) {
        return new Value(array.shape(), array.dataType().isFPType(), array, null);
    }

    static Value variable(SDVariable v, long[] shape) {
        return new Value(shape, true, null, v);
    }

    /** A tensor computed in NHWC order; {@code shape} is its NCHW shape. */
    static Value nhwc(SDVariable v, long[] nchwShape) {
        Value r = new Value(nchwShape, true, null, null);
        r.nhwc = v;
        return r;
    }

    boolean isConstant() {
        return constant != null;
    }

    int rank() {
        return shape.length;
    }

    long size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public String toString() {
        return (isConstant() ? "constant " : "tensor ") + Arrays.toString(shape);
    }
}
