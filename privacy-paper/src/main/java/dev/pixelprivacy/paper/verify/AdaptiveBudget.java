package dev.pixelprivacy.paper.verify;

import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Finds, per photo, the smallest budget whose protected file still changes every judge's class after
 * the platform's chain: a bisection over whole 8-bit levels {@code 1/255 .. maxLevel/255}, at most
 * {@code maxCalls} protections. It first tries the largest budget (if that fails, no budget in range
 * works); budget 0 leaves the photo unchanged and so counts as failing without a call. Bisection
 * assumes that a budget that works keeps working when raised; the result is the smallest level tried
 * that worked, with the largest level tried that did not, and is exact when the two are neighbours
 * ({@code 1 + ceil(log2(maxLevel))} calls suffice: 5 for the default 16 levels). Works with any
 * protector: it takes a function from budget to the file as written.
 */
public final class AdaptiveBudget {
    private final int maxLevel;
    private final int maxCalls;

    private AdaptiveBudget(int maxLevel, int maxCalls) {
        this.maxLevel = maxLevel;
        this.maxCalls = maxCalls;
    }

    /** @return a search over 1/255 to 16/255 with at most 5 protections */
    public static AdaptiveBudget standard() {
        return of(16, 5);
    }

    /**
     * @param maxLevel the largest budget in 8-bit levels, in [1, 255]
     * @param maxCalls the most protections per photo, &gt;= 1
     * @return the search
     */
    public static AdaptiveBudget of(int maxLevel, int maxCalls) {
        if (maxLevel < 1 || maxLevel > 255) {
            throw new IllegalArgumentException("largest budget must be in [1, 255] levels but was " + maxLevel);
        }
        if (maxCalls < 1) {
            throw new IllegalArgumentException("protections per photo must be >= 1 but was " + maxCalls);
        }
        return new AdaptiveBudget(maxLevel, maxCalls);
    }

    /** @return the largest budget tried, in 8-bit levels */
    public int maxLevel() {
        return maxLevel;
    }

    /** @return the most protections per photo */
    public int maxCalls() {
        return maxCalls;
    }

    /**
     * One protection tried.
     *
     * @param level the budget in 8-bit levels
     * @param allChanged whether every judge's class changed after the chain
     */
    public record Trial(int level, boolean allChanged) {}

    /**
     * The outcome for one photo.
     *
     * @param level the smallest budget tried that changed every judge's class, in 8-bit levels; -1 if
     *     even the largest did not
     * @param failedLevel the largest budget known not to (0 when every tried budget worked)
     * @param trials the protections tried, in order
     * @param verification the check at {@code level}, or at the largest budget when none worked
     * @param image the file as written at {@code level} (or the largest budget when none worked)
     */
    public record Result(int level, int failedLevel, List<Trial> trials, Verification verification, RgbImage image) {
        /** Copies the list. */
        public Result {
            trials = List.copyOf(trials);
        }

        /** @return whether some budget in range changed every judge's class */
        public boolean found() {
            return level > 0;
        }

        /** @return whether {@code level} is the smallest working level (its neighbour below failed) */
        public boolean exact() {
            return found() && level - failedLevel == 1;
        }

        /** @return the budget found, or null when none was */
        public Epsilon epsilon() {
            return found() ? Epsilon.of255(level) : null;
        }

        /** @return the protections made */
        public int calls() {
            return trials.size();
        }
    }

    /**
     * @param baseline the clean photo through the chain and the judges ({@link Verifier#baseline}); the
     *     verifier needs at least one judge
     * @param protector the file as written for a budget (protected, encoded, decoded), the photo's size
     * @return the smallest working budget found, with its check
     */
    public Result search(Verifier.Baseline baseline, Function<Epsilon, RgbImage> protector) {
        if (baseline.verifier().judges().isEmpty()) {
            throw new IllegalArgumentException("an adaptive budget needs at least one judge");
        }
        List<Trial> trials = new ArrayList<>();
        RgbImage topImage = protector.apply(Epsilon.of255(maxLevel));
        Verification top = baseline.verify(topImage);
        trials.add(new Trial(maxLevel, top.allChanged()));
        if (!top.allChanged()) {
            return new Result(-1, maxLevel, trials, top, topImage);
        }
        int lo = 0;
        int hi = maxLevel;
        Verification best = top;
        RgbImage bestImage = topImage;
        while (hi - lo > 1 && trials.size() < maxCalls) {
            int mid = (lo + hi) >>> 1;
            RgbImage image = protector.apply(Epsilon.of255(mid));
            Verification v = baseline.verify(image);
            trials.add(new Trial(mid, v.allChanged()));
            if (v.allChanged()) {
                hi = mid;
                best = v;
                bestImage = image;
            } else {
                lo = mid;
            }
        }
        return new Result(hi, lo, trials, best, bestImage);
    }

    @Override
    public String toString() {
        return "AdaptiveBudget[levels=1.." + maxLevel + "/255, maxCalls=" + maxCalls + "]";
    }
}
