package dev.pixelprivacy.core.testing;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.ImageGradient;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.LossGradient;
import dev.pixelprivacy.core.model.ThreatModel;
import java.util.SplittableRandom;

/**
 * A linear classifier {@code z = W x + b} over the flattened planar image, whose input gradient is
 * known in closed form: {@code dL/dx = W^T dL/dz}. The test oracle for the attacks.
 */
public final class LinearSoftmaxModel implements ThreatModel {
    private final int classes;
    private final int inputLength;
    private final float[][] weights;
    private final float[] bias;
    private int gradientCalls;

    /**
     * @param weights one row of {@code 3 * w * h} weights per class
     * @param bias one bias per class
     */
    public LinearSoftmaxModel(float[][] weights, float[] bias) {
        this.classes = weights.length;
        this.inputLength = weights[0].length;
        this.weights = weights;
        this.bias = bias;
    }

    /**
     * @param classes number of classes
     * @param width image width
     * @param height image height
     * @param seed seed for the Gaussian weights
     * @return a model with random weights of scale 1 / sqrt(input length) and zero bias
     */
    public static LinearSoftmaxModel random(int classes, int width, int height, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int len = 3 * width * height;
        float[][] w = new float[classes][len];
        double scale = 4.0 / Math.sqrt(len);
        for (float[] row : w) {
            for (int k = 0; k < len; k++) {
                row[k] = (float) (gaussian(r) * scale);
            }
        }
        return new LinearSoftmaxModel(w, new float[classes]);
    }

    /** Box-Muller, so the stream depends only on the seed. */
    public static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** @return the weight rows (class by input sample) */
    public float[][] weights() {
        return weights;
    }

    /** @return how many gradient calls were made */
    public int gradientCalls() {
        return gradientCalls;
    }

    @Override
    public int classCount() {
        return classes;
    }

    @Override
    public float[][] logits(ImageBatch batch) {
        int per = batch.imageLength();
        if (per != inputLength) {
            throw new IllegalArgumentException("model takes " + inputLength + " values per image, got " + per);
        }
        float[] x = batch.data();
        float[][] z = new float[batch.size()][classes];
        for (int i = 0; i < batch.size(); i++) {
            for (int c = 0; c < classes; c++) {
                double s = bias[c];
                float[] w = weights[c];
                for (int k = 0; k < per; k++) {
                    s += (double) w[k] * x[i * per + k];
                }
                z[i][c] = (float) s;
            }
        }
        return z;
    }

    @Override
    public LossGradient lossGradient(ImageBatch batch, int[] labels, ClassifierLoss loss) {
        gradientCalls++;
        float[][] z = logits(batch);
        int per = batch.imageLength();
        float[] g = new float[batch.size() * per];
        double[] losses = new double[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            losses[i] = loss.value(z[i], labels[i]);
            float[] dz = loss.logitGradient(z[i], labels[i]);
            for (int c = 0; c < classes; c++) {
                float[] w = weights[c];
                float d = dz[c];
                for (int k = 0; k < per; k++) {
                    g[i * per + k] += d * w[k];
                }
            }
        }
        return new LossGradient(z, losses, ImageGradient.wrap(batch.size(), batch.width(), batch.height(), g));
    }
}
