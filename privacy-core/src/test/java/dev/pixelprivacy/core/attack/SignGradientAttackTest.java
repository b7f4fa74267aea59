package dev.pixelprivacy.core.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.attack.SignGradientAttack.Method;
import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.Prediction;
import dev.pixelprivacy.core.testing.LinearSoftmaxModel;
import dev.pixelprivacy.core.testing.TestImages;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SignGradientAttackTest {
    private static final int W = 12;
    private static final int H = 10;
    private final LinearSoftmaxModel model = LinearSoftmaxModel.random(5, W, H, 42);

    /** Mask: 1 on the left half, 0 on the right half. */
    private static Mask halfMask() {
        float[] m = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W / 2; x++) {
                m[y * W + x] = 1f;
            }
        }
        return Mask.of(W, H, m);
    }

    @Test
    void fgsmMovesExactlyEpsTimesSignOfGradientWhereMaskIsOneAndNothingWhereZero() {
        // Values in [0.2, 0.8] so a step of 8/255 never reaches the [0, 1] clip.
        RgbImage image = TestImages.uniform(W, H, 0.2f, 0.8f, 1);
        int label = 2;
        Epsilon eps = Epsilon.of255(8);
        float[] grad = model.lossGradient(image, label, ClassifierLoss.CROSS_ENTROPY).gradient().data();

        AttackResult r = SignGradientAttack.fgsm(model, eps).attack(image, AttackGoal.untargeted(label), halfMask());

        float[] x0 = image.data();
        float[] x1 = r.image().data();
        int plane = W * H;
        for (int k = 0; k < x0.length; k++) {
            int p = k % plane;
            boolean masked = (p % W) < W / 2;
            float expected = masked ? x0[k] + eps.channel(k / plane) * Math.signum(grad[k]) : x0[k];
            assertThat(x1[k]).as("sample %d", k).isEqualTo(expected);
        }
        assertThat(r.linf()).isCloseTo(8 / 255.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(r.steps()).isEqualTo(1);
    }

    @Test
    void fgsmClipsToUnitRange() {
        RgbImage white = RgbImage.filled(W, H, 1f, 1f, 0f);
        AttackResult r = SignGradientAttack.fgsm(model, Epsilon.of255(16)).attack(white, AttackGoal.untargeted(0));
        for (float v : r.image().data()) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void perChannelBudgetFromNormalisedUnitsIsRespected() {
        RgbImage image = TestImages.uniform(W, H, 0.3f, 0.7f, 3);
        Epsilon eps = Epsilon.imageNetNormalised(0.05);
        AttackResult r = SignGradientAttack.fgsm(model, eps).attack(image, AttackGoal.untargeted(1));
        int plane = W * H;
        for (int k = 0; k < image.data().length; k++) {
            float d = Math.abs(r.image().data()[k] - image.data()[k]);
            assertThat(d).isLessThanOrEqualTo(eps.channel(k / plane) + 1e-7f);
        }
        assertThat(eps.channel(0)).isCloseTo(0.05f * 0.229f, org.assertj.core.data.Offset.offset(1e-7f));
    }

    @Test
    void pgdNeverLeavesTheEpsBallOrTheUnitRange() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 5; trial++) {
            // Samples at and near 0 and 1 so that clipping and projection interact.
            float[] d = new float[3 * W * H];
            for (int k = 0; k < d.length; k++) {
                int kind = r.nextInt(4);
                d[k] = kind == 0 ? 0f : kind == 1 ? 1f : (float) r.nextDouble();
            }
            RgbImage image = RgbImage.of(W, H, d);
            Epsilon eps = Epsilon.of255(4 + trial);
            SignGradientAttack pgd = SignGradientAttack.builder(model).method(Method.PGD).epsilon(eps)
                    .steps(20).stepSize(eps.times(0.9)).seed(trial).build();
            AttackResult res = pgd.attack(image, AttackGoal.untargeted(trial % 5));
            for (int k = 0; k < d.length; k++) {
                float v = res.image().data()[k];
                assertThat(v).isBetween(0f, 1f);
                assertThat(Math.abs(v - d[k])).isLessThanOrEqualTo(eps.max() + 1e-7f);
            }
            assertThat(res.steps()).isEqualTo(20);
        }
    }

    @Test
    void pgdWithMaskKeepsZeroMaskPixelsUntouchedEvenWithItsRandomStart() {
        RgbImage image = TestImages.uniform(W, H, 0.1f, 0.9f, 5);
        SignGradientAttack pgd = SignGradientAttack.builder(model).method(Method.PGD)
                .epsilon(Epsilon.of255(8)).steps(5).build();
        AttackResult res = pgd.attack(image, AttackGoal.untargeted(0), halfMask());
        int plane = W * H;
        for (int k = 0; k < image.data().length; k++) {
            if ((k % plane) % W >= W / 2) {
                assertThat(res.image().data()[k]).isEqualTo(image.data()[k]);
            }
        }
    }

    @Test
    void targetedAttacksRaiseTheTargetsProbability() {
        RgbImage image = TestImages.uniform(W, H, 0.2f, 0.8f, 11);
        Prediction clean = model.predict(image);
        int target = (clean.label() + 1) % model.classCount();
        for (Method m : Method.values()) {
            SignGradientAttack a = SignGradientAttack.builder(model).method(m).epsilon(Epsilon.of255(2)).build();
            AttackResult r = a.attack(image, AttackGoal.targeted(target));
            assertThat(r.after().probabilities()[target]).as(m.name())
                    .isGreaterThan(clean.probabilities()[target]);
        }
    }

    @Test
    void untargetedAttacksRaiseTheLoss() {
        RgbImage image = TestImages.uniform(W, H, 0.2f, 0.8f, 12);
        int label = model.predict(image).label();
        double clean = model.lossGradient(image, label, ClassifierLoss.CROSS_ENTROPY).losses()[0];
        for (Method m : Method.values()) {
            SignGradientAttack a = SignGradientAttack.builder(model).method(m).epsilon(Epsilon.of255(2)).build();
            RgbImage adv = a.attack(image, AttackGoal.untargeted(label)).image();
            double after = model.lossGradient(adv, label, ClassifierLoss.CROSS_ENTROPY).losses()[0];
            assertThat(after).as(m.name()).isGreaterThan(clean);
        }
    }

    @Test
    void accuracyFallsAsEpsGrows() {
        // Two classes: the cross-entropy gradient's sign is sign(w_other - w_true) whatever the
        // probabilities, so FGSM lowers the margin by exactly eps * ||w_other - w_true||_1: monotone.
        LinearSoftmaxModel two = LinearSoftmaxModel.random(2, W, H, 99);
        List<RgbImage> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int s = 0; images.size() < 40; s++) {
            RgbImage img = TestImages.uniform(W, H, 0.25f, 0.75f, 1000 + s);
            images.add(img);
            labels.add(two.predict(img).label()); // correct when clean by construction
        }
        double[] eps255 = {0, 0.25, 0.5, 1, 2, 4, 8};
        double previous = 1.0;
        double last = 1.0;
        for (double e : eps255) {
            SignGradientAttack fgsm = SignGradientAttack.fgsm(two, Epsilon.of255(e));
            int correct = 0;
            for (int i = 0; i < images.size(); i++) {
                AttackResult r = fgsm.attack(images.get(i), AttackGoal.untargeted(labels.get(i)));
                correct += r.after().label() == labels.get(i) ? 1 : 0;
            }
            double acc = correct / (double) images.size();
            assertThat(acc).as("accuracy at eps %s/255", e).isLessThanOrEqualTo(previous);
            previous = acc;
            last = acc;
        }
        assertThat(last).isLessThan(0.5);
    }

    @Test
    void zeroEpsLeavesTheImageUnchangedAndTakesNoStep() {
        RgbImage image = TestImages.uniform(W, H, 0f, 1f, 13);
        for (Method m : Method.values()) {
            AttackResult r = SignGradientAttack.builder(model).method(m).epsilon(Epsilon.pixels(0)).build()
                    .attack(image, AttackGoal.untargeted(0));
            assertThat(r.image()).isEqualTo(image);
            assertThat(r.steps()).isZero();
            assertThat(r.linf()).isZero();
        }
    }

    @Test
    void bimWithOneFullStepEqualsFgsm() {
        RgbImage image = TestImages.uniform(W, H, 0f, 1f, 14);
        Epsilon eps = Epsilon.of255(3);
        RgbImage fgsm = SignGradientAttack.fgsm(model, eps).attack(image, AttackGoal.untargeted(1)).image();
        RgbImage bim = SignGradientAttack.builder(model).method(Method.BIM).epsilon(eps).steps(1).build()
                .attack(image, AttackGoal.untargeted(1)).image();
        assertThat(bim).isEqualTo(fgsm);
    }

    @Test
    void momentumFgsmWithZeroDecayEqualsBim() {
        // With mu = 0 the direction is grad / ||grad||_1, whose sign is the gradient's sign.
        RgbImage image = TestImages.uniform(W, H, 0f, 1f, 15);
        Epsilon eps = Epsilon.of255(6);
        RgbImage bim = SignGradientAttack.builder(model).method(Method.BIM).epsilon(eps).steps(4).build()
                .attack(image, AttackGoal.untargeted(3)).image();
        RgbImage mi = SignGradientAttack.builder(model).method(Method.MI_FGSM).momentum(0).epsilon(eps).steps(4)
                .build().attack(image, AttackGoal.untargeted(3)).image();
        assertThat(mi).isEqualTo(bim);
    }

    @Test
    void batchGivesTheSameResultsAsOneImageAtATime() {
        List<RgbImage> images = List.of(TestImages.uniform(W, H, 0f, 1f, 21),
                TestImages.uniform(W, H, 0f, 1f, 22), TestImages.uniform(W, H, 0f, 1f, 23));
        List<AttackGoal> goals = List.of(AttackGoal.untargeted(0), AttackGoal.targeted(3), AttackGoal.untargeted(4));
        SignGradientAttack bim = SignGradientAttack.builder(model).method(Method.MI_FGSM)
                .epsilon(Epsilon.of255(4)).steps(3).build();
        List<AttackResult> batch = bim.attack(ImageBatch.of(images), goals, null);
        for (int i = 0; i < images.size(); i++) {
            AttackResult single = bim.attack(images.get(i), goals.get(i));
            assertThat(batch.get(i).image()).isEqualTo(single.image());
            assertThat(batch.get(i).after().label()).isEqualTo(single.after().label());
        }
    }

    @Test
    void robustTo8BitResultsAreOnTheGridWithinBudgetAndReportTheRoundedPrediction() {
        RgbImage image = TestImages.random8Bit(W, H, 31);
        Epsilon eps = Epsilon.of255(2.6); // not a whole number of levels: rounding must not overshoot
        for (Method m : Method.values()) {
            SignGradientAttack a = SignGradientAttack.builder(model).method(m).epsilon(eps).robustTo8Bit(true).build();
            AttackResult r = a.attack(image, AttackGoal.untargeted(model.predict(image).label()));
            for (int k = 0; k < image.data().length; k++) {
                float v = r.image().data()[k];
                assertThat(Math.abs(v * 255f - Math.round(v * 255f))).isLessThan(1e-3f);
                assertThat(Math.abs(v - image.data()[k])).isLessThanOrEqualTo(eps.max() + 1e-6f);
            }
            assertThat(r.after().label()).isEqualTo(model.predict(r.image()).label());
        }
    }

    @Test
    void robustTo8BitIterativeAttackStopsOnceTheRoundedImageSucceeds() {
        RgbImage image = TestImages.random8Bit(W, H, 32);
        int label = model.predict(image).label();
        SignGradientAttack bim = SignGradientAttack.builder(model).method(Method.BIM)
                .epsilon(Epsilon.of255(64)).steps(50).robustTo8Bit(true).build();
        AttackResult r = bim.attack(image, AttackGoal.untargeted(label));
        assertThat(r.succeeded()).isTrue();
        assertThat(r.steps()).isBetween(1, 49);
    }

    @Test
    void builderRefusesInvalidSettingsNamingTheValue() {
        assertThatThrownBy(() -> SignGradientAttack.builder(model).epsilon(Epsilon.of255(1)).steps(3).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FGSM takes exactly 1 step but steps was 3");
        assertThatThrownBy(() -> SignGradientAttack.builder(model).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epsilon must be set");
        assertThatThrownBy(() -> SignGradientAttack.builder(model).method(Method.MI_FGSM)
                .epsilon(Epsilon.of255(1)).momentum(-1).build())
                .hasMessageContaining("momentum must be finite and >= 0 but was -1.0");
        assertThatThrownBy(() -> SignGradientAttack.builder(model).method(Method.BIM)
                .epsilon(Epsilon.of255(1)).steps(0).build())
                .hasMessageContaining("steps must be in [1, 100000] but was 0");
        assertThatThrownBy(() -> Epsilon.of255(-2)).hasMessageContaining("-2");
        assertThatThrownBy(() -> Epsilon.pixels(1.5)).hasMessageContaining("1.5");
    }

    @Test
    void maskOfWrongSizeIsRefused() {
        RgbImage image = TestImages.uniform(W, H, 0f, 1f, 40);
        assertThatThrownBy(() -> SignGradientAttack.fgsm(model, Epsilon.of255(1))
                .attack(image, AttackGoal.untargeted(0), Mask.filled(W + 1, H, 1f)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("13x10").hasMessageContaining("12x10");
    }

    @Test
    void toStringListsEverySetting() {
        String s = SignGradientAttack.builder(model).method(Method.PGD).epsilon(Epsilon.of255(8)).steps(7).build().toString();
        assertThat(s).contains("method=PGD", "steps=7", "8.0/255", "stepSize=", "momentum=", "randomStart=true",
                "seed=", "objective=", "mask=none", "robustTo8Bit=false", "stopOnSuccess=false");
    }

    @Test
    void toBuilderRederivesTheDefaultStepSizeForANewEps() {
        SignGradientAttack a = SignGradientAttack.builder(model).method(Method.BIM).epsilon(Epsilon.of255(10)).steps(10).build();
        SignGradientAttack b = a.toBuilder().epsilon(Epsilon.of255(20)).build();
        assertThat(b.toString()).contains("20.0/255 x 0.1");
    }
}
