package dev.pixelprivacy.dl4j.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.dl4j.keras.NhwcReference.T;
import dev.pixelprivacy.dl4j.onnx.Objective;
import dev.pixelprivacy.dl4j.onnx.OnnxImportException;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.onnx.OnnxNetwork;
import dev.pixelprivacy.dl4j.testing.Fixtures;
import dev.pixelprivacy.dl4j.testing.OpCheck;
import dev.pixelprivacy.dl4j.testing.TfjsModelWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each supported Keras layer, imported from a TF.js layers model written here with seeded weights,
 * against an independent result: forward values against {@link NhwcReference} (naive channels-last
 * loops written from TensorFlow's definitions) within 1e-5 of the largest magnitude, input gradients
 * against central finite differences of the network itself within 1e-2 relative L2 (float32
 * differences with h = 1e-3), and TensorFlow's {@code same} padding against hand-computed values.
 */
class KerasLayerTest {
    private static final int N = 2;

    @TempDir
    Path dir;

    private int models;

    private OnnxModel load(TfjsModelWriter w, String output) throws IOException {
        return KerasImport.defaults().load(w.write(dir.resolve("m" + (models++)), output));
    }

    /** Runs the model on seeded input [N, h, w, c] and checks it against the reference and finite differences. */
    private void check(TfjsModelWriter writer, String output, int h, int w, int c, UnaryOperator<T> reference,
                       boolean spatialOutput) throws IOException {
        float[] nhwc = OpCheck.random((long) N * h * w * c, 11, -1f, 1f);
        T expected = reference.apply(T.of(nhwc, N, h, w, c));
        OnnxModel m = load(writer, output);
        try (OnnxNetwork net = m.network(new long[] {N, c, h, w}, Objective.WEIGHTED_SUM)) {
            float[] x = Fixtures.nhwcToNchw(nhwc, N, h, w, c);
            float[] y = net.output(x);
            float[] want = spatialOutput ? expected.nchw() : expected.flat();
            assertThat(y).hasSameSizeAs(want);
            assertThat(Fixtures.maxAbsRelative(y, want)).as("forward vs reference").isLessThan(1e-5);
            assertThat(OpCheck.gradientError(net, x, 5)).as("gradient vs central differences").isLessThan(1e-2);
        }
    }

    private static float[] rnd(long n, long seed) {
        return OpCheck.random(n, seed, -1f, 1f);
    }

    private static float[] positive(long n, long seed) {
        return OpCheck.random(n, seed, 0.5f, 1.5f);
    }

    @ParameterizedTest(name = "{0}x{0}, kernel {1}, stride {2}, dilation {3}, {4}, bias {5}")
    @CsvSource({"6, 3, 2, 1, same, true", "7, 3, 2, 1, same, false", "6, 2, 1, 1, same, true", "8, 4, 3, 1, same, true",
        "7, 3, 1, 2, same, true", "7, 3, 2, 1, valid, true"})
    void conv2dMatchesTensorFlow(int size, int k, int s, int d, String padding, boolean bias) throws IOException {
        float[] kernel = rnd((long) k * k * 3 * 4, 1);
        float[] b = rnd(4, 2);
        TfjsModelWriter w = TfjsModelWriter.withInput(size, size, 3).layer("Conv2D", "conv",
                "\"filters\": 4, \"kernel_size\": [" + k + ", " + k + "], \"strides\": [" + s + ", " + s + "], \"padding\": \"" + padding
                        + "\", \"dilation_rate\": [" + d + ", " + d + "], \"use_bias\": " + bias + ", \"activation\": \"linear\", "
                        + "\"data_format\": \"channels_last\"", "in")
                .weight("conv/kernel", kernel, k, k, 3, 4);
        if (bias) {
            w.weight("conv/bias", b, 4);
        }
        check(w, "conv", size, size, 3, x -> NhwcReference.conv(x, kernel, k, k, 4, bias ? b : null, s, d, padding.equals("same")), true);
    }

    @ParameterizedTest(name = "{0}x{0}, stride {1}, multiplier {2}, {3}")
    @CsvSource({"6, 2, 2, same", "7, 1, 1, same", "7, 2, 1, valid"})
    void depthwiseConv2dMatchesTensorFlow(int size, int s, int mult, String padding) throws IOException {
        float[] kernel = rnd(3L * 3 * 3 * mult, 3);
        float[] b = rnd(3L * mult, 4);
        TfjsModelWriter w = TfjsModelWriter.withInput(size, size, 3).layer("DepthwiseConv2D", "dw",
                "\"kernel_size\": [3, 3], \"strides\": [" + s + ", " + s + "], \"padding\": \"" + padding + "\", \"depth_multiplier\": "
                        + mult + ", \"use_bias\": true, \"activation\": \"relu\"", "in")
                .weight("dw/depthwise_kernel", kernel, 3, 3, 3, mult).weight("dw/bias", b, 3L * mult);
        check(w, "dw", size, size, 3, x -> NhwcReference.map(
                NhwcReference.depthwise(x, kernel, 3, 3, mult, b, s, 1, padding.equals("same")), v -> Math.max(0, v)), true);
    }

    @Test
    void separableConv2dIsDepthwiseThenPointwise() throws IOException {
        float[] dk = rnd(3 * 3 * 3 * 2, 5);
        float[] pk = rnd(6 * 5, 6);
        float[] b = rnd(5, 7);
        TfjsModelWriter w = TfjsModelWriter.withInput(6, 6, 3).layer("SeparableConv2D", "sep",
                "\"filters\": 5, \"kernel_size\": [3, 3], \"strides\": [2, 2], \"padding\": \"same\", \"depth_multiplier\": 2, "
                        + "\"use_bias\": true, \"activation\": \"linear\"", "in")
                .weight("sep/depthwise_kernel", dk, 3, 3, 3, 2).weight("sep/pointwise_kernel", pk, 1, 1, 6, 5).weight("sep/bias", b, 5);
        check(w, "sep", 6, 6, 3, x -> NhwcReference.conv(NhwcReference.depthwise(x, dk, 3, 3, 2, null, 2, 1, true), pk, 1, 1, 5, b, 1, 1,
                false), true);
    }

    private static T batchNorm(T x, float[] g, float[] be, float[] mean, float[] var, double eps) {
        double[] a = new double[x.c()];
        double[] b = new double[x.c()];
        for (int i = 0; i < a.length; i++) {
            a[i] = g[i] / Math.sqrt(var[i] + eps);
            b[i] = be[i] - mean[i] * a[i];
        }
        return NhwcReference.affine(x, a, b);
    }

    @Test
    void batchNormalizationUsesTheMovingStatistics() throws IOException {
        float[] g = positive(3, 8);
        float[] be = rnd(3, 9);
        float[] mean = rnd(3, 10);
        float[] var = positive(3, 11);
        TfjsModelWriter w = TfjsModelWriter.withInput(5, 5, 3).layer("BatchNormalization", "bn", "\"axis\": -1, \"epsilon\": 0.001", "in")
                .weight("bn/gamma", g, 3).weight("bn/beta", be, 3).weight("bn/moving_mean", mean, 3).weight("bn/moving_variance", var, 3);
        check(w, "bn", 5, 5, 3, x -> batchNorm(x, g, be, mean, var, 1e-3), true);
    }

    @Test
    void batchNormalizationAfterAConvolutionIsFoldedExactly() throws IOException {
        float[] kernel = rnd(3 * 3 * 3 * 4, 12);
        float[] mean = rnd(4, 13);
        float[] var = positive(4, 14);
        float[] be = rnd(4, 15);
        float[] ones = {1, 1, 1, 1};
        TfjsModelWriter w = TfjsModelWriter.withInput(6, 6, 3)
                .layer("Conv2D", "conv", "\"filters\": 4, \"kernel_size\": [3, 3], \"strides\": [2, 2], \"padding\": \"same\", "
                        + "\"use_bias\": false", "in")
                .layer("BatchNormalization", "bn", "\"axis\": 3, \"epsilon\": 0.001, \"scale\": false", "conv")
                .weight("conv/kernel", kernel, 3, 3, 3, 4).weight("bn/beta", be, 4).weight("bn/moving_mean", mean, 4)
                .weight("bn/moving_variance", var, 4);
        check(w, "bn", 6, 6, 3, x -> batchNorm(NhwcReference.conv(x, kernel, 3, 3, 4, null, 2, 1, true), ones, be, mean, var, 1e-3), true);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {"\"max_value\": null, \"negative_slope\": 0, \"threshold\": 0; 0; Infinity",
        "\"max_value\": 0.5, \"negative_slope\": 0, \"threshold\": 0; 0; 0.5",
        "\"max_value\": 6, \"negative_slope\": 0.2, \"threshold\": 0; 0.2; 6",
        "\"max_value\": 0.5, \"negative_slope\": 0.1, \"threshold\": 0; 0.1; 0.5"})
    void reluHonoursMaxValueAndNegativeSlope(String config, double slope, double max) throws IOException {
        TfjsModelWriter w = TfjsModelWriter.withInput(4, 4, 2).layer("ReLU", "relu", config, "in");
        check(w, "relu", 4, 4, 2, x -> NhwcReference.map(x, v -> Math.min(max, v >= 0 ? v : slope * v)), true);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {"\"max_value\": null, \"negative_slope\": 0, \"threshold\": 0.3; 0; Infinity; 0.3",
        "\"max_value\": 0.6, \"negative_slope\": 0, \"threshold\": -0.4; 0; 0.6; -0.4",
        "\"max_value\": null, \"negative_slope\": 0.2, \"threshold\": 0.25; 0.2; Infinity; 0.25",
        "\"max_value\": 0.7, \"negative_slope\": 0.1, \"threshold\": 0.2; 0.1; 0.7; 0.2"})
    void reluWithAThresholdFollowsKerasDefinition(String config, double slope, double max, double t) throws IOException {
        // keras.backend.relu: x * (x > t) clipped to [0, max_value], minus slope * relu(t - x)
        TfjsModelWriter w = TfjsModelWriter.withInput(4, 4, 2).layer("ReLU", "thresholded", config, "in");
        check(w, "thresholded", 4, 4, 2, x -> NhwcReference.map(x,
                v -> Math.min(max, Math.max(0, v > t ? v : 0)) - slope * Math.max(0, t - v)), true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu", "relu6", "sigmoid", "softmax", "tanh", "swish", "linear", "hard_sigmoid"})
    void activationsMatchTheirDefinitions(String act) throws IOException {
        // scaled by 4 first so that relu6 and hard_sigmoid reach both of their bounds
        TfjsModelWriter w = TfjsModelWriter.withInput(3, 4, 5).layer("Rescaling", "x4", "\"scale\": 4.0, \"offset\": 0.0", "in")
                .layer("Activation", "act", "\"activation\": \"" + act + "\"", "x4");
        UnaryOperator<T> f = x -> {
            T y = NhwcReference.map(x, v -> 4 * v);
            return switch (act) {
                case "relu" -> NhwcReference.map(y, v -> Math.max(0, v));
                case "relu6" -> NhwcReference.map(y, v -> Math.min(6, Math.max(0, v)));
                case "sigmoid" -> NhwcReference.map(y, v -> 1 / (1 + Math.exp(-v)));
                case "softmax" -> NhwcReference.softmax(y);
                case "tanh" -> NhwcReference.map(y, Math::tanh);
                case "swish" -> NhwcReference.map(y, v -> v / (1 + Math.exp(-v)));
                case "hard_sigmoid" -> NhwcReference.map(y, v -> Math.min(1, Math.max(0, 0.2 * v + 0.5)));
                default -> y;
            };
        };
        check(w, "act", 3, 4, 5, f, true);
    }

    @Test
    void softmaxLayerNormalisesTheChannelAxis() throws IOException {
        TfjsModelWriter w = TfjsModelWriter.withInput(3, 3, 4).layer("Softmax", "sm", "\"axis\": -1", "in");
        check(w, "sm", 3, 3, 4, NhwcReference::softmax, true);
    }

    @Test
    void zeroPadding2dPadsEachSideAsGiven() throws IOException {
        TfjsModelWriter w = TfjsModelWriter.withInput(4, 5, 2).layer("ZeroPadding2D", "pad", "\"padding\": [[1, 2], [0, 3]]", "in");
        check(w, "pad", 4, 5, 2, x -> NhwcReference.zeroPad(x, 1, 2, 0, 3), true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Add", "Subtract", "Multiply", "Average", "Concatenate"})
    void mergeLayersCombineTwoBranches(String merge) throws IOException {
        TfjsModelWriter w = TfjsModelWriter.withInput(4, 4, 3)
                .layer("Rescaling", "a", "\"scale\": 2.0, \"offset\": 0.0", "in")
                .layer("Rescaling", "b", "\"scale\": -0.5, \"offset\": 0.25", "in")
                .layer(merge, "merged", merge.equals("Concatenate") ? "\"axis\": -1" : "", "a", "b");
        UnaryOperator<T> f = x -> {
            T a = NhwcReference.map(x, v -> 2 * v);
            T b = NhwcReference.map(x, v -> -0.5 * v + 0.25);
            return switch (merge) {
                case "Add" -> NhwcReference.zip(a, b, Double::sum);
                case "Subtract" -> NhwcReference.zip(a, b, (p, q) -> p - q);
                case "Multiply" -> NhwcReference.zip(a, b, (p, q) -> p * q);
                case "Average" -> NhwcReference.zip(a, b, (p, q) -> (p + q) / 2);
                default -> NhwcReference.concatChannels(a, b);
            };
        };
        check(w, "merged", 4, 4, 3, f, true);
    }

    @ParameterizedTest(name = "{0} {1}x{1}, pool {2}, stride {3}, {4}")
    @CsvSource({"MaxPooling2D, 6, 3, 2, same", "MaxPooling2D, 7, 2, 2, valid", "AveragePooling2D, 6, 3, 2, same",
        "AveragePooling2D, 7, 2, 2, same", "AveragePooling2D, 7, 3, 1, same", "AveragePooling2D, 7, 2, 2, valid"})
    void poolingMatchesTensorFlow(String cls, int size, int k, int s, String padding) throws IOException {
        TfjsModelWriter w = TfjsModelWriter.withInput(size, size, 2).layer(cls, "pool",
                "\"pool_size\": [" + k + ", " + k + "], \"strides\": [" + s + ", " + s + "], \"padding\": \"" + padding + "\"", "in");
        check(w, "pool", size, size, 2, x -> NhwcReference.pool(x, k, s, padding.equals("same"), cls.startsWith("Max")), true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GlobalAveragePooling2D", "GlobalMaxPooling2D"})
    void globalPoolingThenDenseWithSoftmax(String cls) throws IOException {
        float[] kernel = rnd(4 * 3, 16);
        float[] b = rnd(3, 17);
        TfjsModelWriter w = TfjsModelWriter.withInput(5, 6, 4).layer(cls, "gp", "", "in")
                .layer("Dropout", "drop", "\"rate\": 0.5", "gp")
                .layer("Dense", "fc", "\"units\": 3, \"activation\": \"softmax\", \"use_bias\": true", "drop")
                .weight("fc/kernel", kernel, 4, 3).weight("fc/bias", b, 3);
        check(w, "fc", 5, 6, 4, x -> NhwcReference.softmax(NhwcReference.dense(NhwcReference.global(x, cls.contains("Max")), kernel, b, 3)),
                false);
    }

    @Test
    void flattenKeepsKerasChannelsLastOrderForDense() throws IOException {
        float[] kernel = rnd(3 * 4 * 2 * 5, 18);
        float[] b = rnd(5, 19);
        TfjsModelWriter w = TfjsModelWriter.withInput(3, 4, 2).layer("Flatten", "flat", "", "in")
                .layer("Dense", "fc", "\"units\": 5, \"activation\": \"tanh\"", "flat")
                .weight("fc/kernel", kernel, 24, 5).weight("fc/bias", b, 5);
        check(w, "fc", 3, 4, 2, x -> NhwcReference.map(NhwcReference.dense(x, kernel, b, 5), Math::tanh), false);
    }

    @Test
    void reshapeToAFeatureMapReadsValuesInKerasOrder() throws IOException {
        // [3, 4, 2] -> [4, 3, 2]: the same row-major values, seen as another map; then back in the graph's layout
        TfjsModelWriter w = TfjsModelWriter.withInput(3, 4, 2).layer("Reshape", "rs", "\"target_shape\": [4, 3, -1]", "in");
        check(w, "rs", 3, 4, 2, x -> new T(x.n(), 4, 3, 2, x.v()), true);
    }

    @Test
    void reshapeToRank3KeepsKerasOrder() throws IOException {
        TfjsModelWriter w = TfjsModelWriter.withInput(3, 4, 2).layer("Reshape", "rs", "\"target_shape\": [12, 2]", "in");
        check(w, "rs", 3, 4, 2, x -> x, false);
    }

    @Test
    void rescalingScalesAndOffsets() throws IOException {
        TfjsModelWriter w = TfjsModelWriter.withInput(3, 3, 3).layer("Rescaling", "r", "\"scale\": 0.00784313725490196, \"offset\": -1", "in");
        check(w, "r", 3, 3, 3, x -> NhwcReference.map(x, v -> v / 127.5 - 1), true);
    }

    /**
     * The gradient of {@code sum(w * avgpool(x))} is exact arithmetic: each input sample gets
     * {@code w / count} from every window holding it, count the samples inside the image. Checked
     * against that adjoint (in doubles) within float32 rounding, at borders where windows hold fewer
     * samples (TF {@code same}: ONNX {@code count_include_pad = 0} with pads).
     */
    @ParameterizedTest(name = "{0}x{0}, pool {1}, stride {2}")
    @CsvSource({"7, 2, 2", "6, 3, 2", "7, 3, 1", "8, 3, 3"})
    void averagePoolingGradientDividesByTheSamplesInside(int size, int k, int s) throws IOException {
        TfjsModelWriter w = TfjsModelWriter.withInput(size, size, 1).layer("AveragePooling2D", "pool",
                "\"pool_size\": [" + k + ", " + k + "], \"strides\": [" + s + ", " + s + "], \"padding\": \"same\"", "in");
        int out = (size + s - 1) / s;
        int pt = NhwcReference.padBegin(size, k, s, 1, true);
        float[] wts = rnd((long) N * out * out, 21);
        double[] want = new double[N * size * size];
        for (int b = 0; b < N; b++) {
            for (int oy = 0; oy < out; oy++) {
                for (int ox = 0; ox < out; ox++) {
                    int y0 = Math.max(0, oy * s - pt);
                    int y1 = Math.min(size, oy * s - pt + k);
                    int x0 = Math.max(0, ox * s - pt);
                    int x1 = Math.min(size, ox * s - pt + k);
                    double g = wts[(b * out + oy) * out + ox] / (double) ((y1 - y0) * (x1 - x0));
                    for (int y = y0; y < y1; y++) {
                        for (int x = x0; x < x1; x++) {
                            want[(b * size + y) * size + x] += g;
                        }
                    }
                }
            }
        }
        float[] wantF = new float[want.length];
        for (int i = 0; i < want.length; i++) {
            wantF[i] = (float) want[i];
        }
        try (OnnxNetwork net = load(w, "pool").network(new long[] {N, 1, size, size}, Objective.WEIGHTED_SUM)) {
            float[] g = net.gradient(rnd((long) N * size * size, 22), wts).inputGradient();
            assertThat(Fixtures.relativeL2(g, wantF)).isLessThan(1e-6);
        }
    }

    // ---------------------------------------------------------------- TensorFlow's same padding, by hand

    private float[] runOne(TfjsModelWriter w, String out, int h, int wd, float[] hw) throws IOException {
        try (OnnxNetwork net = load(w, out).network(new long[] {1, 1, h, wd}, null)) {
            return net.output(hw);
        }
    }

    private static float[] ramp(int n, float sign) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = sign * (i + 1);
        }
        return v;
    }

    @Test
    void sameConvolutionWithStride2PadsOnlyAfterOnAnEvenInput() throws IOException {
        // 4x4 input 1..16, 3x3 ones kernel, stride 2: TF pads 0 before and 1 after (total 1), so the first
        // window is rows 0-2, columns 0-2; a symmetric pad of 1 would give 1 + 2 + 5 + 6 = 14 there
        float[] ones = new float[9];
        java.util.Arrays.fill(ones, 1f);
        TfjsModelWriter w = TfjsModelWriter.withInput(4, 4, 1).layer("Conv2D", "c",
                "\"filters\": 1, \"kernel_size\": [3, 3], \"strides\": [2, 2], \"padding\": \"same\", \"use_bias\": false", "in")
                .weight("c/kernel", ones, 3, 3, 1, 1);
        assertThat(runOne(w, "c", 4, 4, ramp(16, 1))).containsExactly(54f, 45f, 72f, 54f);
    }

    @Test
    void sameAveragePoolingDividesByTheSamplesInside() throws IOException {
        // 3x3 input 1..9, 2x2 windows, stride 2: pads 0 before, 1 after; the windows hold 4, 2, 2 and 1 samples
        TfjsModelWriter w = TfjsModelWriter.withInput(3, 3, 1).layer("AveragePooling2D", "p",
                "\"pool_size\": [2, 2], \"strides\": [2, 2], \"padding\": \"same\"", "in");
        assertThat(runOne(w, "p", 3, 3, ramp(9, 1))).containsExactly(3f, 4.5f, 7.5f, 9f);
    }

    @Test
    void sameMaxPoolingNeverTakesThePadding() throws IOException {
        // 4x4 input -1..-16, 3x3 windows, stride 2: the last window covers rows and columns 2-3 and a pad of one
        TfjsModelWriter w = TfjsModelWriter.withInput(4, 4, 1).layer("MaxPooling2D", "p",
                "\"pool_size\": [3, 3], \"strides\": [2, 2], \"padding\": \"same\"", "in");
        assertThat(runOne(w, "p", 4, 4, ramp(16, -1))).containsExactly(-1f, -3f, -9f, -11f);
    }

    @Test
    void sameDepthwiseConvolutionWithAnEvenKernelPadsAfter() throws IOException {
        // 3x3 input 1..9, 2x2 ones kernel, stride 1: total pad 1, all of it after
        TfjsModelWriter w = TfjsModelWriter.withInput(3, 3, 1).layer("DepthwiseConv2D", "d",
                "\"kernel_size\": [2, 2], \"strides\": [1, 1], \"padding\": \"same\", \"use_bias\": false", "in")
                .weight("d/depthwise_kernel", new float[] {1, 1, 1, 1}, 2, 2, 1, 1);
        assertThat(runOne(w, "d", 3, 3, ramp(9, 1))).containsExactly(12f, 16f, 9f, 24f, 28f, 15f, 15f, 17f, 9f);
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void lambdaLayersAreRefusedByNameAndNeverRun() {
        TfjsModelWriter w = TfjsModelWriter.withInput(4, 4, 3)
                .layer("Lambda", "preprocess", "\"function\": [\"4wEAAAAAAAAAAQAAAAMAAABTAAAAcw==\", null, null], \"function_type\": \"lambda\"", "in")
                .layer("MyCustomLayer", "custom", "", "preprocess");
        assertThatThrownBy(() -> load(w, "custom")).isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("'preprocess' (Lambda)").hasMessageContaining("'custom' (MyCustomLayer)")
                .hasMessageContaining("model.json").hasMessageContaining("never executed").hasMessageContaining("SeparableConv2D");
    }

    @Test
    void channelsFirstLayersAreRefused() {
        TfjsModelWriter w = TfjsModelWriter.withInput(4, 4, 3).layer("MaxPooling2D", "p", "\"data_format\": \"channels_first\"", "in");
        assertThatThrownBy(() -> load(w, "p")).isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("layer 'p' (MaxPooling2D)").hasMessageContaining("channels_last");
    }

    @Test
    void logitsOfAModelWithoutSoftmaxAreRefused() {
        TfjsModelWriter w = TfjsModelWriter.withInput(4, 4, 3).layer("GlobalAveragePooling2D", "gap", "", "in");
        assertThatThrownBy(() -> KerasImport.builder().output(KerasImport.Output.LOGITS).build().load(w.write(dir.resolve("l"), "gap")))
                .isInstanceOf(OnnxImportException.class).hasMessageContaining("'gap'").hasMessageContaining("softmax");
    }
}
