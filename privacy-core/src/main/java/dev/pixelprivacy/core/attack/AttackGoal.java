package dev.pixelprivacy.core.attack;

import dev.pixelprivacy.core.model.ClassSet;

/**
 * What an attack aims for: away from the true class (untargeted), towards a chosen class (targeted),
 * or away from a whole set of sensitive classes ({@link #avoiding}).
 *
 * @param label the true class (untargeted: move away from it) or the target class (targeted: move
 *     towards it), a class index &gt;= 0; for a goal avoiding a set, the set's smallest class (so reports
 *     that print one class still have one)
 * @param targeted whether {@code label} is a target
 * @param avoided the classes to leave, for a goal made by {@link #avoiding}; null otherwise
 */
public record AttackGoal(int label, boolean targeted, ClassSet avoided) {
    /**
     * Checks the label and that a set goal is untargeted and labelled by its smallest class.
     *
     * @param label the true or target class, or the set's smallest class
     * @param targeted whether {@code label} is a target
     * @param avoided the classes to leave, or null
     */
    public AttackGoal {
        if (label < 0) {
            throw new IllegalArgumentException("class label must be >= 0 but was " + label);
        }
        if (avoided != null && (targeted || label != avoided.first())) {
            throw new IllegalArgumentException("a goal avoiding " + avoided + " is untargeted with label "
                    + avoided.first() + " but was targeted=" + targeted + ", label=" + label);
        }
    }

    /**
     * @param label the true or target class
     * @param targeted whether {@code label} is a target
     */
    public AttackGoal(int label, boolean targeted) {
        this(label, targeted, null);
    }

    /**
     * @param trueLabel the class the image belongs to
     * @return a goal of making the model predict anything else
     */
    public static AttackGoal untargeted(int trueLabel) {
        return new AttackGoal(trueLabel, false);
    }

    /**
     * @param target the class the model should predict
     * @return a goal of making the model predict {@code target}
     */
    public static AttackGoal targeted(int target) {
        return new AttackGoal(target, true);
    }

    /**
     * A goal of making the model predict a class outside a set (every "home" scene of Places365, say).
     * The attack ascends {@link dev.pixelprivacy.core.model.ClassifierLoss#awayFromSet}, the negative
     * log of the set's total probability, whatever loss it is configured with (for a set of one class
     * that is the cross-entropy against it).
     *
     * @param sensitive the classes to leave
     * @return the goal; met when the top-1 class is not in the set
     */
    public static AttackGoal avoiding(ClassSet sensitive) {
        if (sensitive == null) {
            throw new IllegalArgumentException("the set of classes to avoid must not be null");
        }
        return new AttackGoal(sensitive.first(), false, sensitive);
    }

    /**
     * @param predicted a predicted class
     * @return whether that prediction meets the goal
     */
    public boolean isMetBy(int predicted) {
        if (avoided != null) {
            return !avoided.contains(predicted);
        }
        return targeted ? predicted == label : predicted != label;
    }
}
