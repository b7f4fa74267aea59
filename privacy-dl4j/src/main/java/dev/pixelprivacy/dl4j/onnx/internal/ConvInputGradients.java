package dev.pixelprivacy.dl4j.onnx.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
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
 * {@code conv2d_bp} becomes libnd4j's {@code deconv2d_tf} (TensorFlow's Conv2DBackpropInput: the
 * conv input's shape, the same weight array [kH, kW, iC, oC], the output gradient), which runs
 * oneDNN's convolution backward-data primitive: the adjoint of the forward convolution, so no
 * kernel flip. M2.1's {@code deconv2d_tf} needs square outputs (see {@link #supported}); other
 * convolutions keep {@code conv2d_bp}. Its shape function also refuses a strided remainder (an input
 * row or column past the last window, as in ResNet's even-sized stride-2 layers), which both of its
 * implementations handle: the rewritten op gives the shape itself and tells libnd4j to skip that
 * function ({@link InputGradient}).
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
            if (shape == null || !isConstant(vars, w) || (in.size() == 4 && !isConstant(vars, in.get(2)))
                    || !supported(shape, c)) {
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
            DeConv2DConfig dc = DeConv2DConfig.builder().kH(c.getKH()).kW(c.getKW()).sH(c.getSH()).sW(c.getSW())
                    .pH(c.getPH()).pW(c.getPW()).dH(1).dW(1).isSameMode(false).dataFormat(c.isNHWC() ? "NHWC" : "NCHW")
                    .build();
            SDVariable shapeVar = grad.constant(op.getName() + "_input_shape", Nd4j.createFromArray(shape));
            InputGradient ig = new InputGradient(dc, shape);
            ig.setSameDiff(grad);
            ig.setOwnName(op.getName());
            op.setOp(ig);
            // inputs: drop x (and the bias); the weights stay, now second; the shape comes first
            for (int i = 0; i < in.size() - 1; i++) {
                if (i != 1) {
                    vars.get(in.get(i)).getInputsForOp().remove(op.getName());
                }
            }
            Variable sv = vars.get(shapeVar.name());
            sv.setInputsForOp(new ArrayList<>(List.of(op.getName())));
            op.setInputsToOp(new ArrayList<>(List.of(shapeVar.name(), w, gradOut)));
            for (int i = 1; i < out.size(); i++) {
                vars.remove(out.get(i));
            }
            op.setOutputsOfOp(new ArrayList<>(List.of(out.get(0))));
            count++;
        }
        ReluGradients.rewrite(grad);
        return count;
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
