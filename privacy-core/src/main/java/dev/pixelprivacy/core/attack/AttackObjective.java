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
     *     by sign-gradient steps. A new array that belongs to the attack, which may overwrite it (a
     *     step is written into it rather than into another array of the image's size)
     */
    record Direction(float[][] logits, float[] ascent) {}

    /**
     * The direction away from each image's current top-1 class, with the logits that class was read
     * from, in one call where the objective can (an untargeted attack on an unlabelled photo).
     *
     * @param batch current images in [0, 1]
     * @return the logits and the direction, or null when this objective cannot take the label from its
     *     own pass (the attack then predicts first and calls {@link #direction})
     */
    default Direction directionAtPrediction(ImageBatch batch) {
        return null;
    }

    /**
     * The threat model's loss: ascend it to leave the true class, descend it (towards the target) for
     * a targeted goal.
     *
     * @param model the threat model
     * @param loss which loss
     * @return the objective
     */
    static AttackObjective threatLoss(ThreatModel model, ClassifierLoss loss) {
        if (model == null || loss == null) {
            throw new IllegalArgumentException("threat model and loss must not be null");
        }
        return new ThreatLossObjective(model, loss);
    }
}
