package dev.pixelprivacy.bench.dl4j;

import dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder;
import dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder.Attribute;
import dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder.Dim;
import java.util.SplittableRandom;

/**
 * The layers the benchmark models ({@link ResNet50Onnx}, {@link SalGanOnnx}) are made of, with seeded
 * random weights, over privacy-dl4j's {@link OnnxModelBuilder}. Node outputs are named
 * {@code <node name>_output_0}, as PyTorch's exporter names them.
 */
final class SeededGraph {
    private final OnnxModelBuilder graph;
    private final SplittableRandom rnd;

    /**
     * @param name graph name
     * @param producer the model's producer name
     * @param seed seed of every random weight drawn through this graph
     */
    SeededGraph(String name, String producer, long seed) {
        this.graph = new OnnxModelBuilder(13).graphName(name).producer(producer);
        this.rnd = new SplittableRandom(seed);
    }

    /** @return the weights' random source, for tensors a model draws itself (BatchNorm statistics) */
    SplittableRandom random() {
        return rnd;
    }

    /**
     * Declares the image input {@code [batch, 3, height, width]} with symbolic batch, height and width.
     *
     * @param name input name
     * @return the name
     */
    String imageInput(String name) {
        graph.input(name, OnnxModelBuilder.dim("batch"), OnnxModelBuilder.dim(3), OnnxModelBuilder.dim("height"),
                OnnxModelBuilder.dim("width"));
        return name;
    }

    /**
     * @param op ONNX operator type
     * @param name node name
     * @param inputs input value names ("" for an omitted optional input)
     * @param attrs attributes
     * @return the node's output name
     */
    String node(String op, String name, String[] inputs, Attribute... attrs) {
        return node(op, name, name + "_output_0", inputs, attrs);
    }

    /**
     * @param op ONNX operator type
     * @param name node name
     * @param out the output value's name
     * @param inputs input value names ("" for an omitted optional input)
     * @param attrs attributes
     * @return {@code out}
     */
    String node(String op, String name, String out, String[] inputs, Attribute... attrs) {
        graph.namedNode(name, op, inputs, out, attrs);
        return out;
    }

    /**
     * @param name initializer name
     * @param data values, row-major
     * @param shape dimensions
     * @return the name
     */
    String initializer(String name, float[] data, long... shape) {
        graph.initializer(name, data, shape);
        return name;
    }

    /**
     * @param n how many values
     * @param bound half-width of the interval
     * @return n seeded values uniform in [-bound, bound)
     */
    float[] uniform(int n, float bound) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((2 * rnd.nextDouble() - 1) * bound);
        }
        return v;
    }

    /**
     * A square convolution (dilation 1, group 1, symmetric padding) with He-uniform weights, scaled
     * for a following ReLU so activations keep their magnitude through deep stacks.
     *
     * @param name node name
     * @param x input value
     * @param weight weight initializer name, shape [out, in, k, k]
     * @param bias bias initializer name (small uniform values), or null for none
     * @param in input channels
     * @param out output channels
     * @param k kernel size
     * @param stride stride
     * @param pad padding on every side
     * @return the output value name
     */
    String conv(String name, String x, String weight, String bias, int in, int out, int k, int stride, int pad) {
        float bound = (float) Math.sqrt(6.0 / (in * k * k));
        initializer(weight, uniform(out * in * k * k, bound), out, in, k, k);
        String[] inputs = bias == null ? new String[] {x, weight}
                : new String[] {x, weight, initializer(bias, uniform(out, 0.01f), out)};
        return node("Conv", name, inputs, OnnxModelBuilder.attr("kernel_shape", k, k),
                OnnxModelBuilder.attr("strides", stride, stride), OnnxModelBuilder.attr("pads", pad, pad, pad, pad),
                OnnxModelBuilder.attr("dilations", 1, 1), OnnxModelBuilder.attr("group", 1));
    }

    /**
     * @param name node name
     * @param x input value
     * @return the output value name
     */
    String relu(String name, String x) {
        return node("Relu", name, new String[] {x});
    }

    /**
     * @param output the graph output's value name
     * @param dims the output's dimensions
     * @return the serialised model, opset 13
     */
    byte[] model(String output, Dim... dims) {
        return graph.output(output, dims).toBytes();
    }
}
