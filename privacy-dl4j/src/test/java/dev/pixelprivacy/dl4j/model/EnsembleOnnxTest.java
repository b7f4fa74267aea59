package dev.pixelprivacy.dl4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.core.attack.AttackGoal;
import dev.pixelprivacy.core.attack.AttackResult;
import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.model.ClassSet;
import dev.pixelprivacy.core.model.EnsembleThreatModel;
import dev.pixelprivacy.core.model.Prediction;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An ensemble of two real networks of 7 classes (the PyTorch tinynet fixture and AdapterTest's small
 * convolutional classifier), through the set head, and a composed transfer attack against it.
 */
class EnsembleOnnxTest {
    private static final Preprocessing IDENTITY = Preprocessing.builder().build();

    @Test
    void ensembleSetGradientIsTheWeightedSumAndDiTiMiFgsmAgainstItMeetsTheGoalWithinTheBudget() throws Exception {
        Fixtures.Fixture f = Fixtures.load("tinynet");
        // tinynet's concatenations need a 32x32 input: its preprocessing resizes input diversity's canvases back
        OnnxThreatModel tiny = new OnnxThreatModel(OnnxModel.load(f.model()),
                Preprocessing.builder().size(32, 32).resize(Preprocessing.ResizeRule.BILINEAR).build());
        OnnxThreatModel small = new OnnxThreatModel(AdapterTest.smallClassifier(7, false), IDENTITY);
        EnsembleThreatModel e = EnsembleThreatModel.of(List.of(tiny, small), new double[] {1, 2});
        long[] s = f.input().shape();
        ImageBatch b = ImageBatch.wrap((int) s[0], (int) s[3], (int) s[2], f.input().data().clone());
        ClassSet[] sets = {ClassSet.of(3), ClassSet.of(1, 3)};
        float[] gt = tiny.lossGradientAwayFrom(b, sets).gradient().data();
        float[] gs = small.lossGradientAwayFrom(b, sets).gradient().data();
        float[] ge = e.lossGradientAwayFrom(b, sets).gradient().data();
        float[] expected = new float[ge.length];
        for (int k = 0; k < ge.length; k++) {
            expected[k] = (float) (gt[k] / 3.0 + 2 * gs[k] / 3.0);
        }
        assertThat(Fixtures.relativeL2(ge, expected)).isLessThan(1e-6);

        int top = Prediction.fromLogits(e.logits(b)[0]).label();
        Epsilon eps = Epsilon.of255(32);
        SignGradientAttack attack = SignGradientAttack.named(e, "di-ti-mi-fgsm").epsilon(eps).steps(20)
                .translationInvariance(3, 1).robustTo8Bit(true).build();
        AttackResult r = attack.attack(b.image(0), AttackGoal.untargeted(top));
        assertThat(r.linf()).isLessThanOrEqualTo(eps.max() + 1e-6);
        assertThat(r.after().label()).isEqualTo(e.predict(r.image()).label());
        assertThat(r.succeeded()).isTrue();
    }
}
