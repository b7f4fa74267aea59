package dev.pixelprivacy.bench.memory;

/**
 * Ordinary least-squares line {@code y = intercept + slope * x} through points.
 *
 * @param slope change of y per unit of x
 * @param intercept y at x = 0
 */
record LinearFit(double slope, double intercept) {
    /**
     * @param x abscissae, at least two distinct values
     * @param y ordinates, as many as x, finite
     * @return the line minimising the sum of squared vertical distances
     * @throws IllegalArgumentException if the lengths differ, there are fewer than two points, a value is
     *     not finite, or all x are equal (no slope is defined)
     */
    static LinearFit of(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y must have the same length but had " + x.length + " and " + y.length);
        }
        if (x.length < 2) {
            throw new IllegalArgumentException("a line needs at least 2 points but got " + x.length);
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("point " + i + " is not finite: (" + x[i] + ", " + y[i] + ")");
            }
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= x.length;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        if (sxx == 0) {
            throw new IllegalArgumentException("all " + x.length + " x values are equal (" + x[0] + "): no slope");
        }
        double slope = sxy / sxx;
        return new LinearFit(slope, my - slope * mx);
    }
}
