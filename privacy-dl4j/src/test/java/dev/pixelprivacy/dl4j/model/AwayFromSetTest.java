package dev.pixelprivacy.dl4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.pixelprivacy.core.attack.AttackGoal;
import dev.pixelprivacy.core.attack.AttackResult;
import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.model.ClassSet;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.LossGradient;
import dev.pixelprivacy.core.model.Prediction;
import dev.pixelprivacy.dl4j.onnx.Objective;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.onnx.OnnxNetwork;
import dev.pixelprivacy.dl4j.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@link Objective#AWAY_FROM_SET} head on the PyTorch tinynet fixture (7 classes, two 32x32 images,
 * identity preprocessing): SameDiff's autodiff of the set loss against the chain rule written out
 * (the analytic logit gradient fed as weights to the {@link Objective#WEIGHTED_SUM} head, whose input
 * gradient is then {@code J^T dL/dz}), against PyTorch's cross-entropy gradient for sets of one class,
 * and the set and targeted goals through whole attacks.
 */
class AwayFromSetTest {
    private static final Preprocessing IDENTITY = Preprocessing.builder().build();
    private final Fixtures.Fixture f = Fixtures.load("tinynet");
    private final OnnxModel model = load(f);

    private static OnnxModel load(Fixtures.Fixture f) {
        try {
            return OnnxModel.load(f.model());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ImageBatch batch() {
        long[] s = f.input().shape();
        return ImageBatch.wrap((int) s[0], (int) s[3], (int) s[2], f.input().data().clone());
    }

    @Test
    void autodiffOfTheSetLossEqualsTheAnalyticLogitGradientThroughTheJacobian() {
        ImageBatch b = batch();
        ClassSet[] sets = {ClassSet.of(1, 3, 6), ClassSet.of(0, 2)};
        OnnxThreatModel tm = new OnnxThreatModel(model, IDENTITY);
        LossGradient lg = tm.lossGradientAwayFrom(b, sets);

        float[] dz = new float[2 * 7];
        for (int i = 0; i < 2; i++) {
            System.arraycopy(ClassifierLoss.awayFromSetLogitGradient(lg.logits()[i], sets[i]), 0, dz, i * 7, 7);
        }
        try (OnnxNetwork ws = model.network(f.input().shape(), Objective.WEIGHTED_SUM)) {
            float[] chain = ws.gradient(b.data(), dz).inputGradient();
            // both are float32 backward passes of the same network; they differ only in the head's rounding
            assertThat(Fixtures.relativeL2(lg.gradient().data(), chain)).isLessThan(1e-5);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(lg.losses()[i]).isCloseTo(ClassifierLoss.awayFromSet(lg.logits()[i], sets[i]), offset(1e-12));
            assertThat(lg.losses()[i]).isPositive();
        }
    }

    @Test
    void aSetOfOneClassReproducesPyTorchsCrossEntropyGradient() {
        // tinynet.json: objective = sum of softmax cross-entropy against labels [0, 3]; grad.npy is PyTorch's
        int[] labels = f.labels();
        LossGradient lg = new OnnxThreatModel(model, IDENTITY).lossGradientAwayFrom(batch(),
                new ClassSet[] {ClassSet.of(labels[0]), ClassSet.of(labels[1])});
        assertThat(lg.losses()[0] + lg.losses()[1]).isCloseTo(f.objectiveValue(), offset(1e-4 * f.objectiveValue()));
        assertThat(Fixtures.relativeL2(lg.gradient().data(), f.grad().data())).isLessThan(1e-3);
    }

    @Test
    void theOnePassHeadEqualsTheCoresCrossEntropyCombination() {
        // ThreatModel's default builds the set gradient from one cross-entropy gradient per class of the set.
        ImageBatch b = batch();
        ClassSet[] sets = {ClassSet.of(2, 5), ClassSet.of(4)};
        OnnxThreatModel tm = new OnnxThreatModel(model, IDENTITY);
        dev.pixelprivacy.core.model.ThreatModel viaDefault = new dev.pixelprivacy.core.model.ThreatModel() {
            @Override
            public int classCount() {
                return tm.classCount();
            }

            @Override
            public float[][] logits(ImageBatch x) {
                return tm.logits(x);
            }

            @Override
            public LossGradient lossGradient(ImageBatch x, int[] labels, ClassifierLoss loss) {
                return tm.lossGradient(x, labels, loss);
            }
        };
        float[] head = tm.lossGradientAwayFrom(b, sets).gradient().data();
        float[] combination = viaDefault.lossGradientAwayFrom(b, sets).gradient().data();
        assertThat(Fixtures.relativeL2(head, combination)).isLessThan(1e-5);
    }

    @Test
    void attacksAvoidingASetOrTargetingAClassOrLeavingThePredictionMeetTheirGoals() {
        // tinynet's logits hardly depend on its input; AdapterTest's small classifier (5 classes) does.
        OnnxThreatModel tm = new OnnxThreatModel(AdapterTest.smallClassifier(5, false), IDENTITY);
        ImageBatch b = ImageBatch.of(AdapterTest.image(8, 8, 1), AdapterTest.image(8, 8, 2));
        float[][] clean = tm.logits(b);
        int top = Prediction.fromLogits(clean[0]).label();
        SignGradientAttack bim = SignGradientAttack.builder(tm).method(SignGradientAttack.Method.BIM)
                .epsilon(Epsilon.of255(64)).steps(40).stopOnSuccess(true).build();
        ClassSet sensitive = ClassSet.of(top, (top + 2) % 5);
        int target = Prediction.fromLogits(clean[1]).topK(2)[1]; // the runner-up: reachable within the budget
        List<AttackResult> r = bim.attack(b, List.of(AttackGoal.avoiding(sensitive), AttackGoal.targeted(target)), null);
        assertThat(r.get(0).succeeded()).isTrue();
        assertThat(sensitive.contains(tm.predict(r.get(0).image()).label())).isFalse();
        assertThat(r.get(1).succeeded()).isTrue();
        assertThat(tm.predict(r.get(1).image()).label()).isEqualTo(target);

        List<AttackResult> away = bim.attackAtPrediction(b, null);
        for (int i = 0; i < 2; i++) {
            assertThat(away.get(i).goal()).isEqualTo(AttackGoal.untargeted(Prediction.fromLogits(clean[i]).label()));
            assertThat(away.get(i).succeeded()).isTrue();
        }
    }
}
