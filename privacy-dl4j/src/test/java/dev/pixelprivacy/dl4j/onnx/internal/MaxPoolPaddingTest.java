package dev.pixelprivacy.dl4j.onnx.internal;

import static dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder.attr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder;
import dev.pixelprivacy.dl4j.testing.OpCheck;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MaxPool with symmetric pads uses the pooling op's own padding (no concatenated -MAX border). On
 * inputs that are all negative, a border that took part in the maximum as a zero would show in every
 * window that overlaps it, so the forward pass is checked against ONNX Runtime there, and the
 * gradient against finite differences.
 */
class MaxPoolPaddingTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("3x3 s2 pads 1 (ResNet stem)", new long[] {2, 3, 10, 10}, new long[] {3, 3}, new long[] {2, 2},
                        new long[] {1, 1, 1, 1}),
                Arguments.of("3x3 s2 pads 1 odd non-square", new long[] {1, 2, 9, 12}, new long[] {3, 3}, new long[] {2, 2},
                        new long[] {1, 1, 1, 1}),
                Arguments.of("5x3 s1 pads 2,1", new long[] {1, 2, 7, 6}, new long[] {5, 3}, new long[] {1, 1},
                        new long[] {2, 1, 2, 1}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void paddedMaxPoolOfNegativeInputMatchesOnnxRuntime(String name, long[] shape, long[] k, long[] s, long[] pads) {
        // x - 2 is in [-3, -1): a zero border would win every window it touches
        byte[] model = new OnnxModelBuilder(13).input("x", shape)
                .initializer("two", new float[] {2f}, 1)
                .node("Sub", new String[] {"x", "two"}, "neg")
                .node("MaxPool", new String[] {"neg"}, "y", attr("kernel_shape", k), attr("strides", s), attr("pads", pads))
                .output("y").toBytes();
        OpCheck.Result r = OpCheck.check(model, shape, 5, true);
        assertThat(r.forwardError()).as(name).isLessThan(1e-6);
        assertThat(r.gradientError()).as(name).isLessThan(1e-2);
    }
}
