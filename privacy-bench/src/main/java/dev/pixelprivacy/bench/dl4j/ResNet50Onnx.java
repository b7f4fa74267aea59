package dev.pixelprivacy.bench.dl4j;

import static dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder.attr;
import static dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder.dim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

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

    private final SeededGraph g;
    private int counter;

    private ResNet50Onnx(long seed) {
        this.g = new SeededGraph("resnet50", "pixel-privacy-bench", seed);
    }

    /**
     * @param classes outputs of the final fully connected layer (365 for Places365)
     * @param seed seed of the weights
     * @return the serialised model (opset 13, input "input" [N, 3, H, W] with symbolic N, H, W; output "logits")
     */
    public static byte[] build(int classes, long seed) {
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
        Files.write(file, build(classes, seed));
        return file;
    }

    private byte[] model(int classes) {
        String x = convBn("/conv1", g.imageInput("input"), 3, 64, 7, 2, 3);
        x = g.relu("/relu/Relu", x);
        x = g.node("MaxPool", "/maxpool/MaxPool", new String[] {x},
                attr("kernel_shape", 3, 3), attr("strides", 2, 2), attr("pads", 1, 1, 1, 1));
        int in = 64;
        for (int stage = 0; stage < 4; stage++) {
            int width = WIDTHS[stage];
            for (int b = 0; b < BLOCKS[stage]; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                String p = "/layer" + (stage + 1) + "/layer" + (stage + 1) + "." + b;
                String y = g.relu(p + "/relu/Relu", convBn(p + "/conv1", x, in, width, 1, 1, 0));
                y = g.relu(p + "/relu_1/Relu", convBn(p + "/conv2", y, width, width, 3, stride, 1));
                y = convBn(p + "/conv3", y, width, width * 4, 1, 1, 0);
                String shortcut = x;
                if (b == 0) {
                    shortcut = convBn(p + "/downsample/downsample.0", x, in, width * 4, 1, stride, 0);
                }
                x = g.relu(p + "/relu_2/Relu", g.node("Add", p + "/Add", new String[] {y, shortcut}));
                in = width * 4;
            }
        }
        x = g.node("GlobalAveragePool", "/avgpool/GlobalAveragePool", new String[] {x});
        x = g.node("Flatten", "/Flatten", new String[] {x}, attr("axis", 1));
        float bound = (float) (1 / Math.sqrt(in));
        String w = g.initializer("fc.weight", g.uniform(classes * in, bound), classes, in);
        String b = g.initializer("fc.bias", g.uniform(classes, bound), classes);
        String logits = g.node("Gemm", "/fc/Gemm", "logits", new String[] {x, w, b}, attr("alpha", 1f),
                attr("beta", 1f), attr("transB", 1));
        return g.model(logits, dim("batch"), dim(classes));
    }

    /** Conv without bias followed by BatchNormalization, as torchvision's conv-bn pairs export. */
    private String convBn(String prefix, String x, int in, int out, int k, int stride, int pad) {
        String c = g.conv(prefix + "/Conv", x, "onnx::Conv_" + (counter++), null, in, out, k, stride, pad);
        SplittableRandom rnd = g.random();
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
        String[] ins = {c, g.initializer(bn + ".weight", gamma, out), g.initializer(bn + ".bias", beta, out),
            g.initializer(bn + ".running_mean", mean, out), g.initializer(bn + ".running_var", var, out)};
        return g.node("BatchNormalization", bn + "/BatchNormalization", ins, attr("epsilon", 1e-5f),
                attr("momentum", 0.9f));
    }
}
