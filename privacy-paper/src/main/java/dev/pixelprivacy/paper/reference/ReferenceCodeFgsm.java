package dev.pixelprivacy.paper.reference;

import dev.pixelprivacy.core.attack.Attack;
import dev.pixelprivacy.core.attack.AttackGoal;
import dev.pixelprivacy.core.attack.AttackObjective;
import dev.pixelprivacy.core.attack.AttackResult;
import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.mask.PerturbationMask;
import dev.pixelprivacy.core.metrics.ImageMetrics;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.ImageNetStatistics;
import dev.pixelprivacy.core.model.Prediction;
import dev.pixelprivacy.core.model.ThreatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * FGSM exactly as the authors' reference code computes it (compatibility mode; METHOD.md, last
 * section), so their published numbers can be studied:
 *
 * <ul>
 *   <li>the step happens on the ImageNet-normalised tensor {@code t = (x - mean) / std} with eps in
 *       normalised units: {@code t' = t + eps * M * sign(d)}, and nothing is clipped;
 *   <li>the loss is the negative true-class logit (their {@code nll_loss} on raw logits), unless
 *       another objective (their z-score coupling) is given;
 *   <li>the image written is the global min-max of {@code t'} over all channels,
 *       {@code (t' - min t') / (max t' - min t')}, not the de-normalised tensor: a contrast stretch of
 *       the whole picture.
 * </ul>
 *
 * <p>The result is that min-max image as floats; rounding it to 8 bits (as their
 * {@code save_image} did, to nearest) and any JPEG step belong to the output encoding. The reported
 * prediction is the threat model's on that image. Their own logged accuracies were taken on the
 * unclipped {@code t'}, which an RGB image in [0, 1] cannot represent.
 */
public final class ReferenceCodeFgsm implements Attack {
    private final ThreatModel model;
    private final double epsilon;
    private final double[] mean;
    private final double[] std;
    private final AttackObjective objective;
    private final String objectiveName;
    private final PerturbationMask mask;

    private ReferenceCodeFgsm(Builder b) {
        this.model = b.model;
        this.epsilon = b.epsilon;
        this.mean = b.mean.clone();
        this.std = b.std.clone();
        this.objective = b.objective != null ? b.objective
                : AttackObjective.threatLoss(b.model, ClassifierLoss.NEGATIVE_TRUE_LOGIT);
        this.objectiveName = b.objective != null ? b.objectiveName : "threat-loss(NEGATIVE_TRUE_LOGIT)";
        this.mask = b.mask;
    }

    /**
     * @param model the threat model
     * @return a builder with ImageNet mean and std and the negative true-class logit loss
     */
    public static Builder builder(ThreatModel model) {
        return new Builder(model);
    }

    @Override
    public String name() {
        return "fgsm-reference";
    }

    @Override
    public List<AttackResult> attack(ImageBatch batch, List<AttackGoal> goals, List<Mask> masks) {
        Attack.checkBatchArguments(batch, goals, masks);
        int n = batch.size();
        int plane = batch.width() * batch.height();
        int per = 3 * plane;
        AttackObjective.Direction d = objective.direction(batch, goals);
        List<RgbImage> outs = new ArrayList<>(n);
        Prediction[] before = new Prediction[n];
        for (int i = 0; i < n; i++) {
            before[i] = Prediction.fromLogits(d.logits()[i]);
            RgbImage clean = batch.image(i);
            Mask m = masks != null && masks.get(i) != null ? masks.get(i) : (mask == null ? null : mask.compute(clean));
            if (m != null) {
                m.requireSizeOf(clean);
            }
            float[] t = normalised(clean, mean, std);
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < plane; p++) {
                    int k = c * plane + p;
                    float step = (float) epsilon * Math.signum(d.ascent()[i * per + k]);
                    t[k] += m != null ? step * m.data()[p] : step;
                }
            }
            outs.add(globalMinMax(t, batch.width(), batch.height()));
        }
        Prediction[] after = model.predict(ImageBatch.of(outs));
        List<AttackResult> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            RgbImage clean = batch.image(i);
            results.add(new AttackResult(outs.get(i), goals.get(i), before[i], after[i],
                    ImageMetrics.linf(clean, outs.get(i)), ImageMetrics.l2(clean, outs.get(i)), 1));
        }
        return results;
    }

    /**
     * @param image RGB in [0, 1]
     * @param mean per-channel mean
     * @param std per-channel standard deviation
     * @return the normalised tensor {@code (x - mean) / std}, planar
     */
    public static float[] normalised(RgbImage image, double[] mean, double[] std) {
        int plane = image.pixelCount();
        float[] x = image.data();
        float[] t = new float[x.length];
        for (int c = 0; c < 3; c++) {
            float mu = (float) mean[c];
            float sd = (float) std[c];
            for (int p = 0; p < plane; p++) {
                t[c * plane + p] = (x[c * plane + p] - mu) / sd;
            }
        }
        return t;
    }

    /**
     * How the reference code wrote a normalised tensor: {@code (t - min t) / (max t - min t)} over all
     * channels at once (all zeros for a constant tensor).
     *
     * @param t planar tensor, overwritten
     * @param width columns
     * @param height rows
     * @return the written image
     */
    public static RgbImage globalMinMax(float[] t, int width, int height) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : t) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float range = max - min;
        for (int k = 0; k < t.length; k++) {
            t[k] = range > 0 ? (t[k] - min) / range : 0f;
        }
        return RgbImage.clamped(width, height, t);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ReferenceCodeFgsm[epsilon=%s (normalised), mean=%s, std=%s, objective=%s, mask=%s]",
                epsilon, java.util.Arrays.toString(mean), java.util.Arrays.toString(std), objectiveName,
                mask == null ? "none" : mask);
    }

    /** Configures a {@link ReferenceCodeFgsm}. */
    public static final class Builder {
        private final ThreatModel model;
        private double epsilon = Double.NaN;
        private double[] mean = ImageNetStatistics.means();
        private double[] std = ImageNetStatistics.stds();
        private AttackObjective objective;
        private String objectiveName;
        private PerturbationMask mask;

        private Builder(ThreatModel model) {
            if (model == null) {
                throw new IllegalArgumentException("threat model must not be null");
            }
            this.model = model;
        }

        /**
         * @param epsNormalised the step in normalised units (the paper's 0.01 and 0.05), &gt;= 0
         * @return this
         */
        public Builder epsilon(double epsNormalised) {
            this.epsilon = epsNormalised;
            return this;
        }

        /**
         * @param mean per-channel mean of the normalisation (ImageNet by default)
         * @param std per-channel standard deviation (ImageNet by default)
         * @return this
         */
        public Builder normalisation(double[] mean, double[] std) {
            this.mean = mean;
            this.std = std;
            return this;
        }

        /**
         * @param name for {@code toString()}
         * @param objective the direction (e.g. {@link ReferenceCoupling})
         * @return this
         */
        public Builder objective(String name, AttackObjective objective) {
            this.objectiveName = name;
            this.objective = objective;
            return this;
        }

        /**
         * @param mask the per-pixel strength (their Salient Defence map), or null for none
         * @return this
         */
        public Builder mask(PerturbationMask mask) {
            this.mask = mask;
            return this;
        }

        /**
         * @return the attack
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public ReferenceCodeFgsm build() {
            if (!(epsilon >= 0) || !Double.isFinite(epsilon)) {
                throw new IllegalArgumentException("epsilon (normalised units) must be finite and >= 0 but was " + epsilon);
            }
            if (mean == null || mean.length != 3 || std == null || std.length != 3) {
                throw new IllegalArgumentException("mean and std need 3 values each");
            }
            for (int c = 0; c < 3; c++) {
                if (!(std[c] > 0)) {
                    throw new IllegalArgumentException("std values must be > 0 but std[" + c + "] was " + std[c]);
                }
            }
            if (objective != null && (objectiveName == null || objectiveName.isBlank())) {
                throw new IllegalArgumentException("an objective needs a name");
            }
            return new ReferenceCodeFgsm(this);
        }
    }
}
