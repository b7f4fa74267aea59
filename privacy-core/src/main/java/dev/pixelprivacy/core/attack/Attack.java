package dev.pixelprivacy.core.attack;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Turns a clean image into one the threat model misreads (untargeted) or reads as a chosen class
 * (targeted), within a per-pixel budget. Images are RGB in [0, 1]; results are clipped to [0, 1].
 * An attack is bound to its threat model and configuration; it is as thread-safe as its threat
 * model.
 */
public interface Attack {

    /** @return a short name for reports, e.g. {@code fgsm} or {@code pgd} */
    String name();

    /**
     * Attacks a batch: one gradient call per step for all images still running, so a GPU is fed many
     * images at once.
     *
     * @param batch clean images in [0, 1]
     * @param goals one goal per image
     * @param masks one mask per image (values in [0, 1], the image's size) scaling both the step and
     *     the budget per pixel, or null entries (or a null list) to use the attack's configured mask
     * @return one result per image, in order
     */
    List<AttackResult> attack(ImageBatch batch, List<AttackGoal> goals, List<Mask> masks);

    /**
     * @param image clean image in [0, 1]
     * @param goal untargeted (true label) or targeted (target label)
     * @return the result
     */
    default AttackResult attack(RgbImage image, AttackGoal goal) {
        return attack(single(image), Collections.singletonList(goal), null).get(0);
    }

    /**
     * @param image clean image in [0, 1]
     * @param goal untargeted (true label) or targeted (target label)
     * @param mask per-pixel strength in [0, 1] of the image's size, overriding the configured mask
     * @return the result
     */
    default AttackResult attack(RgbImage image, AttackGoal goal, Mask mask) {
        return attack(single(image), Collections.singletonList(goal), Collections.singletonList(mask)).get(0);
    }

    private static ImageBatch single(RgbImage image) {
        if (image == null) {
            throw new IllegalArgumentException("image must not be null");
        }
        return ImageBatch.of(image);
    }

    /**
     * @param batch clean images
     * @param goals one goal per image
     * @return one result per image, with the configured mask
     */
    default List<AttackResult> attack(ImageBatch batch, List<AttackGoal> goals) {
        return attack(batch, goals, null);
    }

    /**
     * Checks the arguments of {@link #attack(ImageBatch, List, List)}.
     *
     * @param batch the images
     * @param goals must hold one goal per image
     * @param masks null, or one entry (possibly null) per image
     * @throws IllegalArgumentException naming the counts when they differ, or a null batch or goal
     */
    static void checkBatchArguments(ImageBatch batch, List<AttackGoal> goals, List<Mask> masks) {
        if (batch == null) {
            throw new IllegalArgumentException("batch must not be null");
        }
        int n = batch.size();
        if (goals == null || goals.size() != n) {
            throw new IllegalArgumentException("need one goal per image: " + n + " images but "
                    + (goals == null ? "no" : goals.size()) + " goals");
        }
        for (int i = 0; i < n; i++) {
            if (goals.get(i) == null) {
                throw new IllegalArgumentException("goal " + i + " must not be null");
            }
        }
        if (masks != null && masks.size() != n) {
            throw new IllegalArgumentException("need one mask per image: " + n + " images but " + masks.size() + " masks");
        }
    }

    /**
     * Convenience for untargeted attacks on a batch.
     *
     * @param batch clean images
     * @param trueLabels one true class per image
     * @return one result per image
     */
    default List<AttackResult> attackUntargeted(ImageBatch batch, int[] trueLabels) {
        List<AttackGoal> goals = new ArrayList<>(trueLabels.length);
        for (int label : trueLabels) {
            goals.add(AttackGoal.untargeted(label));
        }
        return attack(batch, goals, null);
    }
}
