package dev.pixelprivacy.core.transform;

import dev.pixelprivacy.core.Arguments;

/**
 * Brightness, contrast and saturation, in torchvision's {@code ColorJitter} order and formulas,
 * without the intermediate clamps (so the map is linear and its vjp exact and input-independent;
 * {@link #apply} clamps the result once):
 * <ol>
 *   <li>brightness b: {@code x1 = b x};</li>
 *   <li>contrast c: {@code x2 = c x1 + (1 - c) m}, m the mean over the image of the grey value of x1;</li>
 *   <li>saturation s: {@code x3 = s x2 + (1 - s) grey(x2)} per pixel,</li>
 * </ol>
 * with {@code grey = 0.299 R + 0.587 G + 0.114 B} (ITU-R BT.601 luma, torchvision's
 * {@code rgb_to_grayscale}). Factor 1 leaves the image unchanged.
 */
public final class ColourJitter implements DifferentiableTransform {
    private static final double[] LUMA = {0.299, 0.587, 0.114};

    private final double brightness;
    private final double contrast;
    private final double saturation;

    private ColourJitter(double brightness, double contrast, double saturation) {
        this.brightness = brightness;
        this.contrast = contrast;
        this.saturation = saturation;
    }

    /**
     * @param brightness factor, &gt;= 0
     * @param contrast factor, &gt;= 0
     * @param saturation factor, &gt;= 0
     * @return the jitter
     */
    public static ColourJitter of(double brightness, double contrast, double saturation) {
        Arguments.nonNegative("brightness", brightness);
        Arguments.nonNegative("contrast", contrast);
        Arguments.nonNegative("saturation", saturation);
        return new ColourJitter(brightness, contrast, saturation);
    }

    @Override
    public ImageSize outputSize(ImageSize input) {
        return input;
    }

    @Override
    public float[] forward(float[] planar, ImageSize size) {
        DifferentiableTransform.requireLength(size, planar, "colour jitter input");
        int n = size.pixelCount();
        double greyMean = 0;
        for (int c = 0; c < 3; c++) {
            double s = 0;
            for (int i = c * n; i < (c + 1) * n; i++) {
                s += planar[i];
            }
            greyMean += LUMA[c] * s;
        }
        double m = brightness * greyMean / n;
        double k = contrast * brightness;
        double offset = (1 - contrast) * m;
        float[] out = new float[planar.length];
        for (int p = 0; p < n; p++) {
            double r = k * planar[p] + offset;
            double g = k * planar[n + p] + offset;
            double b = k * planar[2 * n + p] + offset;
            double grey = (1 - saturation) * (LUMA[0] * r + LUMA[1] * g + LUMA[2] * b);
            out[p] = (float) (saturation * r + grey);
            out[n + p] = (float) (saturation * g + grey);
            out[2 * n + p] = (float) (saturation * b + grey);
        }
        return out;
    }

    @Override
    public float[] vjp(float[] planar, ImageSize size, float[] outputGradient) {
        DifferentiableTransform.requireLength(size, outputGradient, "colour jitter output gradient");
        int n = size.pixelCount();
        // transpose of saturation: g2_c = s g3_c + (1 - s) LUMA_c sum_d g3_d
        double[] g2 = new double[3 * n];
        for (int p = 0; p < n; p++) {
            double sum = (1 - saturation) * (outputGradient[p] + outputGradient[n + p] + outputGradient[2 * n + p]);
            for (int c = 0; c < 3; c++) {
                double v = saturation * outputGradient[c * n + p] + LUMA[c] * sum;
                g2[c * n + p] = v;
            }
        }
        // transpose of contrast and brightness: x2 = k x + (1 - c) b (1/n) sum_d LUMA_d sum_p x_d
        double sumAll = 0;
        for (double v : g2) {
            sumAll += v;
        }
        float[] out = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            double shared = (1 - contrast) * brightness * LUMA[c] * sumAll / n;
            for (int p = 0; p < n; p++) {
                out[c * n + p] = (float) (contrast * brightness * g2[c * n + p] + shared);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "jitter(brightness " + brightness + ", contrast " + contrast + ", saturation " + saturation + ")";
    }
}
