package dev.pixelprivacy.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pixelprivacy.core.attack.AttackGoal;
import dev.pixelprivacy.core.attack.AttackResult;
import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.testing.LinearSoftmaxModel;
import dev.pixelprivacy.core.testing.TestImages;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loss of leaving a class set, its gradient, the default ThreatModel implementation, and the goal. */
class ClassSetLossTest {
    private static final float[] Z = {1.5f, -0.5f, 2.0f, 0.25f, -1.0f};

    @Test
    void setLossIsMinusLogOfTheSetsProbability() {
        // numpy: p = softmax(Z); -log(p[0] + p[3])
        double[] p = softmax(Z);
        assertThat(ClassifierLoss.awayFromSet(Z, ClassSet.of(3, 0))).isCloseTo(-Math.log(p[0] + p[3]), within(1e-12));
    }

    @Test
    void aSetOfOneClassIsCrossEntropy() {
        for (int y = 0; y < Z.length; y++) {
            assertThat(ClassifierLoss.awayFromSet(Z, ClassSet.of(y)))
                    .isCloseTo(ClassifierLoss.CROSS_ENTROPY.value(Z, y), within(1e-12));
            assertThat(ClassifierLoss.awayFromSetLogitGradient(Z, ClassSet.of(y)))
                    .containsExactly(ClassifierLoss.CROSS_ENTROPY.logitGradient(Z, y), within(1e-7f));
        }
    }

    @Test
    void logitGradientMatchesCentralDifferences() {
        ClassSet s = ClassSet.of(1, 2, 4);
        float[] g = ClassifierLoss.awayFromSetLogitGradient(Z, s);
        double h = 1e-3;
        for (int j = 0; j < Z.length; j++) {
            float[] up = Z.clone();
            float[] down = Z.clone();
            up[j] += (float) h;
            down[j] -= (float) h;
            double fd = (ClassifierLoss.awayFromSet(up, s) - ClassifierLoss.awayFromSet(down, s)) / (2 * h);
            assertThat((double) g[j]).as("class %d", j).isCloseTo(fd, within(1e-4));
        }
    }

    @Test
    void setLossStaysFiniteWhereTheSetsProbabilityUnderflows() {
        float[] z = {200f, -200f, 0f};
        assertThat(ClassifierLoss.awayFromSet(z, ClassSet.of(1))).isCloseTo(400.0, within(1e-9));
    }

    @Test
    void defaultThreatModelGradientIsTheLogitGradientPulledBackThroughTheWeights() {
        // The linear model's input gradient is W^T dL/dz; the default ThreatModel method builds it from
        // cross-entropy gradients, one per class of the set.
        LinearSoftmaxModel m = LinearSoftmaxModel.random(5, 4, 3, 8);
        ImageBatch batch = ImageBatch.of(TestImages.uniform(4, 3, 0f, 1f, 1), TestImages.uniform(4, 3, 0f, 1f, 2));
        ClassSet[] sets = {ClassSet.of(0, 2, 3), ClassSet.of(4)};
        LossGradient lg = m.lossGradientAwayFrom(batch, sets);
        float[][] z = m.logits(batch);
        int per = batch.imageLength();
        for (int i = 0; i < 2; i++) {
            float[] dz = ClassifierLoss.awayFromSetLogitGradient(z[i], sets[i]);
            for (int k = 0; k < per; k++) {
                double expected = 0;
                for (int c = 0; c < 5; c++) {
                    expected += dz[c] * m.weights()[c][k];
                }
                assertThat((double) lg.gradient().data()[i * per + k]).isCloseTo(expected, within(1e-6));
            }
            assertThat(lg.losses()[i]).isCloseTo(ClassifierLoss.awayFromSet(z[i], sets[i]), within(1e-9));
        }
        assertThat(m.gradientCalls()).isEqualTo(3); // the largest set's size, no extra forward call counted
    }

    @Test
    void attackAvoidingASetEndsOutsideItAndAMixedBatchMatchesSingleImages() {
        LinearSoftmaxModel m = LinearSoftmaxModel.random(5, 8, 6, 21);
        RgbImage img = TestImages.uniform(8, 6, 0.2f, 0.8f, 5);
        int top = m.predict(img).label();
        ClassSet sensitive = ClassSet.of(top, (top + 1) % 5);
        SignGradientAttack bim = SignGradientAttack.builder(m).method(SignGradientAttack.Method.BIM)
                .epsilon(Epsilon.of255(64)).steps(20).stopOnSuccess(true).build();
        AttackResult r = bim.attack(img, AttackGoal.avoiding(sensitive));
        assertThat(r.succeeded()).isTrue();
        assertThat(sensitive.contains(r.after().label())).isFalse();
        assertThat(r.goal().label()).isEqualTo(sensitive.first());

        RgbImage other = TestImages.uniform(8, 6, 0.2f, 0.8f, 6);
        List<AttackGoal> goals = List.of(AttackGoal.avoiding(sensitive), AttackGoal.targeted(2));
        List<AttackResult> both = bim.attack(ImageBatch.of(img, other), goals, null);
        assertThat(both.get(0).image()).isEqualTo(r.image());
        assertThat(both.get(1).image()).isEqualTo(bim.attack(other, AttackGoal.targeted(2)).image());
        assertThat(both.get(1).after().label()).isEqualTo(2);
    }

    @Test
    void classSetsAreNamedByIndicesOrByAPredicateOverANamesFile() {
        List<String> names = ClassSet.parseNames("/a/airfield 0\n/b/bedroom 1\n\n/k/kitchen 2\n/l/living_room 3\n/o/ocean 4\n");
        assertThat(names).containsExactly("/a/airfield", "/b/bedroom", "/k/kitchen", "/l/living_room", "/o/ocean");
        java.util.Set<String> home = java.util.Set.of("bedroom", "kitchen", "living_room");
        ClassSet s = ClassSet.matching(names, n -> home.contains(n.substring(n.lastIndexOf('/') + 1)));
        assertThat(s.indices()).containsExactly(1, 2, 3);
        assertThat(ClassSet.of(3, 1, 3).indices()).containsExactly(1, 3);
        assertThatThrownBy(() -> ClassSet.matching(names, n -> false)).hasMessageContaining("5");
        assertThatThrownBy(() -> ClassSet.of(2, -1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> ClassifierLoss.awayFromSet(Z, ClassSet.of(5)))
                .hasMessageContaining("class 5").hasMessageContaining("5 classes");
        assertThatThrownBy(() -> new AttackGoal(1, true, ClassSet.of(1))).hasMessageContaining("untargeted");
    }

    private static double[] softmax(float[] z) {
        double m = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            m = Math.max(m, v);
        }
        double s = 0;
        for (float v : z) {
            s += Math.exp(v - m);
        }
        double[] p = new double[z.length];
        for (int j = 0; j < z.length; j++) {
            p[j] = Math.exp(z[j] - m) / s;
        }
        return p;
    }
}
