package dev.pixelprivacy.dl4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.dl4j.testing.Fixtures;
import dev.pixelprivacy.dl4j.tools.Npy;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * PyTorch's own export of explicit padding ({@code F.pad} in constant, reflect and replicate modes):
 * every pad is computed by a {@code Shape -> ConstantOfShape -> Concat -> Reshape -> Slice -> Transpose
 * -> Reshape -> Cast} chain, which folds at load. Files and expected values in
 * {@code src/test/resources/onnx/torch_fpad/}, made by {@code make_torch_fpad.py} there with PyTorch
 * 1.13: outputs within 1e-5 of PyTorch's (relative to the largest), the input gradient of
 * {@code sum(y * w)} within 1e-5 relative L2 of PyTorch's float64 gradient (PyTorch's float32 one is
 * 1.1e-7 from it: the network is small and smooth enough that float32 noise is far below the bound).
 */
class TorchPadExportTest {

    private static Path dir() throws URISyntaxException {
        return Path.of(TorchPadExportTest.class.getResource("/onnx/torch_fpad/torch_fpad.onnx").toURI()).getParent();
    }

    @Test
    void pytorchFPadExportImportsAndMatchesPyTorch() throws IOException, URISyntaxException {
        Path d = dir();
        Npy.Array x = Npy.read(d.resolve("input.npy"));
        Npy.Array y = Npy.read(d.resolve("output.npy"));
        Npy.Array g64 = Npy.read(d.resolve("grad64.npy"));
        OnnxModel model = OnnxModel.load(d.resolve("torch_fpad.onnx"));
        assertThat(model.operators()).contains("ConstantOfShape", "Transpose", "Cast", "Pad");
        try (OnnxNetwork net = model.network(x.shape(), Objective.WEIGHTED_SUM)) {
            assertThat(net.outputShape()).containsExactly(y.shape());
            long[] os = net.outputShape();
            float[] w = new float[net.outputLength()];
            long plane = os[2] * os[3];
            for (int i = 0; i < w.length; i++) {
                w[i] = ((i / plane) % os[1] + 1) / 10f;
            }
            OnnxNetwork.Evaluation e = net.gradient(x.data(), w);
            assertThat(Fixtures.maxAbsRelative(e.output(), y.data())).as("output vs PyTorch").isLessThan(1e-5);
            assertThat(Fixtures.relativeL2(e.inputGradient(), g64.data())).as("input gradient vs PyTorch float64")
                    .isLessThan(1e-5);
        }
    }
}
