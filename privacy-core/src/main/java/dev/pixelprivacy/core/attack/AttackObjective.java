package dev.pixelprivacy.core.attack;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.LossGradient;
import dev.pixelprivacy.core.model.ThreatModel;
import java.util.List;

/**
 * The direction a sign-gradient attack climbs: for the plain attacks, the threat model's loss
 * gradient (ascended for an untargeted goal, descended for a targeted one). Other objectives, such as
 * the paper's Coupled Optimisation (threat loss plus aesthetic score), implement this too and reuse
 * the step, projection and rounding logic of {@link SignGradientAttack}.
 */
@FunctionalInterface
public interface AttackObjective {

    /**
     * @param batch current images in [0, 1]
     * @param goals one goal per image
     * @return the threat model's logits for the batch and the direction to move each image in
     */
    Direction direction(ImageBatch batch, List<AttackGoal> goals);

    /**
     * @param logits the threat model's logits of the batch, [batch size][class count]
     * @param ascent per-image direction, NCHW, [0, 1] pixel space; only its sign per sample is used
     *     by sign-gradient steps
     */
    record Direction(float[][] logits, float[] ascent) {}

    /**
     * The threat model's loss: ascend it to leave the true class, descend it (towards the target) for
     * a targeted goal.
     *
     * @param model the threat model
     * @param loss which loss
     * @return the objective
     */
    static AttackObjective threatLoss(ThreatModel model, ClassifierLoss loss) {
        return (batch, goals) -> {
            int[] labels = new int[goals.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = goals.get(i).label();
            }
            LossGradient lg = model.lossGradient(batch, labels, loss);
            float[] g = lg.gradient().data().clone();
            int per = batch.imageLength();
            for (int i = 0; i < labels.length; i++) {
                if (goals.get(i).targeted()) {
                    for (int k = i * per; k < (i + 1) * per; k++) {
                        g[k] = -g[k];
                    }
                }
            }
            return new Direction(lg.logits(), g);
        };
    }
}
