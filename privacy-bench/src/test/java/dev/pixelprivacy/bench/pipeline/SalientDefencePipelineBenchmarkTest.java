package dev.pixelprivacy.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.attack.AttackObjective;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.model.Prediction;
import dev.pixelprivacy.core.protect.ProtectionResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Runs the benchmark's setup and each benchmark method once, directly, on a small image and network. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SalientDefencePipelineBenchmarkTest {
    private static final int SIZE = 32;
    private final SalientDefencePipelineBenchmark bench = new SalientDefencePipelineBenchmark();

    @BeforeAll
    void setUp() throws Exception {
        bench.size = SIZE;
        bench.saliencyWidthDivisor = 16;
        bench.setUp();
    }

    private static void assertUnitMap(Mask m) {
        assertThat(m.width()).isEqualTo(SIZE);
        assertThat(m.height()).isEqualTo(SIZE);
        for (float v : m.data()) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void saliencyPartsGiveUnitMapsAtTheImageSize() {
        assertUnitMap(bench.saliencyForward());
        assertUnitMap(bench.saliencySpectralResidual());
    }

    @Test
    void maskIsAUnitMapThatVanishesSomewhere() {
        Mask m = bench.mask();
        assertUnitMap(m);
        // the flat-area gate zeroes pixels below the mean edge strength
        float min = 1;
        for (float v : m.data()) {
            min = Math.min(min, v);
        }
        assertThat(min).isZero();
    }

    @Test
    void gradientHasOneValuePerSampleAndTheLogits() {
        AttackObjective.Direction d = bench.gradient();
        assertThat(d.ascent()).hasSize(3 * SIZE * SIZE);
        assertThat(d.logits()).hasDimensions(1, 365);
        boolean nonZero = false;
        for (float v : d.ascent()) {
            nonZero |= v != 0f;
        }
        assertThat(nonZero).isTrue();
    }

    @Test
    void stepStaysWithinTheMaskedBudget() {
        RgbImage clean = bench.image();
        RgbImage adv = bench.step();
        Mask m = bench.mask();
        float eps = SalientDefencePipelineBenchmark.EPSILON.max();
        int plane = SIZE * SIZE;
        boolean moved = false;
        for (int i = 0; i < adv.data().length; i++) {
            float d = Math.abs(adv.data()[i] - clean.data()[i]);
            assertThat(d).isLessThanOrEqualTo(eps * m.data()[i % plane] + 1e-6f);
            moved |= d > 0;
        }
        assertThat(moved).isTrue();
    }

    @Test
    void round8BitPredictsOneOfTheClasses() {
        Prediction p = bench.round8Bit();
        assertThat(p.label()).isBetween(0, 364);
    }

    @Test
    void wholePipelinesWriteEightBitImagesInsideTheBudget() {
        for (ProtectionResult r : new ProtectionResult[] {bench.whole(), bench.wholeSpectralResidual()}) {
            RgbImage out = r.output();
            assertThat(out.width()).isEqualTo(SIZE);
            float eps = SalientDefencePipelineBenchmark.EPSILON.max();
            for (int i = 0; i < out.data().length; i++) {
                float v = out.data()[i] * 255f;
                assertThat(Math.abs(v - Math.round(v))).isLessThan(1e-3f);
                // within the budget, or the clean value rounded when no 8-bit level is (half a level)
                assertThat(Math.abs(out.data()[i] - r.input().data()[i])).isLessThanOrEqualTo(eps + 0.5f / 255 + 1e-6f);
            }
            assertThat(r.mask()).isNotNull();
        }
    }

    @Test
    void sizesResNet50CannotTakeAreRefusedWithTheValue() {
        SalientDefencePipelineBenchmark b = new SalientDefencePipelineBenchmark();
        b.size = 16;
        b.saliencyWidthDivisor = 16;
        assertThatThrownBy(b::setUp).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16");
    }
}
