package dev.pixelprivacy.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.pixelprivacy.core.attack.AttackGoal;
import dev.pixelprivacy.core.attack.AttackObjective;
import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.ImageGradient;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.LossGradient;
import dev.pixelprivacy.core.model.ThreatModel;
import dev.pixelprivacy.core.testing.LinearSoftmaxModel;
import dev.pixelprivacy.core.testing.TestImages;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExpectationOverTransformationTest {
    private static final String SMOOTH = "resize:long=10..11:kernel=any,gamma:g=0.8..1.2,jitter:contrast=0.8..1.2,shift:dx=-1..1";

    /**
     * A classifier of any input size with closed-form gradients: {@code z_c = sum_k a[c][k] m_k + b[c] q},
     * m_k the mean of channel k and q the mean of the squared samples. Counts its gradient calls.
     */
    static final class ChannelMeanModel implements ThreatModel {
        private final double[][] a = {{2.0, -1.0, 0.5}, {-1.5, 2.5, 1.0}, {0.3, 0.4, -2.0}};
        private final double[] b = {1.0, -2.0, 3.0};
        int gradientCalls;

        @Override
        public int classCount() {
            return 3;
        }

        @Override
        public float[][] logits(ImageBatch batch) {
            float[][] z = new float[batch.size()][];
            for (int i = 0; i < batch.size(); i++) {
                z[i] = logits(batch.data(), i * batch.imageLength(), batch.width() * batch.height());
            }
            return z;
        }

        float[] logits(float[] x, int off, int n) {
            double[] m = new double[3];
            double q = 0;
            for (int k = 0; k < 3; k++) {
                for (int p = 0; p < n; p++) {
                    double v = x[off + k * n + p];
                    m[k] += v / n;
                    q += v * v / (3.0 * n);
                }
            }
            float[] z = new float[3];
            for (int c = 0; c < 3; c++) {
                z[c] = (float) (a[c][0] * m[0] + a[c][1] * m[1] + a[c][2] * m[2] + b[c] * q);
            }
            return z;
        }

        @Override
        public LossGradient lossGradient(ImageBatch batch, int[] labels, ClassifierLoss loss) {
            gradientCalls++;
            int n = batch.width() * batch.height();
            int per = batch.imageLength();
            float[][] z = logits(batch);
            double[] losses = new double[batch.size()];
            float[] g = new float[batch.size() * per];
            for (int i = 0; i < batch.size(); i++) {
                losses[i] = loss.value(z[i], labels[i]);
                float[] dz = loss.logitGradient(z[i], labels[i]);
                for (int k = 0; k < 3; k++) {
                    for (int p = 0; p < n; p++) {
                        double v = batch.data()[i * per + k * n + p];
                        double s = 0;
                        for (int c = 0; c < 3; c++) {
                            s += dz[c] * (a[c][k] / n + b[c] * 2 * v / (3.0 * n));
                        }
                        g[i * per + k * n + p] = (float) s;
                    }
                }
            }
            return new LossGradient(z, losses, ImageGradient.wrap(batch.size(), batch.width(), batch.height(), g));
        }
    }

    @Test
    void identityDistributionEqualsThePlainThreatLoss() {
        LinearSoftmaxModel model = LinearSoftmaxModel.random(4, 9, 7, 1);
        ImageBatch batch = ImageBatch.of(TestImages.uniform(9, 7, 0, 1, 2), TestImages.uniform(9, 7, 0, 1, 3));
        List<AttackGoal> goals = List.of(AttackGoal.untargeted(1), AttackGoal.targeted(2));
        AttackObjective.Direction plain = AttackObjective.threatLoss(model, ClassifierLoss.CROSS_ENTROPY).direction(batch, goals);
        AttackObjective.Direction eot = ExpectationOverTransformation.of(model, ClassifierLoss.CROSS_ENTROPY,
                TransformDistribution.parse("identity"), 3, 5).direction(batch, goals);
        assertThat(eot.logits()).isDeepEqualTo(plain.logits());
        for (int i = 0; i < plain.ascent().length; i++) {
            assertThat(eot.ascent()[i]).isCloseTo(plain.ascent()[i], offset(1e-6f * Math.max(1f, Math.abs(plain.ascent()[i]))));
        }
    }

    @Test
    void identityDistributionEqualsThePlainThreatLossForMixedClassAndSetGoals() {
        LinearSoftmaxModel model = LinearSoftmaxModel.random(5, 8, 6, 11);
        ImageBatch batch = ImageBatch.of(TestImages.uniform(8, 6, 0, 1, 12), TestImages.uniform(8, 6, 0, 1, 13),
                TestImages.uniform(8, 6, 0, 1, 14));
        List<AttackGoal> goals = List.of(AttackGoal.avoiding(dev.pixelprivacy.core.model.ClassSet.of(1, 3)),
                AttackGoal.untargeted(2), AttackGoal.avoiding(dev.pixelprivacy.core.model.ClassSet.of(0, 4)));
        AttackObjective.Direction plain = AttackObjective.threatLoss(model, ClassifierLoss.CROSS_ENTROPY).direction(batch, goals);
        AttackObjective.Direction eot = ExpectationOverTransformation.of(model, ClassifierLoss.CROSS_ENTROPY,
                TransformDistribution.parse("identity"), 2, 5).direction(batch, goals);
        for (int i = 0; i < plain.ascent().length; i++) {
            assertThat(eot.ascent()[i]).isCloseTo(plain.ascent()[i], offset(1e-6f * Math.max(1f, Math.abs(plain.ascent()[i]))));
        }
    }

    @Test
    void directionIsTheGradientOfTheExpectedLossOverTheDrawnChains() {
        ChannelMeanModel model = new ChannelMeanModel();
        RgbImage img = TestImages.uniform(16, 12, 0.3f, 0.7f, 4);
        int label = 1;
        TransformDistribution dist = TransformDistribution.parse(SMOOTH);
        int samples = 6;
        long seed = 77;
        float[] direction = ExpectationOverTransformation.of(model, ClassifierLoss.CROSS_ENTROPY, dist, samples, seed)
                .direction(ImageBatch.of(img), List.of(AttackGoal.untargeted(label))).ascent();
        // the first step's chains are the first N draws of a generator of that seed
        SplittableRandom rng = new SplittableRandom(seed);
        List<TransformChain> chains = new java.util.ArrayList<>();
        for (int s = 0; s < samples; s++) {
            chains.add(dist.sample(rng));
        }
        float[] d = Adjoints.uniform(img.data().length, -1, 1, 8);
        double h = 1e-3;
        double fd = (expectedLoss(model, chains, shifted(img.data(), d, h), label)
                - expectedLoss(model, chains, shifted(img.data(), d, -h), label)) / (2 * h);
        assertThat(Adjoints.dot(direction, d)).isCloseTo(fd, offset(1e-3 * Math.abs(fd)));
    }

    private static float[] shifted(float[] x, float[] d, double h) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] + h * d[i]);
        }
        return y;
    }

    private static double expectedLoss(ChannelMeanModel model, List<TransformChain> chains, float[] x, int label) {
        ImageSize size = new ImageSize(16, 12);
        double sum = 0;
        for (TransformChain c : chains) {
            float[] y = c.forward(x, size);
            sum += ClassifierLoss.CROSS_ENTROPY.value(model.logits(y, 0, c.outputSize(size).pixelCount()), label);
        }
        return sum / chains.size();
    }

    @Test
    void samplesOfOneOutputSizeShareOneGradientCall() {
        ChannelMeanModel model = new ChannelMeanModel();
        ImageBatch batch = ImageBatch.of(TestImages.uniform(16, 12, 0.3f, 0.7f, 4), TestImages.uniform(16, 12, 0.3f, 0.7f, 5));
        ExpectationOverTransformation.of(model, ClassifierLoss.CROSS_ENTROPY,
                TransformDistribution.parse("resize:long=10..11,jpeg:q=60..90"), 8, 3).directionAtPrediction(batch);
        // long side 10 or 11: two output sizes (10x8, 11x8), so two batched calls for 8 samples of 2 images
        assertThat(model.gradientCalls).isEqualTo(2);
    }

    @Test
    void sameSeedGivesTheSameDirectionsStepAfterStep() {
        ChannelMeanModel model = new ChannelMeanModel();
        ImageBatch batch = ImageBatch.of(TestImages.uniform(16, 12, 0.3f, 0.7f, 6));
        TransformDistribution dist = TransformDistribution.parse(SMOOTH + ",jpeg:q=70..95");
        ExpectationOverTransformation a = ExpectationOverTransformation.of(model, ClassifierLoss.CROSS_ENTROPY, dist, 4, 9);
        ExpectationOverTransformation b = ExpectationOverTransformation.of(model, ClassifierLoss.CROSS_ENTROPY, dist, 4, 9);
        ExpectationOverTransformation other = ExpectationOverTransformation.of(model, ClassifierLoss.CROSS_ENTROPY, dist, 4, 10);
        List<AttackGoal> goals = List.of(AttackGoal.untargeted(0));
        float[] a1 = a.direction(batch, goals).ascent();
        float[] a2 = a.direction(batch, goals).ascent();
        assertThat(b.direction(batch, goals).ascent()).containsExactly(a1);
        assertThat(b.direction(batch, goals).ascent()).containsExactly(a2);
        assertThat(a2).isNotEqualTo(a1);
        assertThat(other.direction(batch, goals).ascent()).isNotEqualTo(a1);
    }

    @Test
    void logitsAreThoseOfTheUntransformedImages() {
        ChannelMeanModel model = new ChannelMeanModel();
        ImageBatch batch = ImageBatch.of(TestImages.uniform(16, 12, 0.3f, 0.7f, 6));
        AttackObjective.Direction d = ExpectationOverTransformation.of(model, ClassifierLoss.CROSS_ENTROPY,
                TransformDistribution.parse("resize:long=8,gamma:g=2"), 2, 1).directionAtPrediction(batch);
        assertThat(d.logits()).isDeepEqualTo(model.logits(batch));
    }

    @Test
    void pgdWithTheObjectiveRaisesTheLossAfterEveryKernel() {
        // plugged into the attack through the builder; the loss the model sees after each platform
        // resize of the result is above the clean photo's
        ChannelMeanModel model = new ChannelMeanModel();
        RgbImage clean = TestImages.uniform(24, 16, 0.3f, 0.7f, 12);
        int label = dev.pixelprivacy.core.model.Prediction.fromLogits(model.logits(clean)).label();
        ExpectationOverTransformation eot = ExpectationOverTransformation.of(model, ClassifierLoss.CROSS_ENTROPY,
                TransformDistribution.parse("resize:long=12:kernel=any,jpeg:q=70..95"), 4, 1);
        dev.pixelprivacy.core.attack.AttackResult r = dev.pixelprivacy.core.attack.SignGradientAttack.builder(model)
                .method(dev.pixelprivacy.core.attack.SignGradientAttack.Method.PGD)
                .epsilon(dev.pixelprivacy.core.attack.Epsilon.of255(8)).steps(5).objective("eot", eot).build()
                .attack(clean, AttackGoal.untargeted(label));
        assertThat(r.linf255()).isLessThanOrEqualTo(8.0 + 1e-3);
        for (ResizeKernel k : ResizeKernel.values()) {
            Resize down = Resize.to(12, 8, k);
            double before = ClassifierLoss.CROSS_ENTROPY.value(model.logits(down.apply(clean)), label);
            double after = ClassifierLoss.CROSS_ENTROPY.value(model.logits(down.apply(r.image())), label);
            assertThat(after).as(k.toString()).isGreaterThan(before);
        }
    }

    @Test
    void badSettingsAreRefused() {
        ChannelMeanModel model = new ChannelMeanModel();
        TransformDistribution dist = TransformDistribution.parse("identity");
        assertThatThrownBy(() -> ExpectationOverTransformation.of(model, ClassifierLoss.CROSS_ENTROPY, dist, 0, 1))
                .hasMessageContaining("samples").hasMessageContaining("0");
        assertThatThrownBy(() -> ExpectationOverTransformation.of(null, ClassifierLoss.CROSS_ENTROPY, dist, 1, 1))
                .hasMessageContaining("threat model");
    }
}
