package dev.pixelprivacy.core.attack;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.model.ClassSet;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.LossGradient;
import dev.pixelprivacy.core.model.ThreatModel;
import java.util.List;

/**
 * {@link AttackObjective#threatLoss}: the threat model's loss gradient, negated for targeted goals; for
 * goals avoiding a class set, the gradient of {@link ClassifierLoss#awayFromSet} instead.
 */
final class ThreatLossObjective implements AttackObjective {
    private final ThreatModel model;
    private final ClassifierLoss loss;

    ThreatLossObjective(ThreatModel model, ClassifierLoss loss) {
        this.model = model;
        this.loss = loss;
    }

    @Override
    public Direction direction(ImageBatch batch, List<AttackGoal> goals) {
        int sets = 0;
        for (AttackGoal g : goals) {
            if (g.avoided() != null) {
                sets++;
            }
        }
        if (sets == 0) {
            return labelDirection(batch, goals);
        }
        if (sets == goals.size()) {
            return setDirection(batch, goals);
        }
        // Mixed batch: the labelled and the set goals in one call each, scattered back in order.
        int n = goals.size();
        int per = batch.imageLength();
        int[] setIdx = new int[sets];
        int[] labelIdx = new int[n - sets];
        for (int i = 0, a = 0, b = 0; i < n; i++) {
            if (goals.get(i).avoided() != null) {
                setIdx[a++] = i;
            } else {
                labelIdx[b++] = i;
            }
        }
        Direction ds = setDirection(subBatch(batch, setIdx), subGoals(goals, setIdx));
        Direction dl = labelDirection(subBatch(batch, labelIdx), subGoals(goals, labelIdx));
        float[][] logits = new float[n][];
        float[] g = new float[n * per];
        scatter(ds, setIdx, logits, g, per);
        scatter(dl, labelIdx, logits, g, per);
        return new Direction(logits, g);
    }

    private static ImageBatch subBatch(ImageBatch batch, int[] idx) {
        return SignGradientAttack.gather(batch.data(), idx, batch.width(), batch.height(), batch.imageLength());
    }

    private static List<AttackGoal> subGoals(List<AttackGoal> goals, int[] idx) {
        List<AttackGoal> out = new java.util.ArrayList<>(idx.length);
        for (int i : idx) {
            out.add(goals.get(i));
        }
        return out;
    }

    private static void scatter(Direction d, int[] idx, float[][] logits, float[] g, int per) {
        for (int j = 0; j < idx.length; j++) {
            logits[idx[j]] = d.logits()[j];
            System.arraycopy(d.ascent(), j * per, g, idx[j] * per, per);
        }
    }

    /** Every goal avoids a set: the set loss, ascended. */
    private Direction setDirection(ImageBatch batch, List<AttackGoal> goals) {
        ClassSet[] sets = new ClassSet[goals.size()];
        for (int i = 0; i < sets.length; i++) {
            sets[i] = goals.get(i).avoided();
        }
        LossGradient lg = model.lossGradientAwayFrom(batch, sets);
        return new Direction(lg.logits(), lg.gradient().data());
    }

    /** Every goal is a label: the configured loss, ascended, or descended for a target. */
    private Direction labelDirection(ImageBatch batch, List<AttackGoal> goals) {
        int[] labels = new int[goals.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = goals.get(i).label();
        }
        LossGradient lg = model.lossGradient(batch, labels, loss);
        float[] g = lg.gradient().data(); // a new array per call, owned here (ThreatModel#lossGradient)
        int per = batch.imageLength();
        for (int i = 0; i < labels.length; i++) {
            if (goals.get(i).targeted()) {
                for (int k = i * per; k < (i + 1) * per; k++) {
                    g[k] = -g[k];
                }
            }
        }
        return new Direction(lg.logits(), g);
    }

    @Override
    public Direction directionAtPrediction(ImageBatch batch) {
        LossGradient lg = model.lossGradientAtPrediction(batch, loss);
        return new Direction(lg.logits(), lg.gradient().data());
    }

    @Override
    public String toString() {
        return "threat-loss(" + loss + ")";
    }
}
