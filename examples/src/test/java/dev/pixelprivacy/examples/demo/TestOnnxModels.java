package dev.pixelprivacy.examples.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import onnx.Onnx;

/** Untrained ONNX networks of chosen shapes, for the tests of the tool's model-role checks. */
public final class TestOnnxModels {
    private TestOnnxModels() {}

    /**
     * A small CNN (one 3x3 block, global pooling, dense), seeded, written to a file.
     *
     * @param file where to write it
     * @param outputs logits (or probabilities) per image
     * @param softmax whether the output is a softmax
     * @param declaredInput the input dimensions to declare (-1 keeps a dimension symbolic), or null for [N, 3, H, W]
     * @return the file
     * @throws IOException if writing fails
     */
    public static Path write(Path file, int outputs, boolean softmax, long[] declaredInput) throws IOException {
        DemoCnn.Architecture a = new DemoCnn.Architecture(new int[] {4}, new int[] {3}, new int[] {1}, new int[] {1},
                new boolean[] {false}, Math.max(2, outputs), softmax);
        Onnx.ModelProto proto = DemoCnn.toOnnx(DemoCnn.initialise(a, 7), "test_net", "pixel-privacy tests", "untrained",
                Map.of());
        if (outputs == 1) {
            // The architecture wants two classes at least: keep the first row of the dense layer.
            Onnx.ModelProto.Builder b = proto.toBuilder();
            Onnx.GraphProto.Builder g = b.getGraphBuilder();
            for (int i = 0; i < g.getInitializerCount(); i++) {
                Onnx.TensorProto t = g.getInitializer(i);
                if (t.getName().equals("fc.weight") || t.getName().equals("fc.bias")) {
                    int keep = t.getName().equals("fc.weight") ? (int) t.getDims(1) : 1;
                    float[] v = new float[keep];
                    for (int k = 0; k < keep; k++) {
                        v[k] = t.getFloatDataCount() > 0 ? t.getFloatData(k)
                                : t.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).getFloat(4 * k);
                    }
                    g.setInitializer(i, t.getName().equals("fc.weight")
                            ? dev.pixelprivacy.dl4j.onnx.OnnxProtos.floatTensor(t.getName(), v, 1, keep)
                            : dev.pixelprivacy.dl4j.onnx.OnnxProtos.floatTensor(t.getName(), v, 1));
                }
            }
            g.getOutputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(1).setDimValue(1);
            proto = b.build();
        }
        if (declaredInput != null && declaredInput[2] > 0 && declaredInput[3] > 0) {
            // A network for that size only: Flatten straight after the convolution, no global pooling.
            Onnx.ModelProto.Builder b = proto.toBuilder();
            Onnx.GraphProto.Builder g = b.getGraphBuilder();
            String pooledInput = null;
            for (int i = 0; i < g.getNodeCount(); i++) {
                if (g.getNode(i).getOpType().equals("GlobalAveragePool")) {
                    pooledInput = g.getNode(i).getInput(0);
                    g.removeNode(i);
                    break;
                }
            }
            for (int i = 0; i < g.getNodeCount(); i++) {
                if (g.getNode(i).getOpType().equals("Flatten")) {
                    g.setNode(i, g.getNode(i).toBuilder().setInput(0, pooledInput));
                }
            }
            int features = (int) (4 * declaredInput[2] * declaredInput[3]);
            int classes = Math.max(2, outputs);
            float[] w = new float[classes * features];
            java.util.SplittableRandom r = new java.util.SplittableRandom(3);
            for (int k = 0; k < w.length; k++) {
                w[k] = (float) (r.nextDouble() - 0.5) / features;
            }
            for (int i = 0; i < g.getInitializerCount(); i++) {
                if (g.getInitializer(i).getName().equals("fc.weight")) {
                    g.setInitializer(i, dev.pixelprivacy.dl4j.onnx.OnnxProtos.floatTensor("fc.weight", w, classes, features));
                }
            }
            proto = b.build();
        }
        if (declaredInput != null) {
            Onnx.ModelProto.Builder b = proto.toBuilder();
            Onnx.TensorShapeProto.Builder shape = b.getGraphBuilder().getInputBuilder(0).getTypeBuilder()
                    .getTensorTypeBuilder().getShapeBuilder();
            for (int i = 0; i < declaredInput.length; i++) {
                if (declaredInput[i] > 0) {
                    shape.getDimBuilder(i).clearDimParam().setDimValue(declaredInput[i]);
                }
            }
            proto = b.build();
        }
        Files.write(file, proto.toByteArray());
        return file;
    }
}
