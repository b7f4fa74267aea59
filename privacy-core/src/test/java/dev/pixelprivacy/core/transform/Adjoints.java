package dev.pixelprivacy.core.transform;

import java.util.SplittableRandom;

/** Inner products and random data for the adjoint checks, accumulated in double. */
final class Adjoints {
    private Adjoints() {}

    static float[] uniform(int n, double lo, double hi, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return a;
    }

    static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ: " + a.length + " and " + b.length);
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    static float[] minus(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    /**
     * For an affine map T(x) = A x + b (no clamp reached): {@code <T x1 - T x2, y>} and
     * {@code <x1 - x2, A^T y>}, with x1, x2 in [0.25, 0.75] and y in [-1, 1].
     *
     * @return {lhs, rhs}
     */
    static double[] affineIdentity(DifferentiableTransform t, ImageSize size, long seed) {
        float[] x1 = uniform(size.planarLength(), 0.25, 0.75, seed);
        float[] x2 = uniform(size.planarLength(), 0.25, 0.75, seed + 1);
        float[] y = uniform(t.outputSize(size).planarLength(), -1, 1, seed + 2);
        double lhs = dot(minus(t.forward(x1, size), t.forward(x2, size)), y);
        double rhs = dot(minus(x1, x2), t.vjp(x1, size, y));
        return new double[] {lhs, rhs};
    }

    /**
     * For a differentiable map: the central finite difference of {@code <T(x), y>} along d with step h,
     * and {@code <d, vjp(x, y)>}.
     *
     * @return {finite difference, vjp}
     */
    static double[] directionalDerivative(DifferentiableTransform t, float[] x, ImageSize size, float[] d, double h,
            long seed) {
        return directionalDerivative(t, x, size, d, h, uniform(t.outputSize(size).planarLength(), -1, 1, seed));
    }

    /** As {@link #directionalDerivative(DifferentiableTransform, float[], ImageSize, float[], double, long)} with a given y. */
    static double[] directionalDerivative(DifferentiableTransform t, float[] x, ImageSize size, float[] d, double h,
            float[] y) {
        float[] plus = new float[x.length];
        float[] minus = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            plus[i] = (float) (x[i] + h * d[i]);
            minus[i] = (float) (x[i] - h * d[i]);
        }
        double fd = (dot(t.forward(plus, size), y) - dot(t.forward(minus, size), y)) / (2 * h);
        return new double[] {fd, dot(d, t.vjp(x, size, y))};
    }

    /**
     * For a map that is smooth except on a set of measure zero (the JPEG surrogate jumps where a
     * coefficient crosses a half-integer): the central difference of {@code <T(x), y>} along d at the
     * largest step h in 1e-3, 5e-4, ... (down to about 1e-5) whose value agrees with the one at h / 2 to
     * {@code agreement} relative; a segment that crosses a jump gives a difference of order jump / h
     * and does not agree. Returns {NaN, vjp} if no step agrees. The output weights y are the
     * difference {@code T(x + 1e-3 d) - T(x - 1e-3 d)}: any y gives an identity, and one aligned with
     * {@code J d} makes the inner product grow with the image while the float rounding of the forward
     * pass only grows with its square root.
     *
     * @return {finite difference, vjp}
     */
    static double[] smoothDirectionalDerivative(DifferentiableTransform t, float[] x, ImageSize size, float[] d,
            double agreement) {
        float[] plus = new float[x.length];
        float[] minus = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            plus[i] = (float) (x[i] + 1e-3 * d[i]);
            minus[i] = (float) (x[i] - 1e-3 * d[i]);
        }
        float[] y = minus(t.forward(plus, size), t.forward(minus, size));
        double h = 1e-3;
        double previous = directionalDerivative(t, x, size, d, h, y)[0];
        double vjp = directionalDerivative(t, x, size, d, h, y)[1];
        for (int i = 0; i < 7; i++) {
            double half = directionalDerivative(t, x, size, d, h / 2, y)[0];
            if (Math.abs(half - previous) <= agreement * Math.abs(half)) {
                return new double[] {previous, vjp};
            }
            previous = half;
            h /= 2;
        }
        return new double[] {Double.NaN, vjp};
    }
}
