package dev.pixelprivacy.paper.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.pixelprivacy.core.attack.AttackGoal;
import dev.pixelprivacy.core.attack.AttackObjective;
import dev.pixelprivacy.core.attack.AttackResult;
import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.testing.LinearScorer;
import dev.pixelprivacy.core.testing.LinearSoftmaxModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference code's quirks, each against a small example computed by hand. */
class ReferenceCodeQuirksTest {
    /** Two classes over a 2x1 image; class 0's weights alternate in sign. */
    private static final LinearSoftmaxModel MODEL = new LinearSoftmaxModel(
            new float[][] {{1, -1, 1, -1, 1, -1}, {0, 0, 0, 0, 0, 0}}, new float[] {5, 0});
    /** Planar: red (0.5, 0.5), green (0.75, 0.25), blue (0, 1). */
    private static final RgbImage IMAGE = RgbImage.of(2, 1, new float[] {0.5f, 0.5f, 0.75f, 0.25f, 0f, 1f});
    private static final double[] MEAN = {0.5, 0.5, 0.5};
    private static final double[] STD = {0.25, 0.25, 0.25};

    @Test
    void stepsInTheNormalisedTensorWithoutClippingAndWritesItsGlobalMinMax() {
        // Loss -z_0: gradient -w_0, sign (-1, 1, -1, 1, -1, 1). t = (x - 0.5) / 0.25 = (0, 0, 1, -1, -2, 2);
        // t' = t + 0.1 sign = (-0.1, 0.1, 0.9, -0.9, -2.1, 2.1), past the [0, 1] range's +-2 and unclipped;
        // written: (t' + 2.1) / 4.2.
        ReferenceCodeFgsm fgsm = ReferenceCodeFgsm.builder(MODEL).epsilon(0.1).normalisation(MEAN, STD).build();
        AttackResult r = fgsm.attack(IMAGE, AttackGoal.untargeted(0));
        float[] expected = {2.0f / 4.2f, 2.2f / 4.2f, 3.0f / 4.2f, 1.2f / 4.2f, 0f, 1f};
        for (int k = 0; k < 6; k++) {
            assertThat(r.image().data()[k]).as("sample %d", k).isCloseTo(expected[k], offset(1e-6f));
        }
        assertThat(r.after().label()).isEqualTo(MODEL.predict(r.image()).label());
    }

    @Test
    void theMaskScalesTheNormalisedStep() {
        // Mask (1, 0): the second pixel does not move. t' = (-0.1, 0, 0.9, -1, -2.1, 2); range 4.1.
        ReferenceCodeFgsm fgsm = ReferenceCodeFgsm.builder(MODEL).epsilon(0.1).normalisation(MEAN, STD).build();
        AttackResult r = fgsm.attack(IMAGE, AttackGoal.untargeted(0), Mask.of(2, 1, new float[] {1f, 0f}));
        double[] expected = {0.48780488, 0.51219512, 0.73170732, 0.26829268, 0, 1};
        for (int k = 0; k < 6; k++) {
            assertThat((double) r.image().data()[k]).as("sample %d", k).isCloseTo(expected[k], offset(1e-6));
        }
    }

    @Test
    void couplingStandardisesGradientsOfTheNormalisedTensorAndAddsThem() {
        // 1x1 image, std (0.5, 1, 2): g_a = (1, 1, 1) -> (0.5, 1, 2); g_s = (0, 0, 1) -> (0, 0, 2);
        // unbiased z-scores added (the submitted sign) and subtracted (the later commit); numpy gives
        // (-1.45022183, -0.79556816, 2.24578999) and (-0.29552129, 0.35913238, -0.06361109).
        AttackObjective attack = (batch, goals) -> new AttackObjective.Direction(new float[][] {{0f}}, new float[] {1f, 1f, 1f});
        LinearScorer emd = new LinearScorer(new float[] {0f, 0f, 1f});
        ImageBatch one = ImageBatch.of(RgbImage.filled(1, 1, 0.5f, 0.5f, 0.5f));
        float[] plus = ReferenceCoupling.of(attack, emd, 1.0, new double[] {0.5, 1, 2})
                .direction(one, List.of(AttackGoal.untargeted(0))).ascent();
        float[] minus = ReferenceCoupling.of(attack, emd, -1.0, new double[] {0.5, 1, 2})
                .direction(one, List.of(AttackGoal.untargeted(0))).ascent();
        assertThat(plus[0]).isCloseTo(-1.45022183f, offset(1e-5f));
        assertThat(plus[1]).isCloseTo(-0.79556816f, offset(1e-5f));
        assertThat(plus[2]).isCloseTo(2.24578999f, offset(1e-5f));
        assertThat(minus[0]).isCloseTo(-0.29552129f, offset(1e-5f));
        assertThat(minus[1]).isCloseTo(0.35913238f, offset(1e-5f));
        assertThat(minus[2]).isCloseTo(-0.06361109f, offset(1e-5f));
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThatThrownBy(() -> ReferenceCodeFgsm.builder(MODEL).build()).hasMessageContaining("NaN");
        assertThatThrownBy(() -> ReferenceCodeFgsm.builder(MODEL).epsilon(-1).build()).hasMessageContaining("-1.0");
        assertThatThrownBy(() -> ReferenceCoupling.of((b, g) -> null, new LinearScorer(new float[3]), 1,
                new double[] {1, 0, 1})).hasMessageContaining("std[1] was 0.0");
    }
}
