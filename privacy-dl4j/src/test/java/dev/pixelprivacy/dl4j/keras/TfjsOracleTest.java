package dev.pixelprivacy.dl4j.keras;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.dl4j.onnx.Objective;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.onnx.OnnxNetwork;
import dev.pixelprivacy.dl4j.testing.Fixtures;
import dev.pixelprivacy.dl4j.tools.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Keras import against TensorFlow.js itself: nsfwjs's trained MobileNetV2 (fixtures/keras/README.md)
 * on seven real photographs, through the Keras 2 {@code .h5} and through the TF.js {@code model.json}
 * with its uint8-quantised shards. TF.js computed the outputs and input gradients in Node; the tolerances
 * are the fixture's own: outputs within 1e-4 of the largest magnitude, gradients within 1e-3 relative L2
 * (a PyTorch rebuild agrees with TF.js to 3.2e-5).
 */
class TfjsOracleTest {
    private static final int N = 7;
    private static final int S = 224;
    private static final int CLASSES = 5;
    private static final int[] LABELS = {2, 2, 2, 2, 2, 2, 2};
    private static final Map<String, OnnxModel> MODELS = new ConcurrentHashMap<>();

    private static Path file(String route) {
        Path dir = Fixtures.kerasDir();
        return route.equals("h5") ? dir.resolve("nsfw_mobilenet_v2.h5") : dir.resolve("nsfw_mobilenet_v2.tfjs/model.json");
    }

    private static OnnxModel model(String route, KerasImport.Output output) {
        return MODELS.computeIfAbsent(route + output, k -> {
            try {
                return KerasImport.builder().output(output).build().load(file(route));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static Npy.Array npy(String what) {
        try {
            return Npy.read(Fixtures.kerasDir().resolve("nsfw_mobilenet_v2." + what + ".npy"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[] input() {
        return Fixtures.nhwcToNchw(npy("input").data(), N, S, S, 3);
    }

    private static float[] labelWeights() {
        float[] w = new float[N * CLASSES];
        for (int i = 0; i < N; i++) {
            w[i * CLASSES + LABELS[i]] = 1f;
        }
        return w;
    }

    private static float[] nhwcGradient(OnnxNetwork.Evaluation e) {
        return Fixtures.nchwToNhwc(e.inputGradient(), N, 3, S, S);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h5", "tfjs"})
    void probabilitiesAndTheirGradientMatchTensorFlowJs(String route) {
        OnnxModel m = model(route, KerasImport.Output.MODEL_OUTPUT);
        assertThat(m.declaredInputShape()).containsExactly(-1, 3, S, S);
        try (OnnxNetwork net = m.network(new long[] {N, 3, S, S}, Objective.WEIGHTED_SUM)) {
            OnnxNetwork.Evaluation e = net.gradient(input(), labelWeights());
            assertThat(Fixtures.maxAbsRelative(e.output(), npy("output").data())).isLessThan(1e-4);
            assertThat(Fixtures.relativeL2(nhwcGradient(e), npy("grad_top_prob").data())).isLessThan(1e-3);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h5", "tfjs"})
    void logitsAndCrossEntropyGradientMatchTensorFlowJs(String route) {
        OnnxModel m = model(route, KerasImport.Output.LOGITS);
        try (OnnxNetwork net = m.network(new long[] {N, 3, S, S}, Objective.SOFTMAX_CROSS_ENTROPY)) {
            OnnxNetwork.Evaluation e = net.gradient(input(), labelWeights());
            assertThat(Fixtures.maxAbsRelative(e.output(), npy("logits").data())).isLessThan(1e-4);
            assertThat(e.objective()).isCloseTo(0.7472707005217671, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(Fixtures.relativeL2(nhwcGradient(e), npy("grad").data())).isLessThan(1e-3);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h5", "tfjs"})
    void topLogitGradientMatchesTensorFlowJs(String route) {
        OnnxModel m = model(route, KerasImport.Output.LOGITS);
        try (OnnxNetwork net = m.network(new long[] {N, 3, S, S}, Objective.WEIGHTED_SUM)) {
            OnnxNetwork.Evaluation e = net.gradient(input(), labelWeights());
            assertThat(Fixtures.relativeL2(nhwcGradient(e), npy("grad_top_logit").data())).isLessThan(1e-3);
        }
    }
}
