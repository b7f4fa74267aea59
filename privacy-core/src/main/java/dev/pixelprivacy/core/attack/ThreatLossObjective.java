package dev.pixelprivacy.core.attack;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.LossGradient;
import dev.pixelprivacy.core.model.ThreatModel;
import java.util.List;

/** {@link AttackObjective#threatLoss}: the threat model's loss gradient, negated for targeted goals. */
final class ThreatLossObjective implements AttackObjective {
    private final ThreatModel model;
    private final ClassifierLoss loss;

    ThreatLossObjective(ThreatModel model, ClassifierLoss loss) {
        this.model = model;
        this.loss = loss;
    }

    @Override
    public Direction direction(ImageBatch batch, List<AttackGoal> goals) {
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
