package dev.pixelprivacy.dl4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.pixelprivacy.dl4j.testing.Fixtures;
import dev.pixelprivacy.dl4j.testing.Fixtures.Fixture;
import dev.pixelprivacy.dl4j.testing.OpCheck;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The importer against PyTorch itself: every fixture's output and input gradient, as PyTorch computed
 * them. Tolerances are the fixtures' own (README): outputs within 1e-4 of the largest magnitude
 * (float32 summation order differs between the engines), gradients within 1e-3 relative L2 error.
 *
 * <p>A gradient is discontinuous where a ReLU/ReLU6 input sits on its kink, and float32 engines that
 * sum in different orders can land on different sides of it. The NIMA fixture has such a unit: the
 * ReLU6 input at features.1 depthwise conv, channel 25, (91, 43) is +1.15e-8 in PyTorch and -2.3e-8
 * here, so the 7x7 input patch it sees gets a different (equally valid) gradient, a relative L2 error
 * of 0.026 over the whole image. The gradient test therefore finds the pixels whose gradient jumps
 * under input changes of 1e-6 (our own engine, four seeded perturbations), requires them to be under
 * 1% of the image, and applies the 1e-3 tolerance to all other pixels. The three fixtures without such
 * a unit are also held to 1e-3 over every pixel.
 */
class PyTorchFixtureTest {
    private static final Map<String, Result> RESULTS = new ConcurrentHashMap<>();

    private record Result(Fixture fixture, OnnxNetwork network, float[] weights, OnnxNetwork.Evaluation evaluation) {
    }

    private static Result run(String name) {
        return RESULTS.computeIfAbsent(name, n -> {
            Fixture f = Fixtures.load(n);
            try {
                OnnxModel model = OnnxModel.load(f.model());
                boolean ce = f.objective().equals("cross_entropy");
                OnnxNetwork net = model.network(f.input().shape(), ce ? Objective.SOFTMAX_CROSS_ENTROPY : Objective.WEIGHTED_SUM);
                float[] w = Fixtures.objectiveWeights(f, net.outputShape());
                return new Result(f, net, w, net.gradient(f.input().data(), w));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"tinynet", "tinynet_unfolded", "nima_mobilenet_v2", "resnet18_places"})
    void outputAndObjectiveMatchPyTorch(String name) {
        Result r = run(name);
        assertThat(r.network().outputShape()).containsExactly(r.fixture().output().shape());
        assertThat(Fixtures.maxAbsRelative(r.evaluation().output(), r.fixture().output().data()))
                .as("output of the gradient pass vs PyTorch").isLessThan(1e-4);
        assertThat(Fixtures.maxAbsRelative(r.network().output(r.fixture().input().data()), r.fixture().output().data()))
                .as("forward-only pass vs PyTorch").isLessThan(1e-4);
        assertThat(r.evaluation().objective()).as("objective vs PyTorch")
                .isCloseTo(r.fixture().objectiveValue(), offset(1e-4 * Math.max(1, Math.abs(r.fixture().objectiveValue()))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tinynet", "tinynet_unfolded", "resnet18_places"})
    void inputGradientMatchesPyTorchEverywhere(String name) {
        Result r = run(name);
        assertThat(Fixtures.relativeL2(r.evaluation().inputGradient(), r.fixture().grad().data()))
                .as("input gradient vs PyTorch, all pixels").isLessThan(1e-3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tinynet", "tinynet_unfolded", "nima_mobilenet_v2", "resnet18_places"})
    void inputGradientMatchesPyTorchAwayFromActivationKinks(String name) {
        Result r = run(name);
        float[] x = r.fixture().input().data();
        float[] g = r.evaluation().inputGradient();
        float[] ref = r.fixture().grad().data();
        double rms = Math.sqrt(dot(ref, ref) / ref.length);
        boolean[] jumps = new boolean[g.length];
        for (int k = 0; k < 4; k++) {
            float[] d = OpCheck.random(x.length, 500 + k, -1e-6f, 1e-6f);
            float[] xp = x.clone();
            for (int i = 0; i < xp.length; i++) {
                xp[i] = Math.min(1f, Math.max(0f, xp[i] + d[i]));
            }
            float[] gp = r.network().gradient(xp, r.weights()).inputGradient();
            for (int i = 0; i < g.length; i++) {
                jumps[i] |= Math.abs(gp[i] - g[i]) > 0.01 * rms;
            }
        }
        int unstable = 0;
        double num = 0;
        double den = 0;
        for (int i = 0; i < g.length; i++) {
            if (jumps[i]) {
                unstable++;
                continue;
            }
            double e = (double) g[i] - ref[i];
            num += e * e;
            den += (double) ref[i] * ref[i];
        }
        assertThat((double) unstable / g.length).as("share of pixels next to an activation kink").isLessThan(0.01);
        assertThat(Math.sqrt(num / den)).as("input gradient vs PyTorch away from kinks").isLessThan(1e-3);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
