package dev.pixelprivacy.core.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.attack.AttackObjective;
import dev.pixelprivacy.core.attack.CoupledObjective;
import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.ImageFilter;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.LossGradient;
import dev.pixelprivacy.core.model.ThreatModel;
import dev.pixelprivacy.core.testing.LinearScorer;
import dev.pixelprivacy.core.testing.LinearSoftmaxModel;
import dev.pixelprivacy.core.testing.TestImages;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtectorTest {
    private static final int W = 16;
    private static final int H = 12;
    private final LinearSoftmaxModel model = LinearSoftmaxModel.random(3, W, H, 8);

    /** Mask 1 on the top half, 0 on the bottom half. */
    private static Mask topHalf(RgbImage img) {
        float[] m = new float[img.width() * img.height()];
        java.util.Arrays.fill(m, 0, m.length / 2, 1f);
        return Mask.of(img.width(), img.height(), m);
    }

    @Test
    void pixelsWhereTheMaskIsZeroAreUntouchedAndTheOutputIsOn8BitLevels() {
        RgbImage img = TestImages.random8Bit(W, H, 1);
        Protector p = Protector.builder(SignGradientAttack.builder(model).epsilon(Epsilon.of255(3))
                .mask(ProtectorTest::topHalf).robustTo8Bit(true).build()).build();
        ProtectionResult r = p.protect(img);
        int plane = W * H;
        for (int k = 0; k < img.data().length; k++) {
            float v = r.output().data()[k];
            assertThat(Math.abs(v * 255 - Math.round(v * 255))).isLessThan(1e-3f);
            if (k % plane >= plane / 2) {
                assertThat(v).isEqualTo(img.data()[k]);
            }
        }
        assertThat(r.mask()).isNotNull();
        assertThat(r.before().label()).isEqualTo(model.predict(img).label());
        assertThat(r.after().label()).isEqualTo(model.predict(r.output()).label());
    }

    @Test
    void theHeapEstimateCountsTheCopiesEachConfigurationKeeps() {
        SignGradientAttack fgsm = SignGradientAttack.builder(model).epsilon(Epsilon.of255(3)).robustTo8Bit(true).build();
        // the clean image and the iterate, which is the gradient's own array
        assertThat(Protector.builder(fgsm).build().heapBytesPerPixel()).isEqualTo(24);
        assertThat(Protector.builder(fgsm.toBuilder().mask(new dev.pixelprivacy.core.mask.UniformMask(1f)).build())
                .build().heapBytesPerPixel()).isEqualTo(24);
        SignGradientAttack masked = fgsm.toBuilder().mask(ProtectorTest::topHalf).robustTo8Bit(false).build();
        assertThat(Protector.builder(masked).build().heapBytesPerPixel()).isEqualTo(24 + 4 + 12);
        assertThat(Protector.builder(masked).postFilter((ImageFilter) img -> img).build().heapBytesPerPixel())
                .isEqualTo(72);
        SignGradientAttack mi = SignGradientAttack.builder(model).method(SignGradientAttack.Method.MI_FGSM)
                .epsilon(Epsilon.of255(3)).steps(3).robustTo8Bit(true).build();
        assertThat(Protector.builder(mi).build().heapBytesPerPixel()).isEqualTo(24 + 12 + 12 + 12);
    }

    @Test
    void thePreprocessRunsFirstAndThePredictionIsTakenAfterThePostFilter() {
        RgbImage big = TestImages.random8Bit(2 * W, 2 * H, 2);
        ImageFilter subsample = ImageFilter.named("subsample-2", img -> {
            int w = img.width() / 2;
            int h = img.height() / 2;
            float[] d = new float[3 * w * h];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        d[(c * h + y) * w + x] = img.get(c, 2 * y, 2 * x);
                    }
                }
            }
            return RgbImage.of(w, h, d);
        });
        RgbImage grey = RgbImage.filled(W, H, 0.5f, 0.5f, 0.5f);
        Protector p = Protector.builder(SignGradientAttack.fgsm(model, Epsilon.of255(8))).preprocess(subsample)
                .postFilter(ImageFilter.named("to-grey", img -> grey)).build();
        ProtectionResult r = p.protect(big);
        assertThat(r.input().width()).isEqualTo(W);
        assertThat(r.output()).isEqualTo(grey.quantised8Bit());
        assertThat(r.after().label()).isEqualTo(model.predict(grey.quantised8Bit()).label());
        assertThat(p.toString()).contains("preprocess=subsample-2", "postFilter=to-grey");
    }

    @Test
    void batchAndSingleImageCallsAgree() {
        List<RgbImage> imgs = List.of(TestImages.random8Bit(W, H, 3), TestImages.random8Bit(W, H, 4));
        Protector p = Protector.builder(SignGradientAttack.builder(model).method(SignGradientAttack.Method.BIM).steps(4)
                .epsilon(Epsilon.of255(2)).build()).build();
        List<ProtectionResult> batch = p.protect(imgs, new int[] {0, 2});
        assertThat(batch.get(1).output()).isEqualTo(p.protect(imgs.get(1), 2).output());
        assertThat(batch.get(0).trueLabel()).isZero();
    }

    @Test
    void coupledOptimisationChangesTheDirectionAndIsListed() {
        RgbImage img = TestImages.random8Bit(W, H, 5);
        LinearScorer scorer = LinearScorer.random(3 * W * H, 6);
        Protector plain = Protector.builder(SignGradientAttack.fgsm(model, Epsilon.of255(4)))
                .encoding(OutputEncoding.FLOAT).build();
        CoupledObjective co = CoupledObjective.of(AttackObjective.threatLoss(model, ClassifierLoss.CROSS_ENTROPY), scorer,
                1.0, CoupledObjective.Normalisation.UNIT_L2);
        Protector coupled = Protector.builder(SignGradientAttack.builder(model).epsilon(Epsilon.of255(4))
                .objective(co.toString(), co).build()).encoding(OutputEncoding.FLOAT).build();
        RgbImage a = plain.protect(img).output();
        RgbImage b = coupled.protect(img).output();
        assertThat(b).isNotEqualTo(a);
        assertThat(scorer.score(b)).isGreaterThan(scorer.score(a));
        assertThat(coupled.toString()).contains("objective=coupled(lambda=1.0, UNIT_L2", "encoding=float", "method=FGSM");
    }

    @Test
    void missingAttackOrImageIsRefusedWithIllegalArgument() {
        assertThatThrownBy(() -> Protector.builder(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attack must not be null");
        Protector p = Protector.builder(SignGradientAttack.fgsm(model, Epsilon.of255(4))).build();
        assertThatThrownBy(() -> p.protect(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image must not be null");
        assertThatThrownBy(() -> p.protect(null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everySettingOfTheAttackIsKept() {
        SignGradientAttack mi = SignGradientAttack.builder(model).method(SignGradientAttack.Method.MI_FGSM)
                .epsilon(Epsilon.of255(4)).steps(5).momentum(0.5).randomStart(true).seed(77).stopOnSuccess(true)
                .build();
        Protector p = Protector.builder(mi).encoding(OutputEncoding.FLOAT).build();
        RgbImage img = TestImages.random8Bit(W, H, 9);
        int label = model.predict(img).label();
        assertThat(p.protect(img, label).floatOutput()).isEqualTo(mi.attack(img,
                dev.pixelprivacy.core.attack.AttackGoal.untargeted(label)).image());
        assertThat(p.toString()).contains("momentum=0.5", "randomStart=true", "seed=77", "stopOnSuccess=true");
    }

    @Test
    void protectingAnUnlabelledPhotoSpendsNoForwardPassOnItsLabel() {
        CountingModel counting = new CountingModel(model);
        Protector p = Protector.builder(SignGradientAttack.fgsm(counting, Epsilon.of255(8)))
                .encoding(OutputEncoding.FLOAT).build();
        RgbImage img = TestImages.random8Bit(W, H, 10);
        ProtectionResult r = p.protect(img);
        assertThat(r.trueLabel()).isEqualTo(model.predict(img).label());
        assertThat(r.before().label()).isEqualTo(r.trueLabel());
        // one gradient call (label taken from its own logits) and one forward pass on the result
        assertThat(counting.gradientCalls).isEqualTo(1);
        assertThat(counting.forwardCalls).isEqualTo(1);
        assertThat(r.output()).isEqualTo(p.protect(img, r.trueLabel()).output());
    }

    @Test
    void protectingABatchOfUnlabelledPhotosSpendsNoForwardPassOnTheirLabels() {
        CountingModel counting = new CountingModel(model);
        Protector p = Protector.builder(SignGradientAttack.fgsm(counting, Epsilon.of255(8)))
                .encoding(OutputEncoding.FLOAT).build();
        List<RgbImage> imgs = List.of(TestImages.random8Bit(W, H, 11), TestImages.random8Bit(W, H, 12),
                TestImages.random8Bit(W, H, 13));
        List<ProtectionResult> rs = p.protectAtPrediction(imgs);
        // one gradient call for the three (labels from its own logits) and one forward pass on the results
        assertThat(counting.gradientCalls).isEqualTo(1);
        assertThat(counting.forwardCalls).isEqualTo(1);
        for (int i = 0; i < imgs.size(); i++) {
            assertThat(rs.get(i).trueLabel()).isEqualTo(model.predict(imgs.get(i)).label());
            assertThat(rs.get(i).before().label()).isEqualTo(rs.get(i).trueLabel());
            assertThat(rs.get(i).output()).isEqualTo(p.protect(imgs.get(i), rs.get(i).trueLabel()).output());
        }
        assertThatThrownBy(() -> p.protectAtPrediction(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("images must not be null");
    }

    /** Counts calls; takes the label from the gradient call's own logits, as an ONNX network does. */
    private static final class CountingModel implements ThreatModel {
        private final ThreatModel inner;
        int forwardCalls;
        int gradientCalls;

        CountingModel(ThreatModel inner) {
            this.inner = inner;
        }

        @Override
        public int classCount() {
            return inner.classCount();
        }

        @Override
        public float[][] logits(ImageBatch batch) {
            forwardCalls++;
            return inner.logits(batch);
        }

        @Override
        public LossGradient lossGradient(ImageBatch batch, int[] labels, ClassifierLoss loss) {
            gradientCalls++;
            return inner.lossGradient(batch, labels, loss);
        }

        @Override
        public LossGradient lossGradientAtPrediction(ImageBatch batch, ClassifierLoss loss) {
            gradientCalls++;
            return inner.lossGradientAtPrediction(batch, loss);
        }
    }

    @Test
    void aNullImageOrGoalIsAnIllegalArgumentNotANullPointer() {
        Protector p = Protector.builder(SignGradientAttack.fgsm(model, Epsilon.of255(4))).build();
        assertThatThrownBy(() -> p.protect(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image must not be null");
        assertThatThrownBy(() -> p.protect(java.util.Arrays.asList((RgbImage) null), new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("image 0 must not be null");
        SignGradientAttack attack = SignGradientAttack.fgsm(model, Epsilon.of255(4));
        RgbImage img = TestImages.random8Bit(W, H, 1);
        assertThatThrownBy(() -> attack.attack(img, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("goal 0 must not be null");
        assertThatThrownBy(() -> attack.attack(null, dev.pixelprivacy.core.attack.AttackGoal.untargeted(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("image must not be null");
    }

    @Test
    void anImageBelowTheModelsMinimumSideIsRefusedNamingBothSizes() {
        dev.pixelprivacy.core.model.ThreatModel small = new dev.pixelprivacy.core.model.ThreatModel() {
            @Override
            public int classCount() {
                return model.classCount();
            }

            @Override
            public float[][] logits(dev.pixelprivacy.core.image.ImageBatch batch) {
                return model.logits(batch);
            }

            @Override
            public dev.pixelprivacy.core.model.LossGradient lossGradient(dev.pixelprivacy.core.image.ImageBatch batch,
                    int[] labels, dev.pixelprivacy.core.model.ClassifierLoss loss) {
                return model.lossGradient(batch, labels, loss);
            }

            @Override
            public int minimumInputSide() {
                return 13;
            }
        };
        Protector p = Protector.builder(SignGradientAttack.fgsm(small, Epsilon.of255(4))).build();
        assertThatThrownBy(() -> p.protect(TestImages.random8Bit(W, H, 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image is 16x12 pixels").hasMessageContaining("at least 13x13");
    }

    @Test
    void robustToAJpegEncodingTheAttackIsJudgedOnTheJpegItWrites() {
        OutputEncoding jpeg = OutputEncoding.jpeg(30);
        Protector robust = Protector.builder(SignGradientAttack.builder(model).method(SignGradientAttack.Method.BIM)
                .steps(10).epsilon(Epsilon.of255(3)).robustTo8Bit(true).verifiedThrough(jpeg.name(), jpeg::apply)
                .build()).encoding(jpeg).build();
        assertThat(robust.toString()).contains("verifiedThrough=jpeg-30").contains("robustTo8Bit=true");
        for (int i = 0; i < 6; i++) {
            RgbImage img = TestImages.random8Bit(W, H, 100 + i);
            ProtectionResult r = robust.protect(img);
            assertThat(r.output()).isEqualTo(jpeg.apply(r.floatOutput()));
            assertThat(r.attack().after().label()).as("the attack's own verdict is the JPEG's")
                    .isEqualTo(model.predict(r.output()).label()).isEqualTo(r.after().label());
            assertThat(r.attack().steps()).as("it stops only once the JPEG fools the model")
                    .isEqualTo(r.protectedFromModel() ? r.attack().steps() : 10);
        }
        Protector plain = Protector.builder(SignGradientAttack.fgsm(model, Epsilon.of255(3))).encoding(jpeg).build();
        assertThat(plain.toString()).doesNotContain("verifiedThrough");
    }
}
