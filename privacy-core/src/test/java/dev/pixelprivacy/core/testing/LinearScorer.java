package dev.pixelprivacy.core.testing;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.ImageGradient;
import dev.pixelprivacy.core.model.DifferentiableAestheticScorer;
import dev.pixelprivacy.core.model.ScoreGradient;
import java.util.SplittableRandom;

/** A differentiable "aesthetic" score {@code s(x) = v . x}: its gradient is v, exactly. */
public final class LinearScorer implements DifferentiableAestheticScorer {
    private final float[] v;

    /** @param v one weight per sample of an image */
    public LinearScorer(float[] v) {
        this.v = v;
    }

    /**
     * @param length samples per image
     * @param seed seed
     * @return a scorer with Gaussian weights
     */
    public static LinearScorer random(int length, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[length];
        for (int k = 0; k < length; k++) {
            v[k] = (float) LinearSoftmaxModel.gaussian(r);
        }
        return new LinearScorer(v);
    }

    @Override
    public double[] scores(ImageBatch batch) {
        int per = batch.imageLength();
        double[] s = new double[batch.size()];
        for (int i = 0; i < s.length; i++) {
            for (int k = 0; k < per; k++) {
                s[i] += (double) v[k] * batch.data()[i * per + k];
            }
        }
        return s;
    }

    @Override
    public ScoreGradient scoreGradient(ImageBatch batch) {
        int per = batch.imageLength();
        float[] g = new float[batch.size() * per];
        for (int i = 0; i < batch.size(); i++) {
            System.arraycopy(v, 0, g, i * per, per);
        }
        return new ScoreGradient(scores(batch), ImageGradient.wrap(batch.size(), batch.width(), batch.height(), g));
    }
}
