package dev.pixelprivacy.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pixelprivacy.core.attack.AttackGoal;
import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.testing.LinearSoftmaxModel;
import dev.pixelprivacy.core.testing.TestImages;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnsembleThreatModelTest {
    private static final int W = 6;
    private static final int H = 5;
    private final LinearSoftmaxModel a = LinearSoftmaxModel.random(4, W, H, 1);
    private final LinearSoftmaxModel b = LinearSoftmaxModel.random(4, W, H, 2);
    private final ImageBatch batch = ImageBatch.of(TestImages.uniform(W, H, 0f, 1f, 3), TestImages.uniform(W, H, 0f, 1f, 4));

    @Test
    void gradientIsTheWeightedSumOfTheMembersGradientsAndLogitsTheWeightedAverage() {
        // weights 1 and 3 normalise to 0.25 and 0.75
        EnsembleThreatModel e = EnsembleThreatModel.of(List.of(a, b), new double[] {1, 3});
        int[] labels = {0, 2};
        LossGradient ga = a.lossGradient(batch, labels, ClassifierLoss.CROSS_ENTROPY);
        LossGradient gb = b.lossGradient(batch, labels, ClassifierLoss.CROSS_ENTROPY);
        LossGradient ge = e.lossGradient(batch, labels, ClassifierLoss.CROSS_ENTROPY);
        for (int k = 0; k < ge.gradient().data().length; k++) {
            double expected = 0.25 * ga.gradient().data()[k] + 0.75 * gb.gradient().data()[k];
            assertThat((double) ge.gradient().data()[k]).isCloseTo(expected, within(1e-7));
        }
        for (int i = 0; i < 2; i++) {
            assertThat(ge.losses()[i]).isCloseTo(0.25 * ga.losses()[i] + 0.75 * gb.losses()[i], within(1e-12));
            for (int c = 0; c < 4; c++) {
                assertThat((double) ge.logits()[i][c])
                        .isCloseTo(0.25 * ga.logits()[i][c] + 0.75 * gb.logits()[i][c], within(1e-6));
            }
        }
        assertThat(e.logits(batch)).isDeepEqualTo(ge.logits());
    }

    @Test
    void aOneMemberEnsembleIsThatMember() {
        EnsembleThreatModel e = EnsembleThreatModel.of(List.of(a), new double[] {2.5});
        int[] labels = {1, 3};
        LossGradient ga = a.lossGradient(batch, labels, ClassifierLoss.NEGATIVE_TRUE_LOGIT);
        LossGradient ge = e.lossGradient(batch, labels, ClassifierLoss.NEGATIVE_TRUE_LOGIT);
        assertThat(ge.gradient().data()).containsExactly(ga.gradient().data());
        assertThat(ge.losses()).containsExactly(ga.losses());
        assertThat(ge.logits()).isDeepEqualTo(ga.logits());
        RgbImage img = batch.image(0);
        SignGradientAttack.Builder pgd = SignGradientAttack.builder(a).method(SignGradientAttack.Method.PGD)
                .epsilon(Epsilon.of255(8));
        assertThat(SignGradientAttack.builder(e).method(SignGradientAttack.Method.PGD).epsilon(Epsilon.of255(8)).build()
                .attack(img, AttackGoal.untargeted(1)).image()).isEqualTo(pgd.build().attack(img, AttackGoal.untargeted(1)).image());
    }

    @Test
    void setLossGradientIsTheWeightedSumOfTheMembers() {
        EnsembleThreatModel e = EnsembleThreatModel.equallyWeighted(List.of(a, b));
        ClassSet[] sets = {ClassSet.of(0, 1), ClassSet.of(3)};
        float[] ga = a.lossGradientAwayFrom(batch, sets).gradient().data();
        float[] gb = b.lossGradientAwayFrom(batch, sets).gradient().data();
        float[] ge = e.lossGradientAwayFrom(batch, sets).gradient().data();
        for (int k = 0; k < ge.length; k++) {
            assertThat((double) ge[k]).isCloseTo(0.5 * ga[k] + 0.5 * gb[k], within(1e-7));
        }
    }

    @Test
    void refusesMembersWithDifferentClassCountsAndBadWeights() {
        LinearSoftmaxModel five = LinearSoftmaxModel.random(5, W, H, 9);
        assertThatThrownBy(() -> EnsembleThreatModel.of(List.of(a, five), new double[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model 0 has 4")
                .hasMessageContaining("model 1 has 5");
        assertThatThrownBy(() -> EnsembleThreatModel.of(List.of(a, b), new double[] {1, -1}))
                .hasMessageContaining("weight 1").hasMessageContaining("-1.0");
        assertThatThrownBy(() -> EnsembleThreatModel.of(List.of(a, b), new double[] {0, 0}))
                .hasMessageContaining("at least one weight must be > 0");
        assertThatThrownBy(() -> EnsembleThreatModel.of(List.of(a, b), new double[] {1}))
                .hasMessageContaining("2 models but 1 weights");
        assertThatThrownBy(() -> EnsembleThreatModel.equallyWeighted(List.of())).hasMessageContaining("at least one");
    }
}
