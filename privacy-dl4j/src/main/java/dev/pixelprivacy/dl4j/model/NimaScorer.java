package dev.pixelprivacy.dl4j.model;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.ImageGradient;
import dev.pixelprivacy.core.model.DifferentiableAestheticScorer;
import dev.pixelprivacy.core.model.ScoreDistribution;
import dev.pixelprivacy.core.model.ScoreGradient;
import dev.pixelprivacy.dl4j.onnx.Objective;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.onnx.OnnxNetwork;
import java.util.Arrays;
import java.util.Objects;

/**
 * NIMA as a {@link DifferentiableAestheticScorer}: the ONNX model outputs a probability distribution
 * over K ratings (softmax included in the model), the score is its mean {@code sum_i r_i p_i} with
 * ratings {@code r_i = first + i} (first = 1 for NIMA's 1..10; 0 reproduces the reference code's 0..9),
 * and its gradient is taken with respect to the [0, 1] RGB pixels. {@link #emdGradient} gives the
 * earth mover's distance objective of the reference code for the compatibility mode.
 *
 * <p>Thread-safe: one set of SameDiff networks per thread (see {@link OnnxThreatModel} for what each
 * thread keeps).
 */
public final class NimaScorer implements DifferentiableAestheticScorer, AutoCloseable {
    private final NetworkCache networks;
    private final Preprocessing preprocessing;
    private final int first;
    private final int ratings;

    /**
     * @param model a network whose output is [batch, K] probabilities
     * @param preprocessing its input spec, e.g. {@link Preprocessing#nima224()}
     * @param firstRating the rating of the first probability (1 for NIMA, 0 for the reference code)
     * @throws IllegalArgumentException if the model's declared input is not [N, 3, H, W], it does not
     *     run on the input the preprocessing gives it, its output is not [batch, ratings], or that output
     *     is not a probability distribution (non-negative, summing to 1) on a mid-grey image, as a
     *     classifier's logits are not; the message says what was expected
     */
    public NimaScorer(OnnxModel model, Preprocessing preprocessing, int firstRating) {
        this.networks = new NetworkCache(model);
        this.preprocessing = Objects.requireNonNull(preprocessing, "preprocessing");
        this.first = firstRating;
        NetworkCache.checkDeclaredInput(model, ROLE);
        long[] shape = NetworkCache.probeShape(model, preprocessing, 224);
        OnnxNetwork probe = networks.probe(shape, ROLE);
        long[] out = probe.outputShape();
        if (out.length != 2) {
            throw new IllegalArgumentException(ROLE + " outputs [batch, ratings] but the model outputs "
                    + Arrays.toString(out));
        }
        this.ratings = (int) out[1];
        int w = (int) shape[3];
        int h = (int) shape[2];
        float[] p = probe.output(preprocessing.apply(dev.pixelprivacy.core.image.RgbImage.filled(w, h, 0.5f, 0.5f, 0.5f)));
        double sum = 0;
        float min = Float.POSITIVE_INFINITY;
        for (float v : p) {
            sum += v;
            min = Math.min(min, v);
        }
        if (!(min >= 0f) || Math.abs(sum - 1) > 1e-3) {
            throw new IllegalArgumentException(ROLE + " outputs a probability distribution over the ratings (softmax "
                    + "included), but on a mid-grey image this model's " + ratings + " outputs sum to "
                    + String.format(java.util.Locale.ROOT, "%.4g", sum) + " with a smallest value of " + min
                    + ": it looks like a classifier's logits, not NIMA");
        }
    }

    private static final String ROLE = "a NIMA scorer (a softmax over ratings, [N, K] out)";

    /** @return how many ratings the distribution has (10 for NIMA) */
    public int ratings() {
        return ratings;
    }

    private long[] shapeFor(ImageBatch b) {
        return preprocessing.inputShape(b.size(), b.width(), b.height());
    }

    /**
     * @param batch images in [0, 1]
     * @return each image's distribution over the ratings, [batch][K]
     */
    public float[][] distributions(ImageBatch batch) {
        float[] out = networks.get(shapeFor(batch), null).output(preprocessing.apply(batch));
        float[][] p = new float[batch.size()][ratings];
        for (int i = 0; i < p.length; i++) {
            System.arraycopy(out, i * ratings, p[i], 0, ratings);
        }
        return p;
    }

    @Override
    public double[] scores(ImageBatch batch) {
        float[][] p = distributions(batch);
        double[] s = new double[p.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = ScoreDistribution.meanScore(p[i], first);
        }
        return s;
    }

    @Override
    public ScoreGradient scoreGradient(ImageBatch batch) {
        float[] w = new float[batch.size() * ratings];
        for (int i = 0; i < w.length; i++) {
            w[i] = first + i % ratings;
        }
        OnnxNetwork net = networks.get(shapeFor(batch), Objective.WEIGHTED_SUM);
        OnnxNetwork.Evaluation e = net.gradient(preprocessing.apply(batch), w);
        double[] s = new double[batch.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = ScoreDistribution.meanScore(Arrays.copyOfRange(e.output(), i * ratings, (i + 1) * ratings), first);
        }
        float[] g = preprocessing.pullBack(e.inputGradient(), batch.size(), batch.width(), batch.height());
        return new ScoreGradient(s, ImageGradient.wrap(batch.size(), batch.width(), batch.height(), g));
    }

    /**
     * The earth mover's distance (r = 2) of each image's distribution to a target distribution, and its
     * gradient with respect to the pixels.
     *
     * @param batch images in [0, 1]
     * @param target K values (the reference code used all ones)
     * @param referenceCode false: {@code sqrt(mean_k |CDF(p)_k - CDF(t)_k|^2)}, NIMA's definition; true:
     *     the reference code's {@code sqrt(mean_k (sum_{j<=k} |p_j - t_j|)^2)}
     * @return per image the distance and d(distance)/d(pixels)
     */
    public ScoreGradient emdGradient(ImageBatch batch, float[] target, boolean referenceCode) {
        if (target == null || target.length != ratings) {
            throw new IllegalArgumentException("target must hold " + ratings + " values but was " + Arrays.toString(target));
        }
        float[] w = new float[batch.size() * ratings];
        for (int i = 0; i < batch.size(); i++) {
            System.arraycopy(target, 0, w, i * ratings, ratings);
        }
        OnnxNetwork net = networks.get(shapeFor(batch), referenceCode ? Objective.EMD_REFERENCE_CODE : Objective.EMD);
        OnnxNetwork.Evaluation e = net.gradient(preprocessing.apply(batch), w);
        double[] d = new double[batch.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = emd(Arrays.copyOfRange(e.output(), i * ratings, (i + 1) * ratings), target, referenceCode);
        }
        float[] g = preprocessing.pullBack(e.inputGradient(), batch.size(), batch.width(), batch.height());
        return new ScoreGradient(d, ImageGradient.wrap(batch.size(), batch.width(), batch.height(), g));
    }

    /**
     * @param p a distribution
     * @param t the target
     * @param referenceCode which definition (see {@link #emdGradient})
     * @return the distance, in plain arithmetic
     */
    public static double emd(float[] p, float[] t, boolean referenceCode) {
        double cum = 0;
        double sum = 0;
        for (int k = 0; k < p.length; k++) {
            cum += referenceCode ? Math.abs((double) p[k] - t[k]) : (double) p[k] - t[k];
            sum += cum * cum;
        }
        return Math.sqrt(sum / p.length);
    }

    /**
     * Frees the native memory of every network this scorer has built, on every thread; idempotent.
     * A later call fails with {@link IllegalStateException} naming the model.
     */
    @Override
    public void close() {
        networks.close();
    }

    @Override
    public String toString() {
        return "NimaScorer[" + ratings + " ratings from " + first + ", " + preprocessing + "]";
    }
}
