package dev.pixelprivacy.core.attack;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.DifferentiableAestheticScorer;
import dev.pixelprivacy.core.model.ScoreGradient;
import java.util.List;
import java.util.Locale;

/**
 * The paper's Coupled Optimisation (section 2.2, METHOD.md section 4): climb
 * {@code d = N(g_a) + lambda * N(g_s)}, where {@code g_a} is the gradient of the threat model's loss
 * (ascended for an untargeted goal, descended for a targeted one) and {@code g_s} the gradient of the
 * aesthetic score, each normalised per image by {@code N} so that networks of different scales
 * contribute comparably. With {@code lambda > 0} the step raises the loss and the score together.
 *
 * <p>Use it with {@link SignGradientAttack.Builder#objective}; masks, budgets, iterations and 8-bit
 * rounding then work as for the plain attacks.
 */
public final class CoupledObjective implements AttackObjective {

    /** How each gradient is brought to a common scale, per image. */
    public enum Normalisation {
        /** Divide by the L2 norm (the paper's "normalised to unit length"). */
        UNIT_L2,
        /** Subtract the mean and divide by the standard deviation over the whole tensor (the reference code's choice). */
        Z_SCORE
    }

    private final AttackObjective threat;
    private final DifferentiableAestheticScorer scorer;
    private final double lambda;
    private final Normalisation normalisation;
    private final String description;

    private CoupledObjective(AttackObjective threat, DifferentiableAestheticScorer scorer, double lambda,
                             Normalisation normalisation, String description) {
        this.threat = threat;
        this.scorer = scorer;
        this.lambda = lambda;
        this.normalisation = normalisation;
        this.description = description;
    }

    /**
     * @param attack provides the threat model's loss direction (for example
     *     {@link AttackObjective#threatLoss})
     * @param scorer the aesthetic scorer whose score is raised (for {@code lambda > 0})
     * @param lambda weight of the aesthetic term, finite; negative lowers the score (the reference
     *     code's later commit subtracted the aesthetic gradient)
     * @param normalisation per-image scaling of both gradients
     * @return the objective
     */
    public static CoupledObjective of(AttackObjective attack, DifferentiableAestheticScorer scorer, double lambda,
                                      Normalisation normalisation) {
        if (attack == null || scorer == null || normalisation == null) {
            throw new IllegalArgumentException("attack objective, scorer and normalisation must not be null");
        }
        if (!Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite but was " + lambda);
        }
        String d = String.format(Locale.ROOT, "coupled(lambda=%s, %s, scorer=%s)", lambda, normalisation,
                scorer.getClass().getSimpleName());
        return new CoupledObjective(attack, scorer, lambda, normalisation, d);
    }

    /**
     * @param model the threat model
     * @param loss its loss
     * @param scorer the aesthetic scorer
     * @param lambda weight of the aesthetic term (1 in the paper)
     * @return the paper's Coupled Optimisation with unit-L2 normalisation
     */
    public static CoupledObjective paper(dev.pixelprivacy.core.model.ThreatModel model, ClassifierLoss loss,
                                         DifferentiableAestheticScorer scorer, double lambda) {
        return of(AttackObjective.threatLoss(model, loss), scorer, lambda, Normalisation.UNIT_L2);
    }

    @Override
    public Direction direction(ImageBatch batch, List<AttackGoal> goals) {
        return coupled(batch, threat.direction(batch, goals));
    }

    @Override
    public Direction directionAtPrediction(ImageBatch batch) {
        Direction a = threat.directionAtPrediction(batch);
        return a == null ? null : coupled(batch, a);
    }

    private Direction coupled(ImageBatch batch, Direction a) {
        ScoreGradient s = scorer.scoreGradient(batch);
        s.gradient().requireShapeOf(batch);
        int per = batch.imageLength();
        float[] ga = a.ascent();
        float[] gs = s.gradient().data();
        float[] d = new float[ga.length];
        for (int i = 0; i < batch.size(); i++) {
            int off = i * per;
            double[] na = moments(ga, off, per);
            double[] ns = moments(gs, off, per);
            for (int k = off; k < off + per; k++) {
                d[k] = (float) (scaled(ga[k], na) + lambda * scaled(gs[k], ns));
            }
        }
        return new Direction(a.logits(), d);
    }

    /** Returns {shift, scale} such that {@code (v - shift) * scale} is the normalised value. */
    private double[] moments(float[] g, int off, int per) {
        if (normalisation == Normalisation.UNIT_L2) {
            double ss = 0;
            for (int k = off; k < off + per; k++) {
                ss += (double) g[k] * g[k];
            }
            return new double[] {0, ss > 0 ? 1 / Math.sqrt(ss) : 0};
        }
        double mean = 0;
        for (int k = off; k < off + per; k++) {
            mean += g[k];
        }
        mean /= per;
        double var = 0;
        for (int k = off; k < off + per; k++) {
            double c = g[k] - mean;
            var += c * c;
        }
        // The unbiased estimate, as torch.std computes by default.
        double sd = per > 1 ? Math.sqrt(var / (per - 1)) : 0;
        return new double[] {mean, sd > 0 ? 1 / sd : 0};
    }

    private static double scaled(float v, double[] m) {
        return (v - m[0]) * m[1];
    }

    /** @return the weight of the aesthetic term */
    public double lambda() {
        return lambda;
    }

    /** @return the normalisation */
    public Normalisation normalisation() {
        return normalisation;
    }

    @Override
    public String toString() {
        return description;
    }
}
