package dev.pixelprivacy.core.model;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.ImageGradient;
import java.util.ArrayList;
import java.util.List;

/**
 * Several threat models attacked at once, for adversarial examples that transfer to models that were
 * never attacked (Liu et al. 2017, "Delving into Transferable Adversarial Examples and Black-box
 * Attacks", ICLR; Dong et al. 2018, "Boosting Adversarial Attacks with Momentum", CVPR, section 3.2).
 * With weights {@code w_k} normalised to sum to 1:
 *
 * <ul>
 *   <li>the <b>loss</b> is the weighted average of the members' losses, {@code L = sum_k w_k L_k} (Dong
 *       et al.'s "ensemble in loss"), so the input gradient is the weighted sum of the members' input
 *       gradients, each member computing its own against the same labels;
 *   <li>the <b>logits</b> are the weighted average of the members' logits, {@code z = sum_k w_k z_k}
 *       (Dong et al.'s "ensemble in logits", their eq. 6): the ensemble's predictions, and hence the
 *       success an attack checks, are those of the averaged logits. The reported loss of
 *       {@link #lossGradient} is the averaged loss, which is in general not the loss of the averaged
 *       logits.
 * </ul>
 *
 * <p>Every member must have the same number of classes, indexing the same classes (the caller's
 * responsibility: the ensemble cannot check what the indices mean). Images go to each member as they
 * are; each member applies its own preprocessing.
 *
 * <p>Thread-safety: the ensemble holds no mutable state and calls its members one after another from
 * the calling thread; it is thread-safe exactly when every member is.
 */
public final class EnsembleThreatModel implements ThreatModel {
    private final List<ThreatModel> members;
    private final double[] weights;
    private final int classCount;

    private EnsembleThreatModel(List<ThreatModel> members, double[] weights) {
        this.members = members;
        this.weights = weights;
        this.classCount = members.get(0).classCount();
    }

    /**
     * @param members the threat models, at least one
     * @param weights one finite weight &gt;= 0 per member, not all 0; normalised to sum to 1
     * @return the ensemble
     * @throws IllegalArgumentException if a member is null, the counts differ, a weight is negative or
     *     not finite, all weights are 0, or two members have different class counts (naming both)
     */
    public static EnsembleThreatModel of(List<? extends ThreatModel> members, double[] weights) {
        if (members == null || members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one threat model");
        }
        if (weights == null || weights.length != members.size()) {
            throw new IllegalArgumentException("need one weight per threat model: " + members.size() + " models but "
                    + (weights == null ? "no" : weights.length) + " weights");
        }
        double sum = 0;
        for (int k = 0; k < weights.length; k++) {
            if (!(weights[k] >= 0) || !Double.isFinite(weights[k])) {
                throw new IllegalArgumentException("weight " + k + " must be finite and >= 0 but was " + weights[k]);
            }
            sum += weights[k];
        }
        if (sum == 0) {
            throw new IllegalArgumentException("at least one weight must be > 0");
        }
        List<ThreatModel> copy = new ArrayList<>(members.size());
        for (int k = 0; k < members.size(); k++) {
            ThreatModel m = members.get(k);
            if (m == null) {
                throw new IllegalArgumentException("threat model " + k + " must not be null");
            }
            if (m.classCount() != members.get(0).classCount()) {
                throw new IllegalArgumentException("every threat model of an ensemble must have the same classes, but "
                        + "model 0 has " + members.get(0).classCount() + " and model " + k + " has " + m.classCount());
            }
            copy.add(m);
        }
        double[] w = new double[weights.length];
        for (int k = 0; k < w.length; k++) {
            w[k] = weights[k] / sum;
        }
        return new EnsembleThreatModel(List.copyOf(copy), w);
    }

    /**
     * @param members the threat models, at least one, weighted equally
     * @return the ensemble
     */
    public static EnsembleThreatModel equallyWeighted(List<? extends ThreatModel> members) {
        if (members == null || members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one threat model");
        }
        double[] w = new double[members.size()];
        java.util.Arrays.fill(w, 1.0);
        return of(members, w);
    }

    /** @return the members, in order */
    public List<ThreatModel> members() {
        return members;
    }

    /** @return the normalised weights, in the members' order (a copy) */
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public int classCount() {
        return classCount;
    }

    /** @return the largest of the members' minimum sides */
    @Override
    public int minimumInputSide() {
        int m = 1;
        for (ThreatModel t : members) {
            m = Math.max(m, t.minimumInputSide());
        }
        return m;
    }

    @Override
    public void requireInputSize(int width, int height) {
        for (ThreatModel t : members) {
            t.requireInputSize(width, height);
        }
    }

    @Override
    public float[][] logits(ImageBatch batch) {
        float[][] z = null;
        for (int k = 0; k < members.size(); k++) {
            z = accumulate(z, members.get(k).logits(batch), weights[k]);
        }
        return z;
    }

    @Override
    public LossGradient lossGradient(ImageBatch batch, int[] labels, ClassifierLoss loss) {
        return combine(batch, k -> members.get(k).lossGradient(batch, labels, loss));
    }

    /** Each member's set loss, weighted: one call per member (with whatever cost each member has). */
    @Override
    public LossGradient lossGradientAwayFrom(ImageBatch batch, ClassSet[] sets) {
        ThreatModel.checkSets(sets, batch.size(), classCount);
        return combine(batch, k -> members.get(k).lossGradientAwayFrom(batch, sets));
    }

    private LossGradient combine(ImageBatch batch, java.util.function.IntFunction<LossGradient> member) {
        float[][] z = null;
        double[] losses = new double[batch.size()];
        float[] g = null;
        for (int k = 0; k < members.size(); k++) {
            LossGradient lg = member.apply(k);
            float w = (float) weights[k];
            z = accumulate(z, lg.logits(), weights[k]);
            for (int i = 0; i < losses.length; i++) {
                losses[i] += weights[k] * lg.losses()[i];
            }
            float[] gk = lg.gradient().data();
            if (g == null) {
                g = gk; // a new array owned by the caller (ThreatModel#lossGradient): scaled in place
                for (int j = 0; j < g.length; j++) {
                    g[j] *= w;
                }
            } else {
                for (int j = 0; j < g.length; j++) {
                    g[j] += w * gk[j];
                }
            }
        }
        return new LossGradient(z, losses, ImageGradient.wrap(batch.size(), batch.width(), batch.height(), g));
    }

    /** @return {@code sum + w * z}, summed in double per entry into the first array (created on the first call) */
    private static float[][] accumulate(float[][] sum, float[][] z, double w) {
        if (sum == null) {
            float[][] out = new float[z.length][];
            for (int i = 0; i < z.length; i++) {
                out[i] = new float[z[i].length];
                for (int j = 0; j < z[i].length; j++) {
                    out[i][j] = (float) (w * z[i][j]);
                }
            }
            return out;
        }
        for (int i = 0; i < z.length; i++) {
            for (int j = 0; j < z[i].length; j++) {
                sum[i][j] = (float) (sum[i][j] + w * z[i][j]);
            }
        }
        return sum;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("EnsembleThreatModel[");
        for (int k = 0; k < members.size(); k++) {
            sb.append(k == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.4g", weights[k]))
                    .append(" x ").append(members.get(k));
        }
        return sb.append(']').toString();
    }
}
