package dev.pixelprivacy.paper.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.testing.LinearSoftmaxModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The verifier and the budget search on an analytic case: a flat grey photo of level 100, a "protector"
 * that brightens every sample by eps, a chain that halves the photo with the area filter (a flat image
 * stays flat and exact) and judges that threshold the mean brightness at a half level, so the smallest
 * working budget is known.
 */
class AdaptiveBudgetTest {
    private static final int SIDE = 32;
    private static final PlatformChain HALVE = PlatformChain.parse("resize:16:area");
    private static final RgbImage GREY = RgbImage.filled(SIDE, SIDE, 100 / 255f, 100 / 255f, 100 / 255f);

    /** Class 1 when the mean of the 16x16 image exceeds {@code (100 + k - 0.5) / 255}: level k and up. */
    private static Judge brighterThan(String name, int k) {
        int len = 3 * 16 * 16;
        float[][] w = new float[2][len];
        Arrays.fill(w[1], 1f / len);
        return new Judge(name, new LinearSoftmaxModel(w, new float[] {(100 + k - 0.5f) / 255f, 0f}));
    }

    /** Records the budgets asked for. */
    private static final class Brighten implements Function<Epsilon, RgbImage> {
        final List<Double> asked = new ArrayList<>();

        @Override
        public RgbImage apply(Epsilon eps) {
            asked.add((double) Math.round(eps.max() * 255.0));
            float[] d = GREY.copyOfData();
            for (int i = 0; i < d.length; i++) {
                d[i] = Math.min(1f, d[i] + eps.max());
            }
            return RgbImage.of(SIDE, SIDE, d).quantised8Bit();
        }
    }

    @Test
    void verifierJudgesBothImagesAfterTheChainAndMeasuresTheWrittenFile() {
        Verifier v = Verifier.of(HALVE, List.of(brighterThan("seven", 7)));
        Verification at6 = v.verify(GREY, new Brighten().apply(Epsilon.of255(6)));
        Verification at7 = v.verify(GREY, new Brighten().apply(Epsilon.of255(7)));
        assertThat(at6.verdicts().get(0).before().label()).isZero();
        assertThat(at6.allChanged()).isFalse();
        assertThat(at7.allChanged()).isTrue();
        assertThat(at7.chain()).isEqualTo("resize:16:area");
        // A uniform shift of 7 levels: PSNR = 20 log10(255 / 7), SSIM below 1, colour difference uniform.
        assertThat(at7.psnr()).isCloseTo(20 * Math.log10(255.0 / 7), offset(1e-3));
        assertThat(at7.ssim()).isLessThan(1.0);
        assertThat(at7.ciede2000().mean()).isPositive().isCloseTo(at7.ciede2000().max(), offset(1e-9));
    }

    @Test
    void bisectionFindsTheSmallestWorkingLevelInFiveProtections() {
        Verifier v = Verifier.of(HALVE, List.of(brighterThan("seven", 7)));
        Brighten protector = new Brighten();
        AdaptiveBudget.Result r = AdaptiveBudget.standard().search(v.baseline(GREY), protector);
        assertThat(r.level()).isEqualTo(7);
        assertThat(r.failedLevel()).isEqualTo(6);
        assertThat(r.exact()).isTrue();
        assertThat(r.epsilon()).isEqualTo(Epsilon.of255(7));
        assertThat(protector.asked).containsExactly(16.0, 8.0, 4.0, 6.0, 7.0);
        assertThat(r.trials()).extracting(AdaptiveBudget.Trial::allChanged).containsExactly(true, true, false, false, true);
        assertThat(r.verification().allChanged()).isTrue();
        assertThat(r.image()).isEqualTo(protector.apply(Epsilon.of255(7)));
    }

    @Test
    void everyJudgeMustChange() {
        Verifier v = Verifier.of(HALVE, List.of(brighterThan("seven", 7), brighterThan("eleven", 11)));
        AdaptiveBudget.Result r = AdaptiveBudget.standard().search(v.baseline(GREY), new Brighten());
        assertThat(r.level()).isEqualTo(11);
        assertThat(r.exact()).isTrue();
        assertThat(r.trials()).extracting(AdaptiveBudget.Trial::level).containsExactly(16, 8, 12, 10, 11);
    }

    @Test
    void fewerProtectionsGiveAnUpperBoundWithItsBracket() {
        Verifier v = Verifier.of(HALVE, List.of(brighterThan("seven", 7)));
        AdaptiveBudget.Result r = AdaptiveBudget.of(16, 3).search(v.baseline(GREY), new Brighten());
        assertThat(r.level()).isEqualTo(8);
        assertThat(r.failedLevel()).isEqualTo(4);
        assertThat(r.exact()).isFalse();
        assertThat(r.calls()).isEqualTo(3);
    }

    @Test
    void aJudgeBeyondTheRangeIsReportedNotFoundAfterOneProtection() {
        Verifier v = Verifier.of(HALVE, List.of(brighterThan("twenty", 20)));
        AdaptiveBudget.Result r = AdaptiveBudget.standard().search(v.baseline(GREY), new Brighten());
        assertThat(r.found()).isFalse();
        assertThat(r.level()).isEqualTo(-1);
        assertThat(r.epsilon()).isNull();
        assertThat(r.calls()).isEqualTo(1);
        assertThat(r.verification().allChanged()).isFalse();
    }

    @Test
    void badSettingsAreRefusedWithTheValue() {
        assertThatThrownBy(() -> AdaptiveBudget.of(0, 5)).hasMessageContaining("but was 0");
        assertThatThrownBy(() -> AdaptiveBudget.of(16, 0)).hasMessageContaining("but was 0");
        Verifier none = Verifier.of(HALVE, List.of());
        assertThatThrownBy(() -> AdaptiveBudget.standard().search(none.baseline(GREY), new Brighten()))
                .hasMessageContaining("at least one judge");
        assertThatThrownBy(() -> Verifier.of(HALVE, List.of(brighterThan("a", 1), brighterThan("a", 2))))
                .hasMessageContaining("'a'");
    }

    @Test
    void aJudgeThatCannotTakeTheChainedImageIsNamed() {
        Verifier v = Verifier.of(PlatformChain.none(), List.of(brighterThan("sixteen-only", 7)));
        assertThatThrownBy(() -> v.baseline(GREY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("judge 'sixteen-only'");
    }
}
