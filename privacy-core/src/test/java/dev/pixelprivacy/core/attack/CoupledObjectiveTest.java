package dev.pixelprivacy.core.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.testing.LinearScorer;
import dev.pixelprivacy.core.testing.LinearSoftmaxModel;
import dev.pixelprivacy.core.testing.TestImages;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoupledObjectiveTest {
    private static final int W = 16;
    private static final int H = 16;

    @Test
    void unitL2CombinationMatchesAHandComputedExample() {
        // One 1x1 image: three samples. g_a = (3, 0, 4) has norm 5; g_s = (0, 2, 0) has norm 2.
        AttackObjective threat = (batch, goals) -> new AttackObjective.Direction(new float[][] {{0f}}, new float[] {3f, 0f, 4f});
        LinearScorer scorer = new LinearScorer(new float[] {0f, 2f, 0f});
        CoupledObjective co = CoupledObjective.of(threat, scorer, 0.5, CoupledObjective.Normalisation.UNIT_L2);
        float[] d = co.direction(ImageBatch.of(RgbImage.filled(1, 1, 0.5f, 0.5f, 0.5f)),
                List.of(AttackGoal.untargeted(0))).ascent();
        assertThat(d[0]).isCloseTo(0.6f, offset(1e-6f));
        assertThat(d[1]).isCloseTo(0.5f, offset(1e-6f));
        assertThat(d[2]).isCloseTo(0.8f, offset(1e-6f));
    }

    @Test
    void zScoreCombinationMatchesAHandComputedExample() {
        // g_a = (1, 2, 3): mean 2, unbiased sd 1 -> (-1, 0, 1). g_s = (2, 2, 8): mean 4, sd sqrt(12) -> (-2, -2, 4)/sqrt(12).
        AttackObjective threat = (batch, goals) -> new AttackObjective.Direction(new float[][] {{0f}}, new float[] {1f, 2f, 3f});
        LinearScorer scorer = new LinearScorer(new float[] {2f, 2f, 8f});
        CoupledObjective co = CoupledObjective.of(threat, scorer, 1.0, CoupledObjective.Normalisation.Z_SCORE);
        float[] d = co.direction(ImageBatch.of(RgbImage.filled(1, 1, 0.5f, 0.5f, 0.5f)),
                List.of(AttackGoal.untargeted(0))).ascent();
        double s = Math.sqrt(12);
        assertThat((double) d[0]).isCloseTo(-1 - 2 / s, offset(1e-6));
        assertThat((double) d[1]).isCloseTo(0 - 2 / s, offset(1e-6));
        assertThat((double) d[2]).isCloseTo(1 + 4 / s, offset(1e-6));
    }

    @Test
    void coupledOptimisationRaisesTheAestheticScoreRelativeToPlainFgsmAtTheSameEps() {
        LinearSoftmaxModel model = LinearSoftmaxModel.random(4, W, H, 3);
        LinearScorer scorer = LinearScorer.random(3 * W * H, 4);
        Epsilon eps = Epsilon.of255(4);
        SignGradientAttack fgsm = SignGradientAttack.fgsm(model, eps);
        SignGradientAttack coupled = SignGradientAttack.builder(model).epsilon(eps)
                .objective("coupled", CoupledObjective.paper(model, ClassifierLoss.CROSS_ENTROPY, scorer, 1.0)).build();
        double gainFgsm = 0;
        double gainCoupled = 0;
        for (int s = 0; s < 10; s++) {
            RgbImage img = TestImages.uniform(W, H, 0.2f, 0.8f, 100 + s);
            AttackGoal goal = AttackGoal.untargeted(model.predict(img).label());
            double clean = scorer.score(img);
            gainFgsm += scorer.score(fgsm.attack(img, goal).image()) - clean;
            RgbImage co = coupled.attack(img, goal).image();
            gainCoupled += scorer.score(co) - clean;
            // The threat loss still rises.
            assertThat(model.lossGradient(co, goal.label(), ClassifierLoss.CROSS_ENTROPY).losses()[0])
                    .isGreaterThan(model.lossGradient(img, goal.label(), ClassifierLoss.CROSS_ENTROPY).losses()[0]);
        }
        assertThat(gainCoupled).isGreaterThan(0).isGreaterThan(gainFgsm);
    }

    @Test
    void lambdaMustBeFinite() {
        LinearSoftmaxModel model = LinearSoftmaxModel.random(2, 2, 2, 1);
        assertThatThrownBy(() -> CoupledObjective.paper(model, ClassifierLoss.CROSS_ENTROPY,
                new LinearScorer(new float[12]), Double.NaN)).hasMessageContaining("lambda must be finite but was NaN");
    }
}
