package dev.pixelprivacy.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.attack.AttackGoal;
import dev.pixelprivacy.core.attack.AttackResult;
import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.ImageGradient;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.EnsembleThreatModel;
import dev.pixelprivacy.core.model.LossGradient;
import dev.pixelprivacy.core.model.ThreatModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The robust preset on a linear two-class model of any input size (logit 1 = the image's mean brightness
 * minus 0.5, logit 0 = 0), small enough to check by hand: the attack the preset builds, its refusals, and
 * that it takes every step where a plain attack stops at the first success.
 */
class RobustProtectionTest {

    /** z1 = mean(x) - 0.5, z0 = 0; cross-entropy gradient in closed form. */
    static final class Brightness implements ThreatModel {
        int gradientCalls;

        @Override
        public int classCount() {
            return 2;
        }

        @Override
        public float[][] logits(ImageBatch batch) {
            float[][] z = new float[batch.size()][];
            int per = 3 * batch.width() * batch.height();
            for (int n = 0; n < batch.size(); n++) {
                double sum = 0;
                for (int i = 0; i < per; i++) {
                    sum += batch.data()[n * per + i];
                }
                z[n] = new float[] {0f, (float) (sum / per - 0.5)};
            }
            return z;
        }

        @Override
        public LossGradient lossGradient(ImageBatch batch, int[] labels, ClassifierLoss loss) {
            gradientCalls++;
            float[][] z = logits(batch);
            int per = 3 * batch.width() * batch.height();
            float[] g = new float[batch.size() * per];
            double[] losses = new double[batch.size()];
            for (int n = 0; n < batch.size(); n++) {
                float[] dz = loss.logitGradient(z[n], labels[n]);
                losses[n] = loss.value(z[n], labels[n]);
                for (int i = 0; i < per; i++) {
                    g[n * per + i] = dz[1] / per;
                }
            }
            return new LossGradient(z, losses, ImageGradient.wrap(batch.size(), batch.width(), batch.height(), g));
        }
    }

    @Test
    void presetIsTiMiFgsmWithExpectationOverThePlatformAndEightBitRounding() {
        SignGradientAttack a = RobustProtection.attack(List.of(new Brightness()), Epsilon.of255(8), 3).build();
        assertThat(a.name()).isEqualTo(RobustProtection.METHOD);
        assertThat(a.method()).isEqualTo(SignGradientAttack.Method.MI_FGSM);
        assertThat(a.objectiveName()).contains(RobustProtection.PLATFORM).contains("n=" + RobustProtection.EOT_SAMPLES);
        assertThat(a.robustTo8Bit()).isTrue();
        assertThat(a.epsilon()).isEqualTo(Epsilon.of255(8));
        assertThat(a.toString()).contains("steps=" + RobustProtection.STEPS, "everyStep", "seed=3");
        assertThat(RobustProtection.attack(List.of(new Brightness(), new Brightness()), Epsilon.of255(4), 0).build()
                .threatModel()).isInstanceOf(EnsembleThreatModel.class);
    }

    @Test
    void refusesMoreThanEightLevelsNoModelAndTransformsOnTop() {
        assertThatThrownBy(() -> RobustProtection.attack(List.of(new Brightness()), Epsilon.of255(9), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8/255").hasMessageContaining("9");
        assertThatThrownBy(() -> RobustProtection.attack(List.of(), Epsilon.of255(8), 0))
                .hasMessageContaining("at least one threat model");
        assertThatThrownBy(() -> RobustProtection.checkOptions(true, "jpeg:q=75", 4))
                .hasMessageContaining("--robust").hasMessageContaining("jpeg:q=75");
        assertThatThrownBy(() -> RobustProtection.checkOptions(false, "jpeg:q=75", 0)).hasMessageContaining("--eot-samples");
        assertThatThrownBy(() -> RobustProtection.checkOptions(false, "jpg:q=75", 4)).hasMessageContaining("jpg");
    }

    @Test
    void expectationAttacksTakeEveryStepWherePlainOnesStopAtTheFirstSuccess() {
        // Grey 129/255 (just above 0.5): class 1 (z1 > 0). One step of eps/10 darkens it below 0.5, which already meets the
        // untargeted goal; the plain robust-to-8-bit attack stops there, the EOT attack goes on to the budget.
        RgbImage grey = RgbImage.filled(8, 8, 129 / 255f, 129 / 255f, 129 / 255f);
        Brightness plainModel = new Brightness();
        SignGradientAttack plain = SignGradientAttack.named(plainModel, "mi-fgsm").epsilon(Epsilon.of255(8)).steps(10)
                .robustTo8Bit(true).build();
        AttackResult p = plain.attack(ImageBatch.of(grey), List.of(AttackGoal.untargeted(1)), null).get(0);
        Brightness eotModel = new Brightness();
        SignGradientAttack eot = RobustProtection.fromOptions(eotModel, "mi-fgsm", Epsilon.of255(8), false, "jpeg:q=90",
                1, 0).steps(10).robustTo8Bit(true).build();
        AttackResult e = eot.attack(ImageBatch.of(grey), List.of(AttackGoal.untargeted(1)), null).get(0);

        assertThat(p.after().label()).isEqualTo(0);
        assertThat(e.after().label()).isEqualTo(0);
        assertThat(plainModel.gradientCalls).isLessThan(10);
        assertThat(eotModel.gradientCalls).isEqualTo(10);
        float darkest = 1;
        for (float v : e.image().data()) {
            darkest = Math.min(darkest, v);
        }
        // all ten steps taken: the image is 8 levels darker everywhere (within the JPEG surrogate's rounding of
        // a flat image, which keeps it flat)
        assertThat((double) darkest).isCloseTo(121 / 255.0, org.assertj.core.data.Offset.offset(1e-6));
    }
}
