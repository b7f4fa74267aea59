package dev.pixelprivacy.bench.dl4j;

import static dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder.attr;
import static dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder.dim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds a network with the layout of SalGAN's generator (Pan et al. 2017; the saliency network of
 * METHOD.md section 2) as an ONNX model in Java, with seeded random weights, for timing the saliency
 * forward pass. Encoder: VGG-16's thirteen 3x3 convolutions conv1_1..conv5_3 with ReLU and 2x2 max
 * pooling after conv1_2, conv2_2, conv3_3 and conv4_3 (no final pooling, no fully connected layers).
 * Decoder, mirrored: uconv5_3..uconv1_1 (3x3, ReLU) with nearest-neighbour 2x upsampling (ONNX
 * {@code Resize}, as PyTorch exports {@code nn.Upsample(scale_factor=2)}) before each of the stages 4,
 * 3, 2 and 1, then a 1x1 convolution to one channel and a sigmoid. Convolutions have biases, as
 * VGG's do. At SalGAN's input of 192 rows x 256 columns the output is a [N, 1, 192, 256] map in
 * [0, 1]; any height and width divisible by 16 work.
 *
 * <p>The channel counts are VGG's (64, 128, 256, 512, 512) divided by {@code widthDivisor}; divisor
 * 1 is SalGAN's own size (about 40 G multiply-adds per 192x256 image, 15 in the encoder and 25 in
 * the decoder, against ResNet-50's 5.4 at 256x256), a larger divisor gives a small network of
 * the same depth and shape for tests.
 */
public final class SalGanOnnx {
    /** SalGAN's input rows. */
    public static final int HEIGHT = 192;
    /** SalGAN's input columns. */
    public static final int WIDTH = 256;

    private static final int[] CHANNELS = {64, 128, 256, 512, 512};
    private static final int[] CONVS = {2, 2, 3, 3, 3};

    private final SeededGraph g;
    private final int[] channels = new int[CHANNELS.length];

    private SalGanOnnx(int widthDivisor, long seed) {
        if (widthDivisor < 1 || CHANNELS[0] % widthDivisor != 0) {
            throw new IllegalArgumentException("widthDivisor must divide 64 (1, 2, 4, ..., 64) but was " + widthDivisor);
        }
        for (int i = 0; i < channels.length; i++) {
            channels[i] = CHANNELS[i] / widthDivisor;
        }
        this.g = new SeededGraph("salgan-generator", "pixel-privacy-bench", seed);
    }

    /**
     * @param widthDivisor divides every channel count: 1 for SalGAN's size, up to 64
     * @param seed seed of the weights
     * @return the serialised model (opset 13, input "input" [N, 3, H, W] with symbolic N, H, W, BGR minus the
     *     ImageNet mean in 0..255 units as {@code Preprocessing.salgan()} makes it; output "saliency"
     *     [N, 1, H, W])
     * @throws IllegalArgumentException if the divisor does not divide 64
     */
    public static byte[] build(int widthDivisor, long seed) {
        return new SalGanOnnx(widthDivisor, seed).model();
    }

    /**
     * Builds the model and writes it to a file.
     *
     * @param file where to write
     * @param widthDivisor divides every channel count (1 for SalGAN's size)
     * @param seed seed of the weights
     * @return the file
     * @throws IOException if it cannot be written
     */
    public static Path write(Path file, int widthDivisor, long seed) throws IOException {
        Files.write(file, build(widthDivisor, seed));
        return file;
    }

    private byte[] model() {
        String x = g.imageInput("input");
        int in = 3;
        for (int stage = 0; stage < CONVS.length; stage++) {
            if (stage > 0) {
                String p = "/encoder/pool" + stage + "/MaxPool";
                x = g.node("MaxPool", p, new String[] {x}, attr("kernel_shape", 2, 2),
                        attr("strides", 2, 2));
            }
            for (int i = 1; i <= CONVS[stage]; i++) {
                x = convRelu("encoder", "conv" + (stage + 1) + "_" + i, x, in, channels[stage]);
                in = channels[stage];
            }
        }
        String scales = g.initializer("upsample.scales", new float[] {1, 1, 2, 2}, 4);
        for (int stage = CONVS.length - 1; stage >= 0; stage--) {
            if (stage < CONVS.length - 1) {
                x = g.node("Resize", "/decoder/upsample" + (stage + 1) + "/Resize", new String[] {x, "", scales},
                        attr("coordinate_transformation_mode", "asymmetric"),
                        attr("mode", "nearest"), attr("nearest_mode", "floor"));
            }
            for (int i = CONVS[stage]; i >= 1; i--) {
                x = convRelu("decoder", "uconv" + (stage + 1) + "_" + i, x, in, channels[stage]);
                in = channels[stage];
            }
        }
        String out = g.conv("/decoder/output/Conv", x, "decoder.output.weight", "decoder.output.bias", in, 1, 1, 1, 0);
        String saliency = g.node("Sigmoid", "/decoder/Sigmoid", "saliency", new String[] {out});
        return g.model(saliency, dim("batch"), dim(1),
                dim("height"), dim("width"));
    }

    private String convRelu(String part, String layer, String x, int in, int out) {
        String p = "/" + part + "/" + layer;
        String c = g.conv(p + "/Conv", x, part + "." + layer + ".weight", part + "." + layer + ".bias", in, out, 3, 1, 1);
        return g.relu(p + "/Relu", c);
    }
}
