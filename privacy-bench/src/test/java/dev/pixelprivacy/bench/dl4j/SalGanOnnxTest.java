package dev.pixelprivacy.bench.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.onnx.OnnxNetwork;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SalGanOnnxTest {

    @Test
    void hasSalGansLayersEncoderDecoderUpsamplingAndSigmoid() {
        OnnxModel m = OnnxModel.fromBytes(SalGanOnnx.build(16, 1));
        // 13 VGG-16 convolutions, 13 mirrored ones, the 1x1 output convolution
        assertThat(m.operatorCounts()).containsOnly(entry("Conv", 27), entry("Relu", 26), entry("MaxPool", 4),
                entry("Resize", 4), entry("Sigmoid", 1));
    }

    @Test
    void loadsAndMapsA192x256InputToAOneChannelMapInTheUnitRange() {
        OnnxModel m = OnnxModel.fromBytes(SalGanOnnx.build(16, 2017));
        OnnxNetwork net = m.network(m.inputShapeFor(1, SalGanOnnx.HEIGHT, SalGanOnnx.WIDTH), null);
        assertThat(net.outputShape()).containsExactly(1, 1, SalGanOnnx.HEIGHT, SalGanOnnx.WIDTH);
        // SalGAN's input: BGR in 0..255 minus the ImageNet mean
        SplittableRandom r = new SplittableRandom(3);
        float[] x = new float[net.inputLength()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (255 * r.nextDouble() - 115);
        }
        float[] y = net.output(x);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : y) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isGreaterThanOrEqualTo(0f);
        assertThat(max).isLessThanOrEqualTo(1f).isGreaterThan(min);
    }

    @Test
    void sameSeedSameModelOtherSeedOtherWeights() {
        assertThat(SalGanOnnx.build(32, 5)).isEqualTo(SalGanOnnx.build(32, 5))
                .isNotEqualTo(SalGanOnnx.build(32, 6));
    }

    @Test
    void aWidthDivisorThatDoesNotDivide64IsRefusedWithItsValue() {
        assertThatThrownBy(() -> SalGanOnnx.build(3, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("widthDivisor").hasMessageContaining("3");
        assertThatThrownBy(() -> SalGanOnnx.build(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }
}
