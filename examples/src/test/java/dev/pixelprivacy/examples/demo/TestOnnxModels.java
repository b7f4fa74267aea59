package dev.pixelprivacy.examples.demo;

import static dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder.attr;
import static dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder.dim;

import dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Untrained ONNX networks of chosen shapes, for the tests of the tool's model-role checks. */
public final class TestOnnxModels {
    private static final int FEATURES = 4;

    private TestOnnxModels() {}

    /**
     * A small CNN, seeded: Conv(3 -> 4, 3x3, same) + Relu, then global average pooling (or, for a
     * declared fixed height and width, a Flatten of the whole map: a network for that size only), Gemm
     * to {@code outputs}, optionally Softmax.
     *
     * @param file where to write it
     * @param outputs logits (or probabilities) per image, &gt;= 1
     * @param softmax whether the output is a softmax
     * @param declaredInput the input dimensions to declare (-1 keeps a dimension symbolic), or null for [N, 3, H, W]
     * @return the file
     * @throws IOException if writing fails
     */
    public static Path write(Path file, int outputs, boolean softmax, long[] declaredInput) throws IOException {
        SplittableRandom r = new SplittableRandom(7);
        boolean fixedSize = declaredInput != null && declaredInput[2] > 0 && declaredInput[3] > 0;
        int features = fixedSize ? (int) (FEATURES * declaredInput[2] * declaredInput[3]) : FEATURES;
        String[] names = {"N", "C", "H", "W"};
        OnnxModelBuilder.Dim[] in = new OnnxModelBuilder.Dim[4];
        for (int i = 0; i < 4; i++) {
            long d = declaredInput == null ? (i == 1 ? 3 : -1) : declaredInput[i];
            in[i] = d > 0 ? dim(d) : dim(names[i]);
        }
        OnnxModelBuilder b = new OnnxModelBuilder(13).graphName("test_net").producer("pixel-privacy tests")
                .docString("untrained").input("input", in)
                .initializer("conv.weight", uniform(r, FEATURES * 3 * 9, 0.5), FEATURES, 3, 3, 3)
                .initializer("conv.bias", uniform(r, FEATURES, 0.1), FEATURES)
                .initializer("fc.weight", uniform(r, outputs * features, 1.0 / features), outputs, features)
                .initializer("fc.bias", uniform(r, outputs, 0.1), outputs)
                .node("Conv", new String[] {"input", "conv.weight", "conv.bias"}, "conv",
                        attr("kernel_shape", 3L, 3), attr("pads", 1L, 1, 1, 1))
                .node("Relu", new String[] {"conv"}, "relu");
        String pooled = "relu";
        if (!fixedSize) {
            b.node("GlobalAveragePool", new String[] {"relu"}, "pool");
            pooled = "pool";
        }
        b.node("Flatten", new String[] {pooled}, "flat", attr("axis", 1L))
                .node("Gemm", new String[] {"flat", "fc.weight", "fc.bias"}, softmax ? "logits" : "output",
                        attr("transB", 1L));
        if (softmax) {
            b.node("Softmax", new String[] {"logits"}, "output", attr("axis", 1L));
        }
        return b.output("output", dim("N"), dim(outputs)).write(file);
    }

    private static float[] uniform(SplittableRandom r, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return v;
    }
}
