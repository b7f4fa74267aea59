package dev.pixelprivacy.dl4j.onnx.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2DDerivative;
import org.nd4j.linalg.api.ops.impl.layers.convolution.DeConv2DTF;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Rewrites a SameDiff gradient function so that convolutions with constant weights differentiate to
 * their input only. SameDiff differentiates {@code conv2d} into {@code conv2d_bp}, which always
 * computes the weight and bias gradients as well, at several times the cost of the forward
 * convolution; our weights are constants and nobody asks for those gradients. Each such
 * {@code conv2d_bp} is replaced by an op that computes the input gradient alone:
 * <ul>
 *   <li>stride 1 (pads at most k - 1): a forward {@code conv2d} of the output gradient with the kernel
 *       turned by 180 degrees and its channels swapped ({@link #adjoint}, a constant), pads k - 1 - p,
 *       any input shape. oneDNN's forward kernel, which in NHWC skips the activation reorders, instead
 *       of its backward-data one ({@link #adjointIsConvolution});</li>
 *   <li>otherwise libnd4j's {@code deconv2d_tf} (TensorFlow's Conv2DBackpropInput: the conv input's
 *       shape, the same weight array [kH, kW, iC, oC], the output gradient), which runs oneDNN's
 *       convolution backward-data primitive: the adjoint of the forward convolution, so no kernel
 *       flip. M2.1's {@code deconv2d_tf} needs square outputs (see {@link #supported}); other strided
 *       convolutions keep {@code conv2d_bp}. Its shape function also refuses a strided remainder (an
 *       input row or column past the last window, as in ResNet's even-sized stride-2 layers), which
 *       both of its implementations handle: the rewritten op gives the shape itself and tells libnd4j
 *       to skip that function ({@link InputGradient}).</li>
 * </ul>
 *
 * <p>Done as graph surgery after {@link SameDiff#createGradFunction}: SameDiff clones every op of
 * the forward graph by serialisation when it builds the gradient function, so an op subclass with
 * its own derivative would be replaced by the stock class. The rewritten op keeps its name and its
 * input-gradient output variable; the weight- and bias-gradient variables, which no op consumes, are
 * removed, and the forward input no longer feeds the backward op (its activation can be released
 * earlier).
 */
final class ConvInputGradients {
    private ConvInputGradients() {
    }

    /**
     * Rewrites the convolution gradients, and the ReLU gradients too ({@link ReluGradients}: the same
     * values by a faster kernel), so that a data-only gradient function comes from this one call.
     *
     * @param grad the gradient function ({@code sd.getFunction("grad")})
     * @param inputShapes static shape of each convolution's input, by variable name
     * @return how many {@code conv2d_bp} ops were rewritten
     */
    static int rewrite(SameDiff grad, Map<String, long[]> inputShapes) {
        int count = 0;
        Map<String, Variable> vars = grad.getVariables();
        for (SameDiffOp op : new ArrayList<>(grad.getOps().values())) {
            if (!(op.getOp() instanceof Conv2DDerivative d) || !op.getOp().getClass().equals(Conv2DDerivative.class)) {
                continue;
            }
            Conv2DConfig c = d.getConfig();
            List<String> in = op.getInputsToOp();
            List<String> out = op.getOutputsOfOp();
            if (c == null || c.getDH() != 1 || c.getDW() != 1 || c.getPaddingMode() != PaddingMode.VALID
                    || c.getWeightsFormat() != WeightsFormat.YXIO || in.size() < 3 || out.isEmpty()) {
                continue;
            }
            String x = in.get(0);
            String w = in.get(1);
            String gradOut = in.get(in.size() - 1);
            long[] shape = inputShapes.get(x);
            boolean adjoint = adjointIsConvolution(c);
            if (!isConstant(vars, w) || (in.size() == 4 && !isConstant(vars, in.get(2)))
                    || (!adjoint && (shape == null || !supported(shape, c)))) {
                continue;
            }
            boolean unused = true;
            for (int i = 1; i < out.size(); i++) {
                List<String> consumers = vars.get(out.get(i)).getInputsForOp();
                unused &= consumers == null || consumers.isEmpty();
            }
            if (!unused) {
                continue;
            }
            if (adjoint) {
                // stride 1: the input gradient is the forward convolution of the output gradient with the
                // kernel flipped and its channels swapped, padded by k - 1 - p (any input shape)
                INDArray wa = adjoint(vars.get(w).getVariable().getArr());
                SDVariable wv = grad.constant(op.getName() + "_adjoint_w", wa);
                Conv2DConfig ac = Conv2DConfig.builder().kH(c.getKH()).kW(c.getKW()).sH(1).sW(1)
                        .pH(c.getKH() - 1 - c.getPH()).pW(c.getKW() - 1 - c.getPW()).dH(1).dW(1)
                        .paddingMode(PaddingMode.VALID).dataFormat(c.isNHWC() ? "NHWC" : "NCHW")
                        .weightsFormat(WeightsFormat.YXIO).build();
                Conv2D conv = new Conv2D((INDArray[]) null, null, ac);
                conv.setSameDiff(grad);
                conv.setOwnName(op.getName());
                replace(vars, op, conv, List.of(gradOut, wv.name()), wv.name(), List.of(gradOut));
            } else {
                DeConv2DConfig dc = DeConv2DConfig.builder().kH(c.getKH()).kW(c.getKW()).sH(c.getSH()).sW(c.getSW())
                        .pH(c.getPH()).pW(c.getPW()).dH(1).dW(1).isSameMode(false)
                        .dataFormat(c.isNHWC() ? "NHWC" : "NCHW").build();
                SDVariable shapeVar = grad.constant(op.getName() + "_input_shape", Nd4j.createFromArray(shape));
                InputGradient ig = new InputGradient(dc, shape);
                ig.setSameDiff(grad);
                ig.setOwnName(op.getName());
                // the weights stay, now second; the shape comes first
                replace(vars, op, ig, List.of(shapeVar.name(), w, gradOut), shapeVar.name(), List.of(w, gradOut));
            }
            count++;
        }
        ReluGradients.rewrite(grad);
        return count;
    }

    /**
     * Puts {@code replacement} in the place of the {@code conv2d_bp} op: its inputs become {@code inputs}
     * (of which {@code added} is a new constant and {@code kept} were read by the op before), the forward
     * input, the bias and whatever else the op read no longer feed it, and only the input-gradient output
     * remains (the weight- and bias-gradient variables, which nothing reads, are removed).
     */
    private static void replace(Map<String, Variable> vars, SameDiffOp op, DifferentialFunction replacement,
                                List<String> inputs, String added, List<String> kept) {
        List<String> in = op.getInputsToOp();
        List<String> out = op.getOutputsOfOp();
        op.setOp(replacement);
        for (String s : new java.util.HashSet<>(in)) {
            if (!kept.contains(s)) {
                vars.get(s).getInputsForOp().remove(op.getName());
            }
        }
        vars.get(added).setInputsForOp(new ArrayList<>(List.of(op.getName())));
        op.setInputsToOp(new ArrayList<>(inputs));
        for (int i = 1; i < out.size(); i++) {
            vars.remove(out.get(i));
        }
        op.setOutputsOfOp(new ArrayList<>(List.of(out.get(0))));
    }

    /**
     * Whether the input gradient of convolution {@code c} is itself a forward convolution: stride 1 (the
     * caller has checked dilation 1) and pads at most {@code k - 1}, so that the adjoint's pads
     * {@code k - 1 - p} are not negative. The forward kernel (oneDNN's forward primitive, which in NHWC
     * skips the activation reorders) then replaces the backward-data one; measured per ResNet-50
     * convolution with {@code Dl4jKernels B R flip} (privacy-bench/DL4J-RESULTS.md).
     */
    static boolean adjointIsConvolution(Conv2DConfig c) {
        return c.getSH() == 1 && c.getSW() == 1 && c.getPH() <= c.getKH() - 1 && c.getPW() <= c.getKW() - 1;
    }

    /**
     * The weights of a stride-1 convolution's adjoint: {@code a[i, j, o, c] = w[kH - 1 - i, kW - 1 - j, c, o]}
     * for weights {@code w} [kH, kW, iC, oC] (YXIO): the kernel turned by 180 degrees and its input and
     * output channels swapped, C-contiguous [kH, kW, oC, iC].
     */
    static INDArray adjoint(INDArray w) {
        long kh = w.size(0);
        long kw = w.size(1);
        long ic = w.size(2);
        long oc = w.size(3);
        float[] src = w.dup('c').data().asFloat();
        float[] dst = new float[src.length];
        for (long i = 0; i < kh; i++) {
            for (long j = 0; j < kw; j++) {
                long from = ((kh - 1 - i) * kw + (kw - 1 - j)) * ic * oc;
                long to = (i * kw + j) * oc * ic;
                for (long c = 0; c < ic; c++) {
                    for (long o = 0; o < oc; o++) {
                        dst[(int) (to + o * ic + c)] = src[(int) (from + c * oc + o)];
                    }
                }
            }
        }
        return Nd4j.create(dst, new long[] {kh, kw, oc, ic}, 'c').castTo(w.dataType());
    }

    /**
     * Where {@code deconv2d_tf} of nd4j 1.0.0-M2.1 gives the conv2d input gradient ({@code inputShape}
     * in the convolution's data format, NCHW or NHWC): its oneDNN
     * implementation takes the output width from the output height, so it needs square outputs.
     * Elsewhere {@code conv2d_bp} stays. (A strided remainder is fine: {@link InputGradient}.)
     */
    static boolean supported(long[] inputShape, Conv2DConfig c) {
        int h = c.isNHWC() ? 1 : 2;
        long oh = (inputShape[h] + 2 * c.getPH() - c.getKH()) / c.getSH() + 1;
        long ow = (inputShape[h + 1] + 2 * c.getPW() - c.getKW()) / c.getSW() + 1;
        return oh == ow;
    }

    private static boolean isConstant(Map<String, Variable> vars, String name) {
        Variable v = vars.get(name);
        return v != null && v.getVariable().getVariableType() == VariableType.CONSTANT;
    }

    /**
     * {@code deconv2d_tf} whose output has the output gradient's data type (not the shape's) and the
     * static shape of the convolution's input. M2.1's shape function insists that the input size be
     * exactly {@code s * (out - 1) + k - 2 p}, which a strided remainder breaks, although the op itself
     * (oneDNN's backward-data primitive, and the generic {@code conv2dBP}) sizes its windows by the
     * floor as the forward convolution does. So the shape is given here and the op's context is told
     * to skip the shape function ({@code shapeFunctionOverride}); the input sizes the op reads come
     * from the shape array either way.
     */
    static final class InputGradient extends DeConv2DTF {
        private final long[] inputShape;

        InputGradient(DeConv2DConfig config, long[] inputShape) {
            super((INDArray[]) null, null, config);
            this.inputShape = inputShape.clone();
        }

        @Override
        public List<DataType> calculateOutputDataTypes(List<DataType> dataTypes) {
            return List.of(dataTypes.get(2));
        }

        @Override
        public List<LongShapeDescriptor> calculateOutputShape() {
            return calculateOutputShape(null);
        }

        @Override
        public List<LongShapeDescriptor> calculateOutputShape(OpContext oc) {
            DataType t = DataType.FLOAT;
            if (oc != null) {
                oc.shapeFunctionOverride(true);
                List<INDArray> in = oc.getInputArrays();
                if (in != null && in.size() > 2 && in.get(2).dataType().isFPType()) {
                    t = in.get(2).dataType();
                }
            }
            return List.of(LongShapeDescriptor.fromShape(inputShape, t));
        }
    }
}
