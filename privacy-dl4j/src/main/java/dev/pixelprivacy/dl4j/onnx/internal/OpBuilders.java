package dev.pixelprivacy.dl4j.onnx.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The op builders every front end shares: the SameDiff graph under construction and the constructions
 * whose gradients are exact where SameDiff's own ops are not (clip from relus, padding by concatenation,
 * selection and interpolation as products with constant matrices, softmax along any axis, dilated
 * kernels made dense). They know no file format: the ONNX front end ({@link GraphTranslator}) calls
 * them, and the Keras front end reaches them through it. Records the input shape of each dense
 * convolution for the data-only gradient rewrite ({@link ConvInputGradients}). Not thread-safe; one
 * instance builds one graph.
 */
final class OpBuilders {
    /** The graph under construction. */
    final SameDiff sd = SameDiff.create();
    private final Map<String, long[]> convInputShapes = new HashMap<>();
    private int counter;

    /** @return input shapes of the dense convolutions built so far, by their input variable's name */
    Map<String, long[]> convInputShapes() {
        return convInputShapes;
    }

    /** Records that the dense convolution on variable {@code input} sees a tensor of {@code shape}. */
    void recordConvInput(String input, long[] shape) {
        convInputShapes.put(input, shape.clone());
    }

    String name(String hint) {
        return "px_" + (counter++) + "_" + hint;
    }

    SDVariable var(Value v) {
        if (v.variable == null) {
            INDArray c = v.constant;
            if (!c.dataType().isFPType()) {
                c = c.castTo(DataType.FLOAT);
            }
            v.variable = sd.constant(name("const"), c);
        }
        return v.variable;
    }

    /**
     * clip(x, lo, hi) = hi - relu((hi - lo) - relu(x - lo)), built from relus whose gradients are exact.
     * Its derivative is 1 exactly where lo &lt; x &lt; hi and 0 at both bounds, PyTorch's convention for
     * hardtanh/ReLU6 (a plain lo + relu(x - lo) - relu(x - hi) would pass the gradient at x == hi).
     */
    SDVariable clip(SDVariable x, float lo, float hi) {
        boolean hasLo = lo != Float.NEGATIVE_INFINITY;
        boolean hasHi = hi != Float.POSITIVE_INFINITY;
        if (hasLo && hasHi) {
            SDVariable u = sd.nn().relu(x.sub(lo), 0);
            return sd.nn().relu(u.rsub(hi - lo), 0).rsub(hi);
        } else if (hasLo) {
            return sd.nn().relu(x.sub(lo), 0).add(lo);
        } else if (hasHi) {
            return sd.nn().relu(x.rsub(hi), 0).rsub(hi);
        }
        return sd.identity(x);
    }

    /** Pads axes 2 and 3 with a constant: begin/end as [b2, b3, e2, e3]; returns the padded tensor. */
    Value padSpatial(Value x, long[] pads, float value) {
        long[] begin = {0, 0, pads[0], pads[1]};
        long[] end = {0, 0, pads[2], pads[3]};
        return padConstant(x, begin, end, value);
    }

    /** Constant padding by concatenation with constant blocks: concat's gradient is a slice, exact. */
    Value padConstant(Value x, long[] begin, long[] end, float value) {
        SDVariable v = var(x);
        long[] shape = x.shape.clone();
        for (int ax = 0; ax < shape.length; ax++) {
            if (begin[ax] == 0 && end[ax] == 0) {
                continue;
            }
            List<SDVariable> parts = new ArrayList<>();
            if (begin[ax] > 0) {
                long[] s = shape.clone();
                s[ax] = begin[ax];
                parts.add(sd.constant(name("pad"), Nd4j.valueArrayOf(s, value, DataType.FLOAT)));
            }
            parts.add(v);
            if (end[ax] > 0) {
                long[] s = shape.clone();
                s[ax] = end[ax];
                parts.add(sd.constant(name("pad"), Nd4j.valueArrayOf(s, value, DataType.FLOAT)));
            }
            v = sd.concat(name("padded"), ax, parts.toArray(new SDVariable[0]));
            shape[ax] += begin[ax] + end[ax];
        }
        return Value.variable(v, shape);
    }

    static INDArray dilateKernel(INDArray w, long[] d) {
        long[] s = w.shape();
        long kh = (s[2] - 1) * d[0] + 1;
        long kw = (s[3] - 1) * d[1] + 1;
        INDArray out = Nd4j.zeros(DataType.FLOAT, s[0], s[1], kh, kw);
        for (int i = 0; i < s[2]; i++) {
            for (int j = 0; j < s[3]; j++) {
                out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(i * d[0]), NDArrayIndex.point(j * d[1]))
                        .assign(w.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.point(j)));
            }
        }
        return out;
    }

    /**
     * Softmax along one axis. nd4j 1.0.0-M2.1's softmax is wrong along axis 1 of a rank-4 tensor
     * (measured against ONNX Runtime: 34% off, and its gradient too), so any axis but the last is moved
     * last and back.
     */
    SDVariable softmaxAlong(SDVariable x, int ax, int rank) {
        if (ax == rank - 1) {
            return sd.nn().softmax(x, ax);
        }
        int[] perm = new int[rank];
        int p = 0;
        for (int i = 0; i < rank; i++) {
            if (i != ax) {
                perm[p++] = i;
            }
        }
        perm[rank - 1] = ax;
        int[] inv = new int[rank];
        for (int i = 0; i < rank; i++) {
            inv[perm[i]] = i;
        }
        return sd.permute(sd.nn().softmax(sd.permute(x, perm), rank - 1), inv);
    }

    /**
     * Picks {@code idx} along one axis as a product with a constant 0/1 matrix. SameDiff's gather
     * cannot be used: its gradient names a variable "transposeConcat", so a second gather in one
     * graph fails to differentiate (M2.1).
     */
    SDVariable select(SDVariable x, long[] shape, int ax, int[] idx) {
        float[] m = new float[(int) (shape[ax] * idx.length)];
        for (int o = 0; o < idx.length; o++) {
            m[idx[o] * idx.length + o] = 1f;
        }
        return applyAlongAxis(x, shape, ax, Nd4j.create(m, new long[] {shape[ax], idx.length}, 'c'));
    }

    /** Multiplies the tensor along one axis by a constant [in, out] matrix (moves the axis last and back). */
    SDVariable applyAlongAxis(SDVariable x, long[] shape, int ax, INDArray m) {
        int r = shape.length;
        int[] perm = new int[r];
        int p = 0;
        for (int i = 0; i < r; i++) {
            if (i != ax) {
                perm[p++] = i;
            }
        }
        perm[r - 1] = ax;
        boolean last = ax == r - 1;
        SDVariable t = last ? x : sd.permute(x, perm);
        long rows = 1;
        for (int i = 0; i < r; i++) {
            if (i != ax) {
                rows *= shape[i];
            }
        }
        SDVariable y = sd.mmul(sd.reshape(t, rows, shape[ax]), sd.constant(name("interp"), m));
        long[] ps = new long[r];
        for (int i = 0; i < r; i++) {
            ps[i] = shape[perm[i]];
        }
        ps[r - 1] = m.size(1);
        y = sd.reshape(y, ps);
        if (last) {
            return y;
        }
        int[] inv = new int[r];
        for (int i = 0; i < r; i++) {
            inv[perm[i]] = i;
        }
        return sd.permute(y, inv);
    }
}
