package dev.pixelprivacy.paper.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts verifications per method and budget: for each judge the share of photos whose class changed
 * after the chain, the share where every judge's did, and the mean cost of the written files. Groups
 * keep the order in which they were first seen. Not thread-safe.
 */
public final class VerificationTally {
    private final List<String> judges;
    private final Map<List<Object>, Group> groups = new LinkedHashMap<>();

    /**
     * @param judges the judges' names, in the verifier's order
     */
    public VerificationTally(List<String> judges) {
        this.judges = List.copyOf(judges);
    }

    /**
     * The rates of one method at one budget.
     *
     * @param method the method's name
     * @param epsilon the budget's label
     * @param epsilonPixels the budget, [0, 1] pixel units (largest channel)
     * @param images photos verified
     * @param judges the judges' names
     * @param changed per judge, the share of photos whose class changed after the chain
     * @param allChanged the share where every judge's class changed
     * @param meanPsnr mean PSNR of the written files over the finite values, NaN if none
     * @param meanSsim mean SSIM of the written files
     * @param meanCiede2000 mean over photos of their mean CIEDE2000
     */
    public record Rate(String method, String epsilon, double epsilonPixels, int images, List<String> judges,
                       List<Double> changed, double allChanged, double meanPsnr, double meanSsim,
                       double meanCiede2000) {
        /** Copies the lists. */
        public Rate {
            judges = List.copyOf(judges);
            changed = List.copyOf(changed);
        }
    }

    private static final class Group {
        final String method;
        final String epsilon;
        final double epsilonPixels;
        final int[] changed;
        int images;
        int all;
        double psnr;
        int psnrN;
        double ssim;
        double ciede;

        Group(String method, String epsilon, double epsilonPixels, int judges) {
            this.method = method;
            this.epsilon = epsilon;
            this.epsilonPixels = epsilonPixels;
            this.changed = new int[judges];
        }
    }

    /**
     * @param method the method's name
     * @param epsilon the budget's label
     * @param epsilonPixels the budget in pixel units
     * @param v one photo's verification, with one verdict per judge of this tally
     * @throws IllegalArgumentException if the verdicts do not match the judges
     */
    public void add(String method, String epsilon, double epsilonPixels, Verification v) {
        if (v.verdicts().size() != judges.size()) {
            throw new IllegalArgumentException("a verification with " + v.verdicts().size() + " verdicts for "
                    + judges.size() + " judges " + judges);
        }
        Group g = groups.computeIfAbsent(List.of(method, epsilon),
                k -> new Group(method, epsilon, epsilonPixels, judges.size()));
        g.images++;
        for (int j = 0; j < judges.size(); j++) {
            g.changed[j] += v.verdicts().get(j).changed() ? 1 : 0;
        }
        g.all += v.allChanged() ? 1 : 0;
        if (Double.isFinite(v.psnr())) {
            g.psnr += v.psnr();
            g.psnrN++;
        }
        g.ssim += v.ssim();
        g.ciede += v.ciede2000().mean();
    }

    /** @return one rate per method and budget, in the order first added */
    public List<Rate> rates() {
        List<Rate> out = new ArrayList<>();
        for (Group g : groups.values()) {
            List<Double> changed = new ArrayList<>();
            for (int c : g.changed) {
                changed.add(c / (double) g.images);
            }
            out.add(new Rate(g.method, g.epsilon, g.epsilonPixels, g.images, judges, changed, g.all / (double) g.images,
                    g.psnrN == 0 ? Double.NaN : g.psnr / g.psnrN, g.ssim / g.images, g.ciede / g.images));
        }
        return out;
    }
}
