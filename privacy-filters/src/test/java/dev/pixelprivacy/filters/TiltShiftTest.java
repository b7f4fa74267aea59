package dev.pixelprivacy.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TiltShiftTest {
    private static RgbImage random(int w, int h, long seed) {
        return RgbImage.of(w, h, NaiveFilters.randomPlane(new Random(seed), 3 * w * h));
    }

    @Test
    void photographicTiltShiftLeavesTheFocusBandUnchangedAndBlursOutside() {
        int w = 80;
        int h = 60;
        RgbImage img = random(w, h, 51);
        PhotographicTiltShift ts = PhotographicTiltShift.builder().bandCentre(0.5).bandWidth(0.2).transition(0.2)
                .maxSigma(4).build();
        RgbImage out = ts.apply(img, Parallelism.sequential());
        // band: |y + 0.5 - 30| <= 6 -> rows 24..35
        for (int c = 0; c < 3; c++) {
            for (int y = 24; y <= 35; y++) {
                for (int x = 0; x < w; x++) {
                    assertThat(out.get(c, y, x)).isEqualTo(img.get(c, y, x));
                }
            }
        }
        // far from the band: full blur sigma 4, which on noise is far from the original
        RgbImage full = GaussianBlur.of(4).blur(img);
        assertThat((double) out.get(0, 0, 40)).isCloseTo(full.get(0, 0, 40), within(1e-6));
        assertThat(Math.abs(out.get(0, 0, 40) - img.get(0, 0, 40))).isGreaterThan(0f);
    }

    @Test
    void blurLevelGrowsMonotonicallyAwayFromATiltedBand() {
        PhotographicTiltShift ts = PhotographicTiltShift.builder().angle(30).bandWidth(0.1).transition(0.3).build();
        float[] t = ts.blurLevels(100, 100);
        assertThat(t[50 * 100 + 50]).isZero();
        float prev = 0;
        for (int k = 0; k < 50; k++) { // walk along the band normal (sin 30, cos 30) from the centre
            int x = (int) Math.round(50 + k * Math.sin(Math.toRadians(30)));
            int y = (int) Math.round(50 + k * Math.cos(Math.toRadians(30)));
            assertThat(t[y * 100 + x]).isGreaterThanOrEqualTo(prev - 1e-3f);
            prev = t[y * 100 + x];
        }
        assertThat(prev).isEqualTo(1f);
    }

    @Test
    void saliencyTiltShiftKeepsFullySalientImagesAndBlursNonSalientOnes() {
        RgbImage img = random(40, 30, 52);
        SaliencyTiltShift ts = SaliencyTiltShift.builder().build();
        RgbImage kept = ts.apply(img, Mask.filled(40, 30, 1f), Parallelism.sequential());
        assertThat(kept.data()).containsExactly(img.data());
        RgbImage blurred = ts.apply(img, Mask.filled(40, 30, 0f), Parallelism.sequential());
        RgbImage ref = GaussianBlur.of(1).blur(img);
        assertThat(NaiveFilters.maxAbsDiff(blurred.data(), ref.data())).isLessThan(1e-6);
    }

    @Test
    void invalidSettingsAreRefusedWithTheValue() {
        assertThatThrownBy(() -> PhotographicTiltShift.builder().maxSigma(0).build())
                .hasMessage("maxSigma must be > 0 and finite but was 0.0");
        assertThatThrownBy(() -> SaliencyTiltShift.builder().colour(-1).build())
                .hasMessage("colour must be >= 0 and finite but was -1.0");
        assertThat(SaliencyTiltShift.builder().build().toString())
                .contains("blurSigma=1.0", "maskSigma=3.0", "colour=1.0", "contrast=1.0");
    }
}
