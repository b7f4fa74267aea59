package dev.pixelprivacy.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.eval.EvaluationReport;
import dev.pixelprivacy.core.eval.EvaluationSummary;
import dev.pixelprivacy.core.eval.LabelledImage;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.protect.ImageProtection;
import dev.pixelprivacy.core.protect.OutputEncoding;
import dev.pixelprivacy.core.protect.Protector;
import dev.pixelprivacy.core.protect.ProtectionResult;
import dev.pixelprivacy.core.testing.LinearScorer;
import dev.pixelprivacy.core.testing.LinearSoftmaxModel;
import dev.pixelprivacy.core.testing.TestImages;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaperMethodsTest {
    private static final int N = 48;
    private final LinearSoftmaxModel model = LinearSoftmaxModel.random(2, N, N, 21);
    private final LinearScorer scorer = LinearScorer.random(3 * N * N, 22);

    private List<LabelledImage> images(int count) {
        List<LabelledImage> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // Textured left half, flat right half, so the edge rule leaves something to perturb.
            float[] d = TestImages.random8Bit(N, N, 300 + i).copyOfData();
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < N; y++) {
                    for (int x = N / 2; x < N; x++) {
                        d[(c * N + y) * N + x] = 128 / 255f;
                    }
                }
            }
            RgbImage img = RgbImage.of(N, N, d);
            out.add(LabelledImage.of("img" + i, img, model.predict(img).label()));
        }
        return out;
    }

    private PaperMethods.Builder paper() {
        return PaperMethods.builder(model).aesthetics(scorer);
    }

    @Test
    void everyMethodLowersAccuracyAsEpsGrows() {
        List<Epsilon> eps = List.of(Epsilon.pixels(0), Epsilon.of255(2), Epsilon.of255(8), Epsilon.of255(32));
        EvaluationReport report = paper().build().evaluation(List.of(PaperMethod.values()), eps, scorer).run(images(12));
        for (PaperMethod m : PaperMethod.values()) {
            List<EvaluationSummary> rows = report.summaries().stream().filter(s -> s.attack().equals(m.title())).toList();
            assertThat(rows).hasSize(4);
            if (m != PaperMethod.SALIENT_DEFENCE_TILT_SHIFT) {
                // Tilt-shift alone (eps 0) already changes some predictions, as the paper observed.
                assertThat(rows.get(0).accuracy()).as(m.title()).isEqualTo(1.0);
            }
            assertThat(rows.get(3).accuracy()).as(m.title()).isLessThan(rows.get(0).accuracy());
            for (int i = 1; i < rows.size(); i++) {
                assertThat(rows.get(i).accuracy()).as(m.title() + " at " + rows.get(i).epsilon())
                        .isLessThanOrEqualTo(rows.get(i - 1).accuracy());
            }
        }
    }

    @Test
    void salientDefencePerturbsNothingWhereItsMapIsZero() throws Exception {
        PaperMethods paper = paper().build();
        RgbImage img = images(1).get(0).load();
        ProtectionResult r = paper.protection(PaperMethod.SALIENT_DEFENCE, Epsilon.of255(8)).protect(img, 0);
        assertThat(r.mask()).isNotNull();
        int plane = N * N;
        int zeros = 0;
        for (int p = 0; p < plane; p++) {
            if (r.mask().data()[p] == 0f) {
                zeros++;
                for (int c = 0; c < 3; c++) {
                    assertThat(r.output().data()[c * plane + p]).isEqualTo(img.data()[c * plane + p]);
                }
            }
        }
        assertThat(zeros).isGreaterThan(plane / 3); // the flat half, at least
    }

    @Test
    void coupledOptimisationRaisesTheAestheticScoreRelativeToFgsmAtTheSameEps() throws Exception {
        PaperMethods paper = paper().encoding(OutputEncoding.FLOAT).build();
        double fgsm = 0;
        double coupled = 0;
        for (LabelledImage li : images(6)) {
            RgbImage img = li.load();
            fgsm += scorer.score(paper.protection(PaperMethod.FGSM, Epsilon.of255(4)).protect(img, li.label()).output());
            coupled += scorer.score(paper.protection(PaperMethod.COUPLED_OPTIMISATION, Epsilon.of255(4))
                    .protect(img, li.label()).output());
        }
        assertThat(coupled).isGreaterThan(fgsm);
    }

    @Test
    void theTaskProtocolResizesTo256FirstWhenAskedAndOnlyThen() {
        LinearSoftmaxModel big = LinearSoftmaxModel.random(2, 256, 256, 5);
        RgbImage photo = TestImages.random8Bit(320, 200, 6);
        LinearSoftmaxModel own = LinearSoftmaxModel.random(2, 320, 200, 5);
        ProtectionResult full = PaperMethods.builder(own).build().protection(PaperMethod.SALIENT_DEFENCE, Epsilon.of255(2))
                .protect(photo, 0);
        assertThat(full.output().width()).isEqualTo(320);
        assertThat(full.output().height()).isEqualTo(200);
        PaperMethods paper = PaperMethods.builder(big).taskProtocol(true).build();
        ProtectionResult r = paper.protection(PaperMethod.SALIENT_DEFENCE_TILT_SHIFT, Epsilon.of255(2))
                .protect(TestImages.random8Bit(320, 200, 6), 0);
        assertThat(r.output().width()).isEqualTo(256);
        assertThat(r.output().height()).isEqualTo(256);
    }

    @Test
    void compatibilityModeRunsTheReferencePipelineAndWritesJpeg() throws Exception {
        PaperMethods paper = paper().compatibility(true).build();
        RgbImage img = images(1).get(0).load();
        Epsilon eps = Epsilon.imageNetNormalised(0.05);
        for (PaperMethod m : PaperMethod.values()) {
            ProtectionResult r = paper.protection(m, eps).protect(img, 0);
            assertThat(r.output().width()).isEqualTo(N);
            assertThat(r.after().label()).isEqualTo(model.predict(r.output()).label());
        }
        // The reference output is a global min-max of the normalised tensor: its range is [0, 1] exactly.
        ProtectionResult fgsm = paper.protection(PaperMethod.FGSM, eps).protect(img, 0);
        float min = 1f;
        float max = 0f;
        for (float v : fgsm.floatOutput().data()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isZero();
        assertThat(max).isEqualTo(1f);
        assertThat(paper.toString()).contains("compatibility=true", "encoding=jpeg-75");
        assertThatThrownBy(() -> paper.protection(PaperMethod.FGSM, Epsilon.of255(1)))
                .hasMessageContaining("ImageNet-normalised units");
    }

    @Test
    void coupledOptimisationNeedsAScorer() {
        PaperMethods paper = PaperMethods.builder(model).build();
        assertThatThrownBy(() -> paper.protection(PaperMethod.COUPLED_OPTIMISATION, Epsilon.of255(1)))
                .hasMessageContaining("aesthetics");
    }

    @Test
    void theAttackTemplateIsKeptWholeAndItsMaskOrObjectiveIsRefused() {
        SignGradientAttack pgd = SignGradientAttack.builder(model).method(SignGradientAttack.Method.PGD).steps(3)
                .epsilon(Epsilon.of255(1)).momentum(0.5).seed(99).stopOnSuccess(true).build();
        Protector p = paper().attack(pgd).build().protector(Epsilon.of255(4), null, false, false);
        assertThat(p.attack().toString()).contains("method=PGD", "steps=3", "seed=99", "stopOnSuccess=true",
                "robustTo8Bit=true", "4.000/255");
        assertThatThrownBy(() -> paper().attack(SignGradientAttack.builder(model).epsilon(Epsilon.of255(1))
                .mask(img -> null).build()).build()).hasMessageContaining("must have no mask");
        LinearSoftmaxModel other = LinearSoftmaxModel.random(3, N, N, 3);
        assertThatThrownBy(() -> paper().attack(SignGradientAttack.fgsm(other, Epsilon.of255(1))).build())
                .hasMessageContaining("not this builder's threat model");
        assertThatThrownBy(() -> paper().compatibility(true).attack(pgd).build())
                .hasMessageContaining("FGSM only");
    }

    @Test
    void anUnlabelledPhotoIsProtectedAgainstItsOwnPrediction() throws Exception {
        RgbImage img = images(1).get(0).load();
        ImageProtection sd = paper().build().protection(PaperMethod.SALIENT_DEFENCE, Epsilon.of255(8));
        ProtectionResult r = sd.protect(img);
        assertThat(r.trueLabel()).isEqualTo(model.predict(img).label());
        assertThat(r.output()).isEqualTo(sd.protect(img, r.trueLabel()).output());
    }
}
