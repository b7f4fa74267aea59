package dev.pixelprivacy.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TransformDistributionTest {
    private static final String SPEC = "resize:long=720..2048:kernel=any,jpeg:q=70..95";

    @Test
    void sameSeedGivesTheSameChains() {
        TransformDistribution d = TransformDistribution.parse(SPEC);
        assertThat(d.sample(42, 20).toString()).isEqualTo(d.sample(42, 20).toString());
        assertThat(d.sample(42, 20).toString()).isNotEqualTo(d.sample(43, 20).toString());
    }

    @Test
    void rangesAreCoveredInclusivelyAndKernelAnyDrawsAllFour() {
        TransformDistribution d = TransformDistribution.parse(SPEC);
        Set<ResizeKernel> kernels = EnumSet.noneOf(ResizeKernel.class);
        int minQ = 100;
        int maxQ = 0;
        int minLong = Integer.MAX_VALUE;
        int maxLong = 0;
        for (TransformChain c : d.sample(7, 2000)) {
            Resize r = (Resize) c.steps().get(0);
            kernels.add(r.kernel());
            ImageSize out = r.outputSize(new ImageSize(4000, 3000));
            minLong = Math.min(minLong, out.width());
            maxLong = Math.max(maxLong, out.width());
            int q = ((Jpeg) c.steps().get(1)).quality();
            minQ = Math.min(minQ, q);
            maxQ = Math.max(maxQ, q);
        }
        assertThat(kernels).containsExactlyInAnyOrder(ResizeKernel.values());
        assertThat(minQ).isEqualTo(70);
        assertThat(maxQ).isEqualTo(95);
        assertThat(minLong).isBetween(720, 725);
        assertThat(maxLong).isBetween(2043, 2048);
    }

    @Test
    void everyStepParsesAndFixedValuesAreKept() {
        TransformDistribution d = TransformDistribution.parse(
                "resize:long=512:kernel=lanczos:upscale=true, crop:keep=0.9, shift:dx=-2..2:dy=3,"
                        + " gamma:g=0.8..1.2, jitter:brightness=0.9..1.1:saturation=1.2, jpeg:q=75");
        TransformChain c = d.sample(new SplittableRandom(1));
        List<DifferentiableTransform> s = c.steps();
        assertThat(s).hasSize(6);
        assertThat(((Resize) s.get(0)).kernel()).isEqualTo(ResizeKernel.LANCZOS);
        assertThat(s.get(0).outputSize(new ImageSize(100, 50))).isEqualTo(new ImageSize(512, 256));
        assertThat(s.get(1).outputSize(new ImageSize(100, 50))).isEqualTo(new ImageSize(90, 45));
        assertThat(s.get(2)).isInstanceOf(Shift.class);
        assertThat(s.get(3)).isInstanceOf(Gamma.class);
        assertThat(s.get(4)).isInstanceOf(ColourJitter.class);
        assertThat(((Jpeg) s.get(5)).quality()).isEqualTo(75);
        assertThat(TransformDistribution.parse("identity").sample(3, 1).get(0).steps()).isEmpty();
    }

    @Test
    void badSpecsNameTheBadToken() {
        assertThatThrownBy(() -> TransformDistribution.parse("resize:long=720,blur:r=2"))
                .hasMessageContaining("'blur'").hasMessageContaining("jpeg");
        assertThatThrownBy(() -> TransformDistribution.parse("resize:lng=720")).hasMessageContaining("'lng'")
                .hasMessageContaining("long");
        assertThatThrownBy(() -> TransformDistribution.parse("jpeg:q=7x")).hasMessageContaining("'7x'")
                .hasMessageContaining("integer");
        assertThatThrownBy(() -> TransformDistribution.parse("jpeg:q=95..70")).hasMessageContaining("95..70")
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> TransformDistribution.parse("jpeg:q=0..90")).hasMessageContaining("jpeg:q=0..90")
                .hasMessageContaining("outside");
        assertThatThrownBy(() -> TransformDistribution.parse("resize:long=720:kernel=nearest"))
                .hasMessageContaining("'nearest'");
        assertThatThrownBy(() -> TransformDistribution.parse("jpeg")).hasMessageContaining("q=");
        assertThatThrownBy(() -> TransformDistribution.parse("jpeg:q")).hasMessageContaining("'q'")
                .hasMessageContaining("key=value");
        assertThatThrownBy(() -> TransformDistribution.parse("jpeg:q=80:q=90")).hasMessageContaining("twice");
        assertThatThrownBy(() -> TransformDistribution.parse("identity,jpeg:q=80")).hasMessageContaining("alone");
        assertThatThrownBy(() -> TransformDistribution.parse(" ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> TransformDistribution.parse("resize:long=720:upscale=yes")).hasMessageContaining("'yes'");
    }
}
