package dev.pixelprivacy.paper.reference;

import dev.pixelprivacy.core.attack.AttackGoal;
import dev.pixelprivacy.core.attack.AttackObjective;
import dev.pixelprivacy.core.attack.CoupledObjective;
import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.ImageGradient;
import dev.pixelprivacy.core.model.DifferentiableAestheticScorer;
import dev.pixelprivacy.core.model.ScoreGradient;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The reference code's Coupled Optimisation (compatibility mode): both gradients taken with respect to
 * the ImageNet-normalised tensor (the pixel-space gradient times each channel's standard deviation),
 * z-score standardised over the whole tensor, then {@code z(g_attack) + lambda * z(g_score)}. Its
 * submitted runs used the NIMA EMD loss as the "score" ({@link ReferenceCodeModels#emdToAllOnes}) with
 * {@code lambda = +1}; a later commit used {@code -1}. The standardisation and sum are the library's
 * {@link CoupledObjective} with {@link CoupledObjective.Normalisation#Z_SCORE}.
 */
public final class ReferenceCoupling implements AttackObjective {
    private final CoupledObjective coupled;
    private final String description;

    private ReferenceCoupling(CoupledObjective coupled, String description) {
        this.coupled = coupled;
        this.description = description;
    }

    /**
     * @param attack the threat model's loss direction
     * @param scorer gives the aesthetic term's gradient (the EMD loss, in the reference code)
     * @param lambda +1 for the submitted runs, -1 for the later commit
     * @param std the normalisation's per-channel standard deviation (3 values &gt; 0)
     * @return the objective
     */
    public static ReferenceCoupling of(AttackObjective attack, DifferentiableAestheticScorer scorer, double lambda,
                                       double[] std) {
        if (attack == null || scorer == null) {
            throw new IllegalArgumentException("attack objective and scorer must not be null");
        }
        if (std == null || std.length != 3) {
            throw new IllegalArgumentException("std must have 3 values but was " + Arrays.toString(std));
        }
        float[] scale = new float[3];
        for (int c = 0; c < 3; c++) {
            if (!(std[c] > 0)) {
                throw new IllegalArgumentException("std values must be > 0 but std[" + c + "] was " + std[c]);
            }
            scale[c] = (float) std[c];
        }
        AttackObjective scaledAttack = new AttackObjective() {
            @Override
            public Direction direction(ImageBatch batch, List<AttackGoal> goals) {
                Direction d = attack.direction(batch, goals);
                return new Direction(d.logits(), channelScaled(d.ascent(), batch, scale));
            }

            @Override
            public Direction directionAtPrediction(ImageBatch batch) {
                Direction d = attack.directionAtPrediction(batch);
                return d == null ? null : new Direction(d.logits(), channelScaled(d.ascent(), batch, scale));
            }
        };
        DifferentiableAestheticScorer scaledScorer = new DifferentiableAestheticScorer() {
            @Override
            public double[] scores(ImageBatch batch) {
                return scorer.scores(batch);
            }

            @Override
            public ScoreGradient scoreGradient(ImageBatch batch) {
                ScoreGradient s = scorer.scoreGradient(batch);
                s.gradient().requireShapeOf(batch);
                return new ScoreGradient(s.scores(), ImageGradient.wrap(batch.size(), batch.width(), batch.height(),
                        channelScaled(s.gradient().data(), batch, scale)));
            }
        };
        String d = String.format(Locale.ROOT, "coupled-reference(std=%s, lambda=%s, %s, scorer=%s)",
                Arrays.toString(std), lambda, CoupledObjective.Normalisation.Z_SCORE, scorer.getClass().getSimpleName());
        return new ReferenceCoupling(CoupledObjective.of(scaledAttack, scaledScorer, lambda,
                CoupledObjective.Normalisation.Z_SCORE), d);
    }

    /** d/d(normalised input) = d/d(pixel) * std of the channel. */
    private static float[] channelScaled(float[] g, ImageBatch batch, float[] scale) {
        int plane = batch.width() * batch.height();
        float[] out = new float[g.length];
        for (int k = 0; k < g.length; k++) {
            out[k] = g[k] * scale[(k / plane) % 3];
        }
        return out;
    }

    @Override
    public Direction direction(ImageBatch batch, List<AttackGoal> goals) {
        return coupled.direction(batch, goals);
    }

    @Override
    public Direction directionAtPrediction(ImageBatch batch) {
        return coupled.directionAtPrediction(batch);
    }

    /** @return the weight of the aesthetic term */
    public double lambda() {
        return coupled.lambda();
    }

    @Override
    public String toString() {
        return description;
    }
}
