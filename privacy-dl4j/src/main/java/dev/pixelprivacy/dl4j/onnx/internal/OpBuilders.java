package dev.pixelprivacy.dl4j.onnx.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
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
        if (v.variable == null && v.nhwc != null) {
            v.variable = sd.permute(v.nhwc, 0, 3, 1, 2);
        } else if (v.variable == null) {
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

    /** @return {@code v} (a 4-D tensor) in NHWC order, permuted from NCHW the first time it is asked for */
    SDVariable nhwc(Value v) {
        if (v.nhwc == null) {
            v.nhwc = sd.permute(var(v), 0, 2, 3, 1);
        }
        return v.nhwc;
    }

    /**
     * A dense, undilated 2-D convolution with symmetric pads computed in NHWC order: oneDNN's NHWC
     * forward convolution, which skips the activation reorders its NCHW one makes on every call
     * (DL4J-RESULTS.md).
     *
     * @param x the input, NCHW shape [n, c, h, w]
     * @param w float weights [out, in, kH, kW]
     * @param b float bias [out] or null
     * @param s strides
     * @param pads [top, left, bottom, right], top = bottom and left = right
     * @return the output in NHWC order [n, oh, ow, out]
     */
    SDVariable conv2dNhwc(Value x, INDArray w, INDArray b, long[] s, long[] pads) {
        Conv2DConfig cfg = Conv2DConfig.builder().kH(w.size(2)).kW(w.size(3)).sH(s[0]).sW(s[1]).pH(pads[0]).pW(pads[1])
                .dH(1).dW(1).paddingMode(PaddingMode.VALID).dataFormat("NHWC").weightsFormat(WeightsFormat.YXIO).build();
        SDVariable xv = nhwc(x);
        SDVariable wv = sd.constant(name("w"), w.permute(2, 3, 1, 0).dup('c'));
        recordConvInput(xv.name(), new long[] {x.shape[0], x.shape[2], x.shape[3], x.shape[1]});
        return b == null ? sd.cnn().conv2d(xv, wv, cfg) : sd.cnn().conv2d(xv, wv, sd.constant(name("bias"), b), cfg);
    }

    /**
     * A 3x3 convolution (stride 1, pads 1) of the nearest 2x upsampling of {@code x}, computed on
     * {@code x} itself as a transposed convolution with stride 2, pads 1 and a 4x4 kernel: output row
     * {@code 2m + a} sees the upsampled rows {@code 2m + a - 1 .. 2m + a + 1}, which are input rows
     * {@code m - 1 + a} and {@code m + a} only, and the transposed convolution reaches those through its
     * taps {@code 3 - a} and {@code 1 - a}; so per axis the taps are sums of the 3x3 kernel's rows
     * {@code {2}, {1, 2}, {0, 1}, {0}}. 16 instead of 36 multiply-adds per input pixel and channel pair,
     * no upsampled copy of the input, one oneDNN op (the same result as a 2x2 convolution with four
     * output phases and {@code depth_to_space}, which measured 1.2x slower, DL4J-RESULTS.md). Equal to the
     * plain construction up to float summation order.
     *
     * @param x the low-resolution input, NCHW shape [n, c, h, w]
     * @param w float weights [out, c, 3, 3]
     * @param b float bias [out] or null
     * @param nhwc whether to compute (and return) in NHWC order
     * @return the output [n, out, 2h, 2w], or [n, 2h, 2w, out] in NHWC order
     */
    SDVariable upsampledConv3x3(Value x, INDArray w, INDArray b, boolean nhwc) {
        int cout = (int) w.size(0);
        int cin = (int) w.size(1);
        float[] k3 = w.dup('c').data().asFloat();
        // deconv2d's weights [4, 4, out, in]
        float[] k4 = new float[16 * cout * cin];
        int[][] taps = {{2}, {1, 2}, {0, 1}, {0}};
        for (int t = 0; t < 4; t++) {
            for (int u = 0; u < 4; u++) {
                for (int o = 0; o < cout; o++) {
                    for (int i = 0; i < cin; i++) {
                        int src = (o * cin + i) * 9;
                        float sum = 0;
                        for (int dy : taps[t]) {
                            for (int dx : taps[u]) {
                                sum += k3[src + dy * 3 + dx];
                            }
                        }
                        k4[((t * 4 + u) * cout + o) * cin + i] = sum;
                    }
                }
            }
        }
        DeConv2DConfig cfg = DeConv2DConfig.builder().kH(4).kW(4).sH(2).sW(2).pH(1).pW(1).dH(1).dW(1).isSameMode(false)
                .dataFormat(nhwc ? "NHWC" : "NCHW").build();
        SDVariable xv = nhwc ? nhwc(x) : var(x);
        SDVariable wv = sd.constant(name("w"), Nd4j.create(k4, new long[] {4, 4, cout, cin}, 'c'));
        return b == null ? sd.cnn().deconv2d(xv, wv, cfg) : sd.cnn().deconv2d(xv, wv, sd.constant(name("bias"), b), cfg);
    }

    /**
     * Max pooling in NHWC order with the op's own symmetric padding.
     *
     * @param x the input, NCHW shape
     * @param k kernel
     * @param s strides
     * @param pads [top, left, bottom, right], top = bottom &lt; kH and left = right &lt; kW
     * @return the output in NHWC order
     */
    SDVariable maxPool2dNhwc(Value x, long[] k, long[] s, long[] pads) {
        Pooling2DConfig cfg = Pooling2DConfig.builder().kH(k[0]).kW(k[1]).sH(s[0]).sW(s[1]).pH(pads[0]).pW(pads[1])
                .dH(1).dW(1).paddingMode(PaddingMode.VALID).isNHWC(true).type(Pooling2D.Pooling2DType.MAX)
                .divisor(Pooling2D.Divisor.INCLUDE_PADDING).build();
        return sd.cnn().maxPooling2d(nhwc(x), cfg);
    }

    /**
     * A 2-D convolution of NCHW {@code x}: dense, depthwise (group = input channels) or grouped. Dilated
     * kernels are made dense (nd4j's oneDNN convolution rejects dilations); symmetric pads are the op's
     * own, asymmetric ones (TensorFlow's {@code same}) are concatenated zeros.
     *
     * @param x the input [n, c, h, w]
     * @param w float weights [out, in / group, kH, kW]
     * @param b float bias [out] or null
     * @param s strides
     * @param d dilations
     * @param pads [top, left, bottom, right]
     * @param group groups
     * @return the output [n, out, oh, ow]
     */
    SDVariable conv2d(Value x, INDArray w, INDArray b, long[] s, long[] d, long[] pads, long group) {
        long[] ws = w.shape();
        long[] k = {ws[2], ws[3]};
        long cin = x.shape[1];
        if (d[0] != 1 || d[1] != 1) {
            // the oneDNN conv2d of nd4j 1.0.0-M2.1 rejects dilations ("could not create a descriptor for a
            // dilated convolution"): use the equivalent dense kernel with zeros between the taps
            w = dilateKernel(w, d);
            ws = w.shape();
            k = new long[] {ws[2], ws[3]};
            d = new long[] {1, 1};
        }
        long ph = 0;
        long pw = 0;
        Value xin = x;
        if (pads[0] == pads[2] && pads[1] == pads[3]) {
            ph = pads[0];
            pw = pads[1];
        } else {
            xin = padSpatial(x, pads, 0f);
        }
        Conv2DConfig cfg = Conv2DConfig.builder().kH(k[0]).kW(k[1]).sH(s[0]).sW(s[1]).pH(ph).pW(pw)
                .dH(d[0]).dW(d[1]).paddingMode(PaddingMode.VALID).dataFormat("NCHW")
                .weightsFormat(WeightsFormat.YXIO).build();
        SDVariable bias = b == null ? null : sd.constant(name("bias"), b);
        SDVariable xv = var(xin);
        SDVariable y;
        if (group == 1) {
            SDVariable wv = sd.constant(name("w"), w.permute(2, 3, 1, 0).dup('c'));
            y = bias == null ? sd.cnn().conv2d(xv, wv, cfg) : sd.cnn().conv2d(xv, wv, bias, cfg);
            recordConvInput(xv.name(), xin.shape);
        } else if (group == cin) {
            long mult = ws[0] / cin;
            INDArray dw = w.reshape('c', cin, mult, k[0], k[1]).permute(2, 3, 0, 1).dup('c');
            SDVariable wv = sd.constant(name("dw"), dw);
            y = bias == null ? sd.cnn().depthWiseConv2d(xv, wv, cfg) : sd.cnn().depthWiseConv2d(xv, wv, bias, cfg);
        } else {
            long gin = cin / group;
            long gout = ws[0] / group;
            SDVariable[] parts = new SDVariable[(int) group];
            for (int gi = 0; gi < group; gi++) {
                SDVariable xs = sd.slice(xv, new int[] {0, (int) (gi * gin), 0, 0},
                        (int) xin.shape[0], (int) gin, (int) xin.shape[2], (int) xin.shape[3]);
                INDArray wg = w.get(NDArrayIndex.interval(gi * gout, (gi + 1) * gout), NDArrayIndex.all(),
                        NDArrayIndex.all(), NDArrayIndex.all());
                SDVariable wv = sd.constant(name("w"), wg.permute(2, 3, 1, 0).dup('c'));
                SDVariable bg = b == null ? null
                        : sd.constant(name("bias"), b.get(NDArrayIndex.interval(gi * gout, (gi + 1) * gout)).dup());
                parts[gi] = bg == null ? sd.cnn().conv2d(xs, wv, cfg) : sd.cnn().conv2d(xs, wv, bg, cfg);
            }
            y = sd.concat(name("groups"), 1, parts);
        }
        return y;
    }

    /**
     * 2-D max or average pooling of NCHW {@code x}, with ONNX's pads and output size (windows past the
     * end, ceil mode, are padded too): max pooling pads with -MAX (or uses the op's own padding when it
     * is symmetric), average pooling with zeros and then rescales each window to its divisor: k*k with
     * {@code includePad}, else the samples inside the input.
     *
     * @param x the input [n, c, h, w]
     * @param k kernel
     * @param s strides
     * @param d dilations
     * @param pads [top, left, bottom, right]
     * @param out the output rows and columns
     * @param max max (else average) pooling
     * @param includePad whether an average counts the pads
     * @return the output [n, c, out[0], out[1]]
     */
    SDVariable pool2d(Value x, long[] k, long[] s, long[] d, long[] pads, long[] out, boolean max, boolean includePad) {
        long[] in = {x.shape[2], x.shape[3]};
        long[] extra = new long[2];
        for (int i = 0; i < 2; i++) {
            long need = (out[i] - 1) * s[i] + (k[i] - 1) * d[i] + 1;
            extra[i] = Math.max(0, need - (in[i] + pads[i] + pads[i + 2]));
        }
        long[] all = {pads[0], pads[1], pads[2] + extra[0], pads[3] + extra[1]};
        boolean anyPad = all[0] + all[1] + all[2] + all[3] > 0;
        // max pooling with symmetric pads (ResNet's stem): the op's own padding, which no window's
        // maximum ever takes, instead of concatenating -MAX blocks around the input (two copies of the
        // largest activation map forward, two slices backward)
        boolean ownPad = max && anyPad && all[0] == all[2] && all[1] == all[3] && all[0] < k[0] && all[1] < k[1];
        Value xin = anyPad && !ownPad ? padSpatial(x, all, max ? -Float.MAX_VALUE : 0f) : x;
        Pooling2DConfig cfg = Pooling2DConfig.builder().kH(k[0]).kW(k[1]).sH(s[0]).sW(s[1])
                .pH(ownPad ? all[0] : 0).pW(ownPad ? all[1] : 0)
                .dH(d[0]).dW(d[1]).paddingMode(PaddingMode.VALID).isNHWC(false)
                .type(max ? Pooling2D.Pooling2DType.MAX : Pooling2D.Pooling2DType.AVG)
                .divisor(Pooling2D.Divisor.INCLUDE_PADDING).build();
        SDVariable y = max ? sd.cnn().maxPooling2d(var(xin), cfg) : sd.cnn().avgPooling2d(var(xin), cfg);
        if (!max && anyPad) {
            // windows were averaged over k*k samples; rescale each to the ONNX divisor
            float[] corr = new float[(int) (out[0] * out[1])];
            boolean needed = false;
            for (int oy = 0; oy < out[0]; oy++) {
                long cy = windowCount(oy * s[0] - pads[0], k[0], in[0], includePad ? pads[0] : 0, includePad ? pads[2] : 0);
                for (int ox = 0; ox < out[1]; ox++) {
                    long cx = windowCount(ox * s[1] - pads[1], k[1], in[1], includePad ? pads[1] : 0, includePad ? pads[3] : 0);
                    corr[(int) (oy * out[1] + ox)] = (float) ((double) (k[0] * k[1]) / (cy * cx));
                    needed |= cy * cx != k[0] * k[1];
                }
            }
            if (needed) {
                y = y.mul(sd.constant(name("avg_divisor"), Nd4j.create(corr, new long[] {1, 1, out[0], out[1]}, 'c')));
            }
        }
        return y;
    }

    /** Samples of a window starting at {@code start} that fall inside [-padBegin, in + padEnd). */
    static long windowCount(long start, long k, long in, long padBegin, long padEnd) {
        long lo = Math.max(start, -padBegin);
        long hi = Math.min(start + k, in + padEnd);
        return Math.max(1, hi - lo);
    }
}
