package dev.pixelprivacy.dl4j.onnx;

import dev.pixelprivacy.dl4j.onnx.internal.GraphTranslator;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A SameDiff graph translated from an {@link OnnxModel} for one static input shape, with an optional
 * objective head. Computes the output for an input tensor, and the objective's value and gradient
 * with respect to the input (the network's weights are constants: no weight gradients).
 *
 * <p>Not thread-safe: a SameDiff session holds per-call state. Use one network per thread. Input and
 * objective weights are copied into arrays allocated once per network, and results are copied into
 * Java arrays before returning, so repeated calls allocate no new input buffers.
 */
public final class OnnxNetwork {
    private final SameDiff sd;
    private final long[] inputShape;
    private final long[] outputShape;
    private final Objective objective;
    private final List<String> operators;
    private final INDArray input;
    private final INDArray weights;

    OnnxNetwork(GraphTranslator.Translated t, Objective objective) {
        this.sd = t.sameDiff();
        this.inputShape = t.inputShape();
        this.outputShape = t.outputShape();
        this.objective = objective;
        this.operators = t.operators();
        this.input = Nd4j.create(DataType.FLOAT, inputShape);
        this.weights = objective == null ? null : Nd4j.create(DataType.FLOAT, outputShape);
        if (objective != null) {
            sd.createGradFunction(GraphTranslator.INPUT);
        }
    }

    /** @return the input shape this network was built for */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** @return the output shape */
    public long[] outputShape() {
        return outputShape.clone();
    }

    /** @return the objective {@link #gradient} differentiates, or null for a forward-only network */
    public Objective objective() {
        return objective;
    }

    /** @return the ONNX operator types of the graph, in order of first use */
    public List<String> operators() {
        return operators;
    }

    /** @return number of input values, the product of {@link #inputShape()} */
    public int inputLength() {
        return (int) product(inputShape);
    }

    /** @return number of output values, the product of {@link #outputShape()} */
    public int outputLength() {
        return (int) product(outputShape);
    }

    /**
     * Forward pass.
     *
     * @param x the input, row-major in {@link #inputShape()} (NCHW for images), in the model's own
     *     units (already normalised as the model expects)
     * @return the output, row-major in {@link #outputShape()}
     */
    public float[] output(float[] x) {
        load(input, x, "input");
        try {
            Map<String, INDArray> r = sd.output(Map.of(GraphTranslator.INPUT, input), GraphTranslator.OUTPUT);
            return copy(r.get(GraphTranslator.OUTPUT));
        } catch (RuntimeException e) {
            throw new OnnxImportException("forward pass failed for input shape " + Arrays.toString(inputShape) + ": " + e, e);
        }
    }

    /**
     * Forward and backward pass.
     *
     * @param x the input, row-major in {@link #inputShape()}
     * @param w the objective's weights, row-major in {@link #outputShape()} (see {@link Objective})
     * @return the output, the objective's value and d(objective)/d(x)
     * @throws IllegalStateException if the network was built without an objective
     */
    public Evaluation gradient(float[] x, float[] w) {
        if (objective == null) {
            throw new IllegalStateException("this network was built without an objective: forward only");
        }
        load(input, x, "input");
        load(weights, w, "objective weights");
        try {
            OutAndGrad r = sd.calculateGradientsAndOutputs(
                    Map.of(GraphTranslator.INPUT, input, GraphTranslator.WEIGHTS, weights),
                    List.of(GraphTranslator.OUTPUT, GraphTranslator.OBJECTIVE), List.of(GraphTranslator.INPUT));
            float[] out = copy(r.getOutputs().get(GraphTranslator.OUTPUT));
            double value = r.getOutputs().get(GraphTranslator.OBJECTIVE).getDouble(0);
            float[] grad = copy(r.getGradients().get(GraphTranslator.INPUT));
            return new Evaluation(out, value, grad);
        } catch (RuntimeException e) {
            throw new OnnxImportException("gradient failed for input shape " + Arrays.toString(inputShape) + ": " + e, e);
        }
    }

    /**
     * The result of {@link #gradient}.
     *
     * @param output the network output, row-major in {@link #outputShape()}
     * @param objective the objective's value
     * @param inputGradient d(objective)/d(input), row-major in {@link #inputShape()}
     */
    public record Evaluation(float[] output, double objective, float[] inputGradient) {
    }

    private static void load(INDArray target, float[] values, String what) {
        if (values == null || values.length != target.length()) {
            throw new IllegalArgumentException(what + " must hold " + target.length() + " values for shape "
                    + Arrays.toString(target.shape()) + " but held " + (values == null ? "null" : values.length));
        }
        target.data().setData(values);
    }

    private static float[] copy(INDArray a) {
        return a.reshape(a.length()).toFloatVector();
    }

    private static long product(long[] s) {
        long p = 1;
        for (long d : s) {
            p *= d;
        }
        return p;
    }

    @Override
    public String toString() {
        return "OnnxNetwork[input " + Arrays.toString(inputShape) + ", output " + Arrays.toString(outputShape)
                + ", objective " + objective + "]";
    }
}
