package dev.pixelprivacy.core.attack;

/**
 * What an attack aims for.
 *
 * @param label the true class (untargeted: move away from it) or the target class (targeted: move
 *     towards it), a class index &gt;= 0
 * @param targeted whether {@code label} is a target
 */
public record AttackGoal(int label, boolean targeted) {
    /** Checks the label. */
    public AttackGoal {
        if (label < 0) {
            throw new IllegalArgumentException("class label must be >= 0 but was " + label);
        }
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
     * @param predicted a predicted class
     * @return whether that prediction meets the goal
     */
    public boolean isMetBy(int predicted) {
        return targeted ? predicted == label : predicted != label;
    }
}
