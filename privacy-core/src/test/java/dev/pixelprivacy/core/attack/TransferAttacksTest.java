package dev.pixelprivacy.core.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pixelprivacy.core.attack.SignGradientAttack.Method;
import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.ImageGradient;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.LossGradient;
import dev.pixelprivacy.core.model.ThreatModel;
import dev.pixelprivacy.core.testing.LinearSoftmaxModel;
import dev.pixelprivacy.core.testing.TestImages;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** DI-, TI-, NI- and VMI-FGSM: the equivalences with the plain attacks, the transforms, and hand-computed steps. */
class TransferAttacksTest {
    private static final int W = 12;
    private static final int H = 10;
    private final LinearSoftmaxModel model = LinearSoftmaxModel.random(5, W, H, 42);
    private final RgbImage image = TestImages.uniform(W, H, 0.1f, 0.9f, 7);
    private final Epsilon eps = Epsilon.of255(8);

    private SignGradientAttack.Builder mi() {
        return SignGradientAttack.builder(model).method(Method.MI_FGSM).epsilon(eps).steps(5).seed(11);
    }

    /** MI-FGSM against the size-agnostic {@link PositionalModel}, which input diversity's canvases can be fed to. */
    private static SignGradientAttack.Builder miAnySize() {
        return SignGradientAttack.builder(new PositionalModel()).method(Method.MI_FGSM).epsilon(Epsilon.of255(8))
                .steps(5).seed(11);
    }

    private RgbImage run(SignGradientAttack.Builder b, AttackGoal goal) {
        return b.build().attack(image, goal).image();
    }

    @Test
    void inputDiversityWithProbabilityZeroEqualsMiFgsm() {
        for (AttackGoal g : List.of(AttackGoal.untargeted(2), AttackGoal.targeted(4))) {
            assertThat(run(mi().inputDiversity(0, 330 / 299.0), g)).isEqualTo(run(mi(), g));
        }
    }

    @Test
    void inputDiversityWithProbabilityOneChangesTheResultAndStaysInTheBudget() {
        RgbImage di = run(miAnySize().inputDiversity(1, 1.5), AttackGoal.untargeted(1));
        assertThat(di).isNotEqualTo(run(miAnySize(), AttackGoal.untargeted(1)));
        assertThat(run(miAnySize().inputDiversity(1, 1.5), AttackGoal.untargeted(1))).isEqualTo(di);
        for (int k = 0; k < di.data().length; k++) {
            assertThat(Math.abs(di.data()[k] - image.data()[k])).isLessThanOrEqualTo(eps.max() + 1e-7f);
        }
    }

    @Test
    void translationInvarianceWithAOneByOneKernelEqualsThePlainAttack() {
        SignGradientAttack.Builder fgsm = SignGradientAttack.builder(model).epsilon(eps);
        assertThat(run(fgsm.translationInvariance(1, 3), AttackGoal.untargeted(1)))
                .isEqualTo(run(SignGradientAttack.builder(model).epsilon(eps), AttackGoal.untargeted(1)));
        assertThat(run(mi().translationInvariance(1, 0.5), AttackGoal.untargeted(1)))
                .isEqualTo(run(mi(), AttackGoal.untargeted(1)));
    }

    @Test
    void nesterovWithMomentumZeroEqualsBim() {
        RgbImage bim = run(SignGradientAttack.builder(model).method(Method.BIM).epsilon(eps).steps(5),
                AttackGoal.untargeted(3));
        assertThat(run(mi().momentum(0).nesterov(true), AttackGoal.untargeted(3))).isEqualTo(bim);
    }

    @Test
    void varianceTuningWithNoSamplesOrZeroBetaEqualsMiFgsm() {
        RgbImage plain = run(mi(), AttackGoal.untargeted(0));
        assertThat(run(mi().varianceTuning(0, 1.5), AttackGoal.untargeted(0))).isEqualTo(plain);
        assertThat(run(mi().varianceTuning(4, 0), AttackGoal.untargeted(0))).isEqualTo(plain);
        assertThat(run(mi().varianceTuning(4, 1.5), AttackGoal.untargeted(0))).isNotEqualTo(plain);
    }

    @Test
    void composedOptionsAreSeededAndKeepMasksAndEightBitRounding() {
        Mask half = Mask.of(W, H, halfMask());
        SignGradientAttack a = miAnySize().inputDiversity(0.5, 1.2).translationInvariance(5, 1).nesterov(true)
                .varianceTuning(3, 1.5).robustTo8Bit(true).build();
        assertThat(a.name()).isEqualTo("di-ti-vni-fgsm");
        RgbImage clean = TestImages.random8Bit(W, H, 5);
        AttackResult r1 = a.attack(clean, AttackGoal.untargeted(1), half);
        AttackResult r2 = a.attack(clean, AttackGoal.untargeted(1), half);
        assertThat(r1.image()).isEqualTo(r2.image());
        int plane = W * H;
        for (int k = 0; k < clean.data().length; k++) {
            float v = r1.image().data()[k];
            assertThat(Math.abs(v * 255f - Math.round(v * 255f))).isLessThan(1e-3f);
            float allowed = (k % plane) % W < W / 2 ? eps.max() + 1e-6f : 0f;
            assertThat(Math.abs(v - clean.data()[k])).as("sample %d", k).isLessThanOrEqualTo(allowed);
        }
        assertThat(r1.after().label()).isEqualTo(new PositionalModel().predict(r1.image()).label());
    }

    private static float[] halfMask() {
        float[] m = new float[W * H];
        for (int p = 0; p < m.length; p++) {
            m[p] = p % W < W / 2 ? 1f : 0f;
        }
        return m;
    }

    @Test
    void resizePadAdjointIdentityHoldsOnRandomData() {
        SplittableRandom rnd = new SplittableRandom(3);
        int[][] sizes = {{12, 10}, {7, 13}, {1, 5}, {30, 4}};
        for (int[] s : sizes) {
            for (double rate : new double[] {330 / 299.0, 1.5, 0.6, 1.0}) {
                for (int trial = 0; trial < 5; trial++) {
                    ResizePad t = ResizePad.random(s[0], s[1], rate, rnd);
                    int n = 2;
                    float[] x = random(rnd, n * 3 * s[0] * s[1]);
                    float[] y = random(rnd, n * 3 * t.canvasWidth * t.canvasHeight);
                    double lhs = dot(t.forward(x, n), y);
                    double rhs = dot(x, t.adjoint(y, n));
                    // float sums of at most a few terms per entry: relative error well below 1e-5
                    assertThat(lhs).as("%s", t).isCloseTo(rhs, within(1e-5 * (1 + Math.abs(lhs))));
                }
            }
        }
    }

    @Test
    void resizePadIsNearestNeighbourThenZeroPadding() {
        // 3x2 -> 2x3 at (1, 0) on 4x3: column d reads floor(d * 3 / 2) = 0, 1; row d reads floor(d * 2 / 3) = 0, 0, 1.
        ResizePad t = new ResizePad(3, 2, 2, 3, 4, 3, 1, 0);
        float[] x = new float[3 * 6];
        for (int k = 0; k < 6; k++) {
            x[k] = k + 1; // red plane: rows [1 2 3], [4 5 6]
        }
        float[] red = java.util.Arrays.copyOf(t.forward(x, 1), 12);
        assertThat(red).containsExactly(0, 1, 2, 0, 0, 1, 2, 0, 0, 4, 5, 0);
        float[] back = t.adjoint(t.forward(x, 1), 1);
        // the adjoint sums what each source sample fed: 1 and 2 twice, 4 and 5 once, 3 and 6 never
        assertThat(java.util.Arrays.copyOf(back, 6)).containsExactly(2, 4, 0, 4, 5, 0);
        assertThat(ResizePad.random(3, 2, 1.0, new SplittableRandom(1)).forward(x, 1)).containsExactly(x);
    }

    @Test
    void translationInvarianceKernelIsThePapersNormalisedGaussian() {
        // scipy: x = linspace(-3, 3, 15); k = norm.pdf(x); k /= k.sum()  ->  k[0], k[3], k[7]
        float[] k = new GradientSmoothing(15, 14 / 6.0).kernel1d();
        double sum = 0;
        for (float v : k) {
            sum += v;
        }
        assertThat(sum).isCloseTo(1.0, within(1e-6));
        assertThat((double) k[0]).isCloseTo(0.00190165, within(1e-7));
        assertThat((double) k[3]).isCloseTo(0.03938291, within(1e-7));
        assertThat((double) k[7]).isCloseTo(0.17118068, within(1e-7));
        // the 2-D kernel is the outer product: gkern(15, 3)[7, 7] = 0.029302825 in scipy
        assertThat((double) k[7] * k[7]).isCloseTo(0.029302825, within(1e-7));
    }

    /** A size-agnostic linear classifier of 2 classes: {@code z_c = sum A[c][ch] * pos(x, y) * v}, pos = x + 1 - 2y. */
    private static final class PositionalModel implements ThreatModel {
        static final float[][] A = {{1f, -2f, 0.5f}, {-1f, 1f, 3f}};
        final List<float[]> inputs = new ArrayList<>();

        static float pos(int x, int y) {
            return x + 1 - 2 * y;
        }

        @Override
        public int classCount() {
            return 2;
        }

        @Override
        public float[][] logits(ImageBatch b) {
            // z_c = sum_ch A[c][ch] * S_ch, S_ch the position-weighted sum of channel ch
            float[][] z = new float[b.size()][2];
            int plane = b.width() * b.height();
            for (int i = 0; i < b.size(); i++) {
                for (int ch = 0; ch < 3; ch++) {
                    float sum = 0;
                    int off = (3 * i + ch) * plane;
                    for (int p = 0; p < plane; p++) {
                        sum += pos(p % b.width(), p / b.width()) * b.data()[off + p];
                    }
                    z[i][0] += A[0][ch] * sum;
                    z[i][1] += A[1][ch] * sum;
                }
            }
            return z;
        }

        @Override
        public LossGradient lossGradient(ImageBatch b, int[] labels, ClassifierLoss loss) {
            inputs.add(b.data().clone());
            float[][] z = logits(b);
            int plane = b.width() * b.height();
            float[] g = new float[b.size() * 3 * plane];
            double[] l = new double[b.size()];
            for (int i = 0; i < b.size(); i++) {
                float[] dz = loss.logitGradient(z[i], labels[i]);
                l[i] = loss.value(z[i], labels[i]);
                for (int ch = 0; ch < 3; ch++) {
                    for (int p = 0; p < plane; p++) {
                        float pp = pos(p % b.width(), p / b.width());
                        g[i * 3 * plane + ch * plane + p] = (dz[0] * A[0][ch] + dz[1] * A[1][ch]) * pp;
                    }
                }
            }
            return new LossGradient(z, l, ImageGradient.wrap(b.size(), b.width(), b.height(), g));
        }
    }

    /** FGSM of eps e on the negative true logit, whose gradient is the model's weights times pos. */
    private static SignGradientAttack.Builder negativeLogitFgsm(ThreatModel m, float e) {
        return SignGradientAttack.builder(m).epsilon(Epsilon.pixels(e)).loss(ClassifierLoss.NEGATIVE_TRUE_LOGIT);
    }

    @Test
    void oneDiFgsmStepMovesOnlyTheSamplesTheResizeKept() {
        // 3x2 with rate 0.7: resized to 2x1 (the only size in [2, 3) x [1, 2)) at (0, 0) on a 3x2 canvas, so
        // the canvas holds source (0,0) and (1,0) at canvas (0,0) and (1,0), the rest is padding.
        // NEGATIVE_TRUE_LOGIT against class 0: canvas gradient -A[0][ch] * pos(x, y); pulled back, source (0,0)
        // gets -A[0][ch] * 1, (1,0) gets -A[0][ch] * 2, the others 0 (no step: sign 0).
        PositionalModel m = new PositionalModel();
        RgbImage img = RgbImage.filled(3, 2, 0.5f, 0.5f, 0.5f);
        float e = 4 / 255f;
        RgbImage r = negativeLogitFgsm(m, e).inputDiversity(1, 0.7).build().attack(img, AttackGoal.untargeted(0)).image();
        float[] expected = new float[18];
        for (int ch = 0; ch < 3; ch++) {
            float s = Math.signum(-PositionalModel.A[0][ch]);
            for (int p = 0; p < 6; p++) {
                expected[ch * 6 + p] = p < 2 ? 0.5f + e * s : 0.5f;
            }
        }
        assertThat(r.data()).containsExactly(expected);
        assertThat(m.inputs.get(0).length).isEqualTo(18); // the canvas: 3x2, as the source
        assertThat(m.inputs.get(0)[2]).isZero(); // canvas (2, 0) is padding
    }

    @Test
    void oneTiFgsmStepTakesTheSignOfTheSmoothedGradient() {
        // A 1x3 image (one column, three rows): pos = 1 - 2y = [1, -1, -3], so with NEGATIVE_TRUE_LOGIT against
        // class 1 the red gradient is -A[1][0] * pos = [1, -1, -3]. Column smoothing, zero-padded:
        // size 3, sigma 1: k = [0.27407, 0.45186, 0.27407] (exp(-1/2), 1, exp(-1/2) normalised):
        //   row 0: 0.45186 * 1 + 0.27407 * (-1) = 0.17779 > 0; row 1: 0.27407 - 0.45186 - 0.82221 < 0.
        // size 5, sigma 2: k = [0.15247, 0.22184, 0.25138, 0.22184, 0.15247]:
        //   row 0: 0.25138 * 1 - 0.22184 * 1 - 0.15247 * 3 = -0.42787 < 0: the sign of row 0 flips.
        PositionalModel m = new PositionalModel();
        RgbImage img = RgbImage.filled(1, 3, 0.5f, 0.5f, 0.5f);
        float e = 2 / 255f;
        RgbImage narrow = negativeLogitFgsm(m, e).translationInvariance(3, 1).build().attack(img, AttackGoal.untargeted(1)).image();
        RgbImage wide = negativeLogitFgsm(m, e).translationInvariance(5, 2).build().attack(img, AttackGoal.untargeted(1)).image();
        assertThat(narrow.data()[0]).isEqualTo(0.5f + e);
        assertThat(narrow.data()[1]).isEqualTo(0.5f - e);
        assertThat(wide.data()[0]).isEqualTo(0.5f - e);
    }

    /** softmax(W x) - e_y pulled back through W, in double: the LinearSoftmaxModel's cross-entropy gradient. */
    private double[] ceGradient(float[] x, int label) {
        float[][] wts = model.weights();
        double[] z = new double[wts.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < wts.length; c++) {
            for (int k = 0; k < x.length; k++) {
                z[c] += (double) wts[c][k] * x[k];
            }
            max = Math.max(max, z[c]);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        double[] g = new double[x.length];
        for (int c = 0; c < wts.length; c++) {
            double dz = Math.exp(z[c] - max) / sum - (c == label ? 1 : 0);
            for (int k = 0; k < x.length; k++) {
                g[k] += dz * wts[c][k];
            }
        }
        return g;
    }

    private double[] stepFrom(double[] x, double[] direction, float[] x0, float alpha) {
        double[] out = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            double v = x[k] + alpha * Math.signum(direction[k]);
            double b = eps.channel(k / (W * H));
            out[k] = Math.min(Math.min(1, x0[k] + b), Math.max(Math.max(0, x0[k] - b), v));
        }
        return out;
    }

    private static double l1(double[] g) {
        double s = 0;
        for (double v : g) {
            s += Math.abs(v);
        }
        return s;
    }

    @Test
    void twoNiFgsmStepsMatchTheFormulaWrittenOut() {
        // x1 = x0 + a sign(g1), g1 = grad(x0) / |grad(x0)|_1; x_nes = x1 + a mu (3 W H) g1 (the mean-normalised
        // momentum of Lin et al.'s code); g2 = mu g1 + grad(x_nes) / |.|_1; x2 = Proj(x1 + a sign(g2)).
        double mu = 1.0;
        float a = eps.max() / 2;
        float[] x0 = image.data();
        double[] g0 = ceGradient(x0, 2);
        double n0 = l1(g0);
        double[] m1 = new double[g0.length];
        for (int k = 0; k < g0.length; k++) {
            m1[k] = g0[k] / n0;
        }
        double[] x1 = stepFrom(toDouble(x0), m1, x0, a);
        float[] nes = new float[x1.length];
        for (int k = 0; k < nes.length; k++) {
            nes[k] = (float) Math.min(1, Math.max(0, x1[k] + a * mu * x1.length * m1[k]));
        }
        double[] gn = ceGradient(nes, 2);
        double nn = l1(gn);
        double[] m2 = new double[gn.length];
        for (int k = 0; k < gn.length; k++) {
            m2[k] = mu * m1[k] + gn[k] / nn;
        }
        double[] x2 = stepFrom(x1, m2, x0, a);
        RgbImage ni = run(mi().steps(2).momentum(mu).nesterov(true), AttackGoal.untargeted(2));
        for (int k = 0; k < x2.length; k++) {
            assertThat((double) ni.data()[k]).as("sample %d", k).isCloseTo(x2[k], within(1e-6));
        }
        assertThat(ni).isNotEqualTo(run(mi().steps(2), AttackGoal.untargeted(2)));
    }

    @Test
    void twoVmiFgsmStepsMatchTheFormulaWrittenOutAtTheNeighboursTheAttackDrew() {
        // Step 1 as MI-FGSM; then v = mean of grad(neighbour) - grad(x1) over the N neighbours of x1; step 2
        // climbs g2 = mu g1 + (grad(x1) + v) / |grad(x1) + v|_1 (Wang and He 2021, eq. 3-4).
        LinearSoftmaxModel recording = LinearSoftmaxModel.random(5, W, H, 42);
        List<float[]> calls = new ArrayList<>();
        ThreatModel spy = new ThreatModel() {
            @Override
            public int classCount() {
                return recording.classCount();
            }

            @Override
            public float[][] logits(ImageBatch b) {
                return recording.logits(b);
            }

            @Override
            public LossGradient lossGradient(ImageBatch b, int[] labels, ClassifierLoss loss) {
                calls.add(b.data().clone());
                return recording.lossGradient(b, labels, loss);
            }
        };
        int n = 3;
        double beta = 1.5;
        float a = eps.max() / 2;
        RgbImage vmi = SignGradientAttack.builder(spy).method(Method.MI_FGSM).epsilon(eps).steps(2).seed(11)
                .varianceTuning(n, beta).build().attack(image, AttackGoal.untargeted(2)).image();
        // calls: x0, the n neighbours of x0 (v for step 2), x1; the last step computes no v
        assertThat(calls).hasSize(1 + n + 1);
        float[] x0 = image.data();
        double[] g0 = ceGradient(x0, 2);
        double[] v = new double[g0.length];
        for (int s = 1; s <= n; s++) {
            float[] nb = calls.get(s);
            for (int k = 0; k < nb.length; k++) {
                assertThat(Math.abs(nb[k] - x0[k])).isLessThanOrEqualTo((float) (beta * eps.channel(0)) + 1e-6f);
            }
            double[] gs = ceGradient(nb, 2);
            for (int k = 0; k < v.length; k++) {
                v[k] += gs[k] / n;
            }
        }
        for (int k = 0; k < v.length; k++) {
            v[k] -= g0[k];
        }
        double n0 = l1(g0);
        double[] m1 = new double[g0.length];
        for (int k = 0; k < g0.length; k++) {
            m1[k] = g0[k] / n0;
        }
        double[] x1 = stepFrom(toDouble(x0), m1, x0, a);
        double[] g1 = ceGradient(toFloat(x1), 2);
        double[] t = new double[g1.length];
        for (int k = 0; k < t.length; k++) {
            t[k] = g1[k] + v[k];
        }
        double nt = l1(t);
        double[] m2 = new double[t.length];
        for (int k = 0; k < t.length; k++) {
            m2[k] = m1[k] + t[k] / nt;
        }
        double[] x2 = stepFrom(x1, m2, x0, a);
        for (int k = 0; k < x2.length; k++) {
            assertThat((double) vmi.data()[k]).as("sample %d", k).isCloseTo(x2[k], within(1e-6));
        }
    }

    @Test
    void builderRefusesInvalidTransferSettingsNamingTheValue() {
        assertThatThrownBy(() -> mi().inputDiversity(1.5, 1.1).build()).hasMessageContaining("probability")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> mi().inputDiversity(0.5, 0).build()).hasMessageContaining("resize rate")
                .hasMessageContaining("0.0");
        assertThatThrownBy(() -> mi().translationInvariance(4, 1).build()).hasMessageContaining("odd")
                .hasMessageContaining("4");
        assertThatThrownBy(() -> mi().translationInvariance(3, -1).build()).hasMessageContaining("sigma")
                .hasMessageContaining("-1.0");
        assertThatThrownBy(() -> SignGradientAttack.builder(model).method(Method.BIM).epsilon(eps).nesterov(true)
                .build()).hasMessageContaining("MI_FGSM").hasMessageContaining("BIM");
        assertThatThrownBy(() -> SignGradientAttack.builder(model).epsilon(eps).varianceTuning(5, 1).build())
                .hasMessageContaining("FGSM");
        assertThatThrownBy(() -> mi().varianceTuning(-2, 1).build()).hasMessageContaining("-2");
    }

    @Test
    void toBuilderAndToStringKeepTheTransferOptions() {
        SignGradientAttack a = miAnySize().inputDiversity(0.5, 1.1).translationInvariance(7, 2).nesterov(true)
                .varianceTuning(5, 1.5).build();
        assertThat(a.toString()).contains("inputDiversity=(p=0.5, rate=1.1)", "translationInvariance=(size=7, sigma=2.0)",
                "nesterov=true", "varianceTuning=(N=5, beta=1.5)");
        assertThat(a.toBuilder().build().toString()).isEqualTo(a.toString());
        assertThat(a.toBuilder().build().attack(image, AttackGoal.untargeted(1)).image())
                .isEqualTo(a.attack(image, AttackGoal.untargeted(1)).image());
        assertThat(SignGradientAttack.builder(model).method(Method.BIM).epsilon(eps).varianceTuning(2, 1).build().name())
                .isEqualTo("vt-bim");
        assertThat(mi().build().toString()).doesNotContain("inputDiversity", "nesterov");
    }

    @Test
    void namedAttacksCarryThePapersSettingsAndRoundTripThroughTheirNames() {
        for (String core : List.of("fgsm", "bim", "pgd", "mi-fgsm", "ni-fgsm", "vmi-fgsm", "vni-fgsm", "vt-bim", "vt-pgd")) {
            for (String prefix : List.of("", "di-", "ti-", "di-ti-")) {
                String name = prefix + core;
                assertThat(SignGradientAttack.named(model, name.toUpperCase(java.util.Locale.ROOT)).epsilon(eps).build()
                        .name()).isEqualTo(name);
            }
        }
        assertThat(SignGradientAttack.named(model, "di-ti-vmi-fgsm").epsilon(eps).build().toString()).contains(
                "method=MI_FGSM", "inputDiversity=(p=0.5, rate=" + 330 / 299.0 + ")",
                "translationInvariance=(size=15, sigma=" + 7 / 3.0 + ")", "varianceTuning=(N=20, beta=1.5)");
        for (String bad : List.of("ti-di-fgsm", "vt-fgsm", "vt-mi-fgsm", "xyz")) {
            assertThatThrownBy(() -> SignGradientAttack.named(model, bad)).hasMessageContaining("unknown attack '" + bad + "'")
                    .hasMessageContaining("vni-fgsm");
        }
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            d[k] = x[k];
        }
        return d;
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int k = 0; k < x.length; k++) {
            f[k] = (float) x[k];
        }
        return f;
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int k = 0; k < n; k++) {
            x[k] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += (double) a[k] * b[k];
        }
        return s;
    }
}
