package dev.pixelprivacy.bench.dl4j;

import dev.pixelprivacy.dl4j.onnx.OnnxProtos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import onnx.Onnx;

/**
 * Builds torchvision's ResNet-50 as an ONNX model in Java, with seeded random weights: a 7x7 stride-2
 * stem, max pooling, bottleneck stages [3, 4, 6, 3] (1x1, 3x3 with the stride, 1x1 expanding by 4;
 * a 1x1 strided projection on the first block of each stage), global average pooling, flatten and a
 * fully connected layer. Every convolution is followed by a BatchNormalization node with its own
 * statistics, as a PyTorch export in eval mode without constant folding writes it, so the importer's
 * folding is exercised. Names follow PyTorch's exporter ({@code /layer1/layer1.0/conv1/Conv},
 * {@code onnx::Conv_497}).
 *
 * <p>Weights are He-scaled uniform values and BatchNorm statistics are drawn near (0, 1), so the
 * activations neither vanish nor explode through the 53 convolutions.
 */
public final class ResNet50Onnx {
    private static final int[] BLOCKS = {3, 4, 6, 3};
    private static final int[] WIDTHS = {64, 128, 256, 512};

    private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder().setName("resnet50");
    private final SplittableRandom rnd;
    private int counter;

    private ResNet50Onnx(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    /**
     * @param classes outputs of the final fully connected layer (365 for Places365)
     * @param seed seed of the weights
     * @return the model (opset 13, input "input" [N, 3, H, W] with symbolic N, H, W; output "logits")
     */
    public static Onnx.ModelProto build(int classes, long seed) {
        return new ResNet50Onnx(seed).model(classes);
    }

    /**
     * Builds the model and writes it to a file.
     *
     * @param file where to write
     * @param classes outputs of the final layer
     * @param seed seed of the weights
     * @return the file
     * @throws IOException if it cannot be written
     */
    public static Path write(Path file, int classes, long seed) throws IOException {
        Files.write(file, build(classes, seed).toByteArray());
        return file;
    }

    private Onnx.ModelProto model(int classes) {
        graph.addInput(Onnx.ValueInfoProto.newBuilder().setName("input").setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                        .setShape(Onnx.TensorShapeProto.newBuilder()
                                .addDim(OnnxProtos.dim("batch")).addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(3))
                                .addDim(OnnxProtos.dim("height")).addDim(OnnxProtos.dim("width"))))));
        String x = convBn("/conv1", "input", 3, 64, 7, 2, 3);
        x = relu("/relu", x);
        x = node("MaxPool", "/maxpool/MaxPool", new String[] {x},
                OnnxProtos.ints("kernel_shape", 3, 3), OnnxProtos.ints("strides", 2, 2), OnnxProtos.ints("pads", 1, 1, 1, 1));
        int in = 64;
        for (int stage = 0; stage < 4; stage++) {
            int width = WIDTHS[stage];
            for (int b = 0; b < BLOCKS[stage]; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                String p = "/layer" + (stage + 1) + "/layer" + (stage + 1) + "." + b;
                String y = relu(p + "/relu", convBn(p + "/conv1", x, in, width, 1, 1, 0));
                y = relu(p + "/relu_1", convBn(p + "/conv2", y, width, width, 3, stride, 1));
                y = convBn(p + "/conv3", y, width, width * 4, 1, 1, 0);
                String shortcut = x;
                if (b == 0) {
                    shortcut = convBn(p + "/downsample/downsample.0", x, in, width * 4, 1, stride, 0);
                }
                x = relu(p + "/relu_2", node("Add", p + "/Add", new String[] {y, shortcut}));
                in = width * 4;
            }
        }
        x = node("GlobalAveragePool", "/avgpool/GlobalAveragePool", new String[] {x});
        x = node("Flatten", "/Flatten", new String[] {x}, OnnxProtos.attribute("axis", 1));
        String w = initializer("fc.weight", uniform(classes * in, (float) (1 / Math.sqrt(in))), classes, in);
        String b = initializer("fc.bias", uniform(classes, (float) (1 / Math.sqrt(in))), classes);
        Onnx.NodeProto.Builder fc = Onnx.NodeProto.newBuilder().setOpType("Gemm").setName("/fc/Gemm")
                .addInput(x).addInput(w).addInput(b).addOutput("logits")
                .addAttribute(OnnxProtos.attribute("alpha", 1f)).addAttribute(OnnxProtos.attribute("beta", 1f)).addAttribute(OnnxProtos.attribute("transB", 1));
        graph.addNode(fc);
        graph.addOutput(Onnx.ValueInfoProto.newBuilder().setName("logits").setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                        .setShape(Onnx.TensorShapeProto.newBuilder().addDim(OnnxProtos.dim("batch"))
                                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(classes))))));
        return Onnx.ModelProto.newBuilder().setIrVersion(8).setProducerName("pixel-privacy-bench")
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph).build();
    }

    /** Conv without bias followed by BatchNormalization, as torchvision's conv-bn pairs export. */
    private String convBn(String prefix, String x, int in, int out, int k, int stride, int pad) {
        float bound = (float) Math.sqrt(6.0 / (in * k * k)); // He uniform for the following ReLU
        String w = initializer("onnx::Conv_" + (counter++), uniform(out * in * k * k, bound), out, in, k, k);
        String c = node("Conv", prefix + "/Conv", new String[] {x, w}, OnnxProtos.ints("kernel_shape", k, k),
                OnnxProtos.ints("strides", stride, stride), OnnxProtos.ints("pads", pad, pad, pad, pad), OnnxProtos.ints("dilations", 1, 1), OnnxProtos.attribute("group", 1));
        float[] gamma = new float[out];
        float[] beta = new float[out];
        float[] mean = new float[out];
        float[] var = new float[out];
        for (int i = 0; i < out; i++) {
            gamma[i] = 0.5f + 0.5f * (float) rnd.nextDouble();
            beta[i] = 0.1f * (float) (rnd.nextDouble() - 0.5);
            mean[i] = 0.1f * (float) (rnd.nextDouble() - 0.5);
            var[i] = 0.8f + 0.4f * (float) rnd.nextDouble();
        }
        String bn = prefix.replace("/conv", "/bn").replace("downsample.0", "downsample.1");
        String[] ins = {c, initializer(bn + ".weight", gamma, out), initializer(bn + ".bias", beta, out),
            initializer(bn + ".running_mean", mean, out), initializer(bn + ".running_var", var, out)};
        return node("BatchNormalization", bn + "/BatchNormalization", ins, OnnxProtos.attribute("epsilon", 1e-5f),
                OnnxProtos.attribute("momentum", 0.9f));
    }

    private String relu(String prefix, String x) {
        return node("Relu", prefix + "/Relu", new String[] {x});
    }

    private String node(String op, String name, String[] inputs, Onnx.AttributeProto... attrs) {
        String out = name + "_output_0";
        Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setOpType(op).setName(name).addOutput(out);
        for (String i : inputs) {
            n.addInput(i);
        }
        for (Onnx.AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return out;
    }

    private float[] uniform(int n, float bound) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((2 * rnd.nextDouble() - 1) * bound);
        }
        return v;
    }

    private String initializer(String name, float[] data, long... shape) {
        graph.addInitializer(OnnxProtos.floatTensor(name, data, shape));
        return name;
    }
}
