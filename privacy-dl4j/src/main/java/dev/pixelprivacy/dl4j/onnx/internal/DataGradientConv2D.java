package dev.pixelprivacy.dl4j.onnx.internal;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.DeConv2DTF;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A SameDiff {@code conv2d} (NCHW, weights YXIO [kH, kW, iC, oC], explicit symmetric padding, no
 * dilation) whose derivative is the input gradient only. Its weights and bias are constants, so the
 * stock derivative ({@code conv2d_bp}) would compute weight and bias gradients nobody asks for, at
 * several times the cost of the forward convolution. Here the gradient with respect to the input is
 * the transposed convolution of the output gradient with the same weight array: libnd4j's
 * {@code deconv2d_tf} (TensorFlow's Conv2DBackpropInput: input shape, weights [kH, kW, iC, oC],
 * output gradient), which runs oneDNN's convolution backward-data primitive. The input shape is
 * given explicitly, so the rows and columns a strided convolution's last window leaves out (when
 * {@code (in + 2 pad - k)} is not a multiple of the stride) get their gradient too; no kernel flip
 * is needed, as the backward-data primitive is the adjoint of the forward one.
 *
 * <p>The weights and bias get no gradient. Use only where they are constants.
 */
final class DataGradientConv2D extends Conv2D {
    private final long[] inputShape;

    /**
     * @param sd the graph
     * @param inputs input [N, C, H, W], weights [kH, kW, C, O], optional bias [O]
     * @param config NCHW, YXIO weights, VALID padding mode with explicit pH/pW, dilation 1
     * @param inputShape the static input shape
     */
    DataGradientConv2D(SameDiff sd, SDVariable[] inputs, Conv2DConfig config, long[] inputShape) {
        super(sd, inputs, config);
        this.inputShape = inputShape.clone();
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        SameDiff sd = sameDiff;
        Conv2DConfig c = getConfig();
        DeConv2DConfig dc = DeConv2DConfig.builder().kH(c.getKH()).kW(c.getKW()).sH(c.getSH()).sW(c.getSW())
                .pH(c.getPH()).pW(c.getPW()).dH(1).dW(1).isSameMode(false).dataFormat("NCHW").build();
        SDVariable shape = sd.constant(sd.generateNewVarName("conv_input_shape", 0),
                Nd4j.createFromArray(inputShape));
        SDVariable dx = new InputGradient(sd, new SDVariable[] {shape, arg(1), gradients.get(0)}, dc).outputVariable();
        List<SDVariable> out = new ArrayList<>();
        out.add(dx);
        for (int i = 1; i < args().length; i++) {
            out.add(null); // constants: no gradient
        }
        return out;
    }

    /** {@code deconv2d_tf} whose output has the output gradient's data type (not the shape's). */
    static final class InputGradient extends DeConv2DTF {
        InputGradient(SameDiff sd, SDVariable[] inputs, DeConv2DConfig config) {
            super(sd, inputs, config);
        }

        @Override
        public List<DataType> calculateOutputDataTypes(List<DataType> dataTypes) {
            return List.of(dataTypes.get(2));
        }
    }
}
