package dev.pixelprivacy.examples.demo;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.ImageGradient;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.LossGradient;
import dev.pixelprivacy.core.model.ThreatModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The demonstration threat model: a linear softmax classifier over a 16x16 grid of cells, each
 * described by its mean colour and its texture energy (mean luminance-gradient magnitude), trained on
 * {@link SceneGenerator}'s procedural scenes. Its input gradient is exact (back through the cell
 * means and the gradient magnitude). Accepts any image of at least 16x16. Immutable and thread-safe.
 */
public final class ColourLayoutModel implements ThreatModel {
    /** Grid cells per side. */
    public static final int GRID = 16;
    private static final int FEATURES = 4 * GRID * GRID;
    /**
     * Feature scales. With an L2 penalty, a small colour scale makes the model lean on texture, which
     * (like a real CNN) makes it sensitive to small high-frequency perturbations: measured on 40
     * fresh 256x256 scenes, FGSM at 2/255 leaves about 45% correct, at 4/255 15%, at 8/255 none.
     */
    private static final float TEXTURE_SCALE = 10f;
    /** Smooths the gradient magnitude at zero, where it is not differentiable. */
    private static final float DELTA = 1e-3f;
    private static final float COLOUR_SCALE = 0.1f;

    private final float[][] weights;
    private final float[] bias;

    private ColourLayoutModel(float[][] weights, float[] bias) {
        this.weights = weights;
        this.bias = bias;
    }

    /** Trained on first use, once per process. */
    private static final class Demo {
        static final ColourLayoutModel MODEL = trainDemo();
    }

    /** @return the demo model, trained on first use (a few seconds) and shared afterwards */
    public static ColourLayoutModel demo() {
        return Demo.MODEL;
    }

    /**
     * Trains the demo model: multinomial logistic regression by full-batch gradient descent with a
     * small L2 penalty on 60 generated 256x256 scenes per class (texture energy depends on resolution, so train at the protocol size). Deterministic: the same weights every time.
     *
     * @return the trained model
     */
    public static ColourLayoutModel trainDemo() {
        int classes = SceneGenerator.CLASSES.size();
        List<float[]> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        for (int label = 0; label < classes; label++) {
            for (int i = 0; i < 60; i++) {
                xs.add(features(SceneGenerator.scene(label, 256, 256, 10_000 + i)));
                ys.add(label);
            }
        }
        float[][] w = new float[classes][FEATURES];
        float[] b = new float[classes];
        double lr = 0.5;
        double l2 = 1e-4;
        for (int iter = 0; iter < 1000; iter++) {
            float[][] gw = new float[classes][FEATURES];
            float[] gb = new float[classes];
            for (int n = 0; n < xs.size(); n++) {
                float[] f = xs.get(n);
                float[] z = new float[classes];
                for (int c = 0; c < classes; c++) {
                    z[c] = dot(w[c], f) + b[c];
                }
                float[] dz = ClassifierLoss.CROSS_ENTROPY.logitGradient(z, ys.get(n));
                for (int c = 0; c < classes; c++) {
                    gb[c] += dz[c];
                    for (int k = 0; k < FEATURES; k++) {
                        gw[c][k] += dz[c] * f[k];
                    }
                }
            }
            for (int c = 0; c < classes; c++) {
                b[c] -= (float) (lr * gb[c] / xs.size());
                for (int k = 0; k < FEATURES; k++) {
                    w[c][k] -= (float) (lr * (gw[c][k] / xs.size() + l2 * w[c][k]));
                }
            }
        }
        return new ColourLayoutModel(w, b);
    }

    /** @return the class names, in label order */
    public List<String> classNames() {
        return SceneGenerator.CLASSES;
    }

    @Override
    public int classCount() {
        return weights.length;
    }

    @Override
    public float[][] logits(ImageBatch batch) {
        float[][] z = new float[batch.size()][];
        for (int i = 0; i < batch.size(); i++) {
            z[i] = logitsOf(features(batch.image(i)));
        }
        return z;
    }

    @Override
    public LossGradient lossGradient(ImageBatch batch, int[] labels, ClassifierLoss loss) {
        if (labels.length != batch.size()) {
            throw new IllegalArgumentException(batch.size() + " images but " + labels.length + " labels");
        }
        int w = batch.width();
        int h = batch.height();
        int plane = w * h;
        float[][] z = new float[batch.size()][];
        double[] losses = new double[batch.size()];
        float[] grad = new float[batch.size() * 3 * plane];
        for (int i = 0; i < batch.size(); i++) {
            z[i] = logitsOf(features(batch.image(i)));
            losses[i] = loss.value(z[i], labels[i]);
            float[] dz = loss.logitGradient(z[i], labels[i]);
            float[] df = new float[FEATURES];
            for (int c = 0; c < dz.length; c++) {
                for (int k = 0; k < FEATURES; k++) {
                    df[k] += dz[c] * weights[c][k];
                }
            }
            // Back through the cell means: every pixel of a cell gets df / (cell pixel count).
            for (int ch = 0; ch < 3; ch++) {
                for (int gy = 0; gy < GRID; gy++) {
                    int y0 = gy * h / GRID;
                    int y1 = (gy + 1) * h / GRID;
                    for (int gx = 0; gx < GRID; gx++) {
                        int x0 = gx * w / GRID;
                        int x1 = (gx + 1) * w / GRID;
                        float g = COLOUR_SCALE * df[(ch * GRID + gy) * GRID + gx] / ((y1 - y0) * (x1 - x0));
                        for (int y = y0; y < y1; y++) {
                            int base = i * 3 * plane + ch * plane + y * w;
                            for (int x = x0; x < x1; x++) {
                                grad[base + x] = g;
                            }
                        }
                    }
                }
            }
            textureBackward(batch.image(i), df, grad, i * 3 * plane);
        }
        return new LossGradient(z, losses, ImageGradient.wrap(batch.size(), w, h, grad));
    }

    private float[] logitsOf(float[] f) {
        float[] z = new float[weights.length];
        for (int c = 0; c < z.length; c++) {
            z[c] = dot(weights[c], f) + bias[c];
        }
        return z;
    }

    /** Mean of each channel over each grid cell, minus 0.5, layout (channel, cell row, cell column). */
    static float[] features(RgbImage img) {
        int w = img.width();
        int h = img.height();
        if (w < GRID || h < GRID) {
            throw new IllegalArgumentException("the demo model needs images of at least " + GRID + "x" + GRID
                    + " pixels but got " + w + "x" + h);
        }
        float[] d = img.data();
        int plane = w * h;
        float[] f = new float[FEATURES];
        for (int ch = 0; ch < 3; ch++) {
            for (int gy = 0; gy < GRID; gy++) {
                int y0 = gy * h / GRID;
                int y1 = (gy + 1) * h / GRID;
                for (int gx = 0; gx < GRID; gx++) {
                    int x0 = gx * w / GRID;
                    int x1 = (gx + 1) * w / GRID;
                    double s = 0;
                    for (int y = y0; y < y1; y++) {
                        int base = ch * plane + y * w;
                        for (int x = x0; x < x1; x++) {
                            s += d[base + x];
                        }
                    }
                    f[(ch * GRID + gy) * GRID + gx] = (float) (COLOUR_SCALE * (s / ((y1 - y0) * (x1 - x0)) - 0.5));
                }
            }
        }
        float[] e = energy(img);
        for (int gy = 0; gy < GRID; gy++) {
            int y0 = gy * h / GRID;
            int y1 = (gy + 1) * h / GRID;
            for (int gx = 0; gx < GRID; gx++) {
                int x0 = gx * w / GRID;
                int x1 = (gx + 1) * w / GRID;
                double s = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        s += e[y * w + x];
                    }
                }
                f[(3 * GRID + gy) * GRID + gx] = (float) (TEXTURE_SCALE * s / ((y1 - y0) * (x1 - x0)));
            }
        }
        return f;
    }

    /** Luminance of each pixel. */
    private static float[] luminance(RgbImage img) {
        int plane = img.pixelCount();
        float[] d = img.data();
        float[] l = new float[plane];
        for (int p = 0; p < plane; p++) {
            l[p] = 0.299f * d[p] + 0.587f * d[plane + p] + 0.114f * d[2 * plane + p];
        }
        return l;
    }

    /**
     * Texture energy: {@code sqrt(dx^2 + dy^2 + delta^2)} of the luminance with forward differences
     * (zero past the last row and column).
     */
    private static float[] energy(RgbImage img) {
        int w = img.width();
        int h = img.height();
        float[] l = luminance(img);
        float[] e = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                float dx = x + 1 < w ? l[p + 1] - l[p] : 0f;
                float dy = y + 1 < h ? l[p + w] - l[p] : 0f;
                e[p] = (float) Math.sqrt(dx * dx + dy * dy + DELTA * DELTA);
            }
        }
        return e;
    }

    /** Adds d(loss)/d(pixel) through the texture features, given d(loss)/d(features). */
    private static void textureBackward(RgbImage img, float[] df, float[] grad, int off) {
        int w = img.width();
        int h = img.height();
        int plane = w * h;
        float[] l = luminance(img);
        float[] dl = new float[plane];
        for (int gy = 0; gy < GRID; gy++) {
            int y0 = gy * h / GRID;
            int y1 = (gy + 1) * h / GRID;
            for (int gx = 0; gx < GRID; gx++) {
                int x0 = gx * w / GRID;
                int x1 = (gx + 1) * w / GRID;
                float de = TEXTURE_SCALE * df[(3 * GRID + gy) * GRID + gx] / ((y1 - y0) * (x1 - x0));
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        int p = y * w + x;
                        float dx = x + 1 < w ? l[p + 1] - l[p] : 0f;
                        float dy = y + 1 < h ? l[p + w] - l[p] : 0f;
                        float e = (float) Math.sqrt(dx * dx + dy * dy + DELTA * DELTA);
                        if (x + 1 < w) {
                            dl[p + 1] += de * dx / e;
                            dl[p] -= de * dx / e;
                        }
                        if (y + 1 < h) {
                            dl[p + w] += de * dy / e;
                            dl[p] -= de * dy / e;
                        }
                    }
                }
            }
        }
        for (int p = 0; p < plane; p++) {
            grad[off + p] += 0.299f * dl[p];
            grad[off + plane + p] += 0.587f * dl[p];
            grad[off + 2 * plane + p] += 0.114f * dl[p];
        }
    }

    private static float dot(float[] a, float[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += (double) a[k] * b[k];
        }
        return (float) s;
    }

    @Override
    public String toString() {
        return "ColourLayoutModel[demo, " + GRID + "x" + GRID + " cells of colour and texture, classes=" + SceneGenerator.CLASSES + "]";
    }
}
