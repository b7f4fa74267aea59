package dev.pixelprivacy.core.transform;

import dev.pixelprivacy.core.Arguments;

/**
 * A gamma curve on every sample: {@code y = c(x)^gamma} with {@code c(x) = clamp(x, 0, 1)} (a platform's
 * tone change). Its exact vjp multiplies the gradient by {@code gamma * x^(gamma - 1)} inside (0, 1]
 * and by 0 where the clamp is flat (x &lt;= 0 or x &gt; 1).
 */
public final class Gamma implements DifferentiableTransform {
    private final double gamma;

    private Gamma(double gamma) {
        this.gamma = gamma;
    }

    /**
     * @param gamma the exponent, &gt; 0 (below 1 brightens, above 1 darkens)
     * @return the curve
     */
    public static Gamma of(double gamma) {
        Arguments.positive("gamma", gamma);
        return new Gamma(gamma);
    }

    @Override
    public ImageSize outputSize(ImageSize input) {
        return input;
    }

    @Override
    public float[] forward(float[] planar, ImageSize size) {
        DifferentiableTransform.requireLength(size, planar, "gamma input");
        float[] out = new float[planar.length];
        for (int i = 0; i < out.length; i++) {
            double x = planar[i];
            out[i] = x <= 0 ? 0f : (float) Math.pow(Math.min(x, 1.0), gamma);
        }
        return out;
    }

    @Override
    public float[] vjp(float[] planar, ImageSize size, float[] outputGradient) {
        DifferentiableTransform.requireLength(size, planar, "gamma input");
        DifferentiableTransform.requireLength(size, outputGradient, "gamma output gradient");
        float[] out = new float[planar.length];
        for (int i = 0; i < out.length; i++) {
            double x = planar[i];
            out[i] = x <= 0 || x > 1 ? 0f : (float) (outputGradient[i] * gamma * Math.pow(x, gamma - 1));
        }
        return out;
    }

    @Override
    public String toString() {
        return "gamma(" + gamma + ")";
    }
}
