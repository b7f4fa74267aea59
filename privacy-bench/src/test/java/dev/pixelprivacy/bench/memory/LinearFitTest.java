package dev.pixelprivacy.bench.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinearFitTest {
    @Test
    void pointsOnALineGiveThatLine() {
        double[] x = {200, 300, 400, 500, 1000};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 500 + 0.0031 * x[i];
        }
        LinearFit f = LinearFit.of(x, y);
        assertThat(f.slope()).isCloseTo(0.0031, within(1e-12));
        assertThat(f.intercept()).isCloseTo(500, within(1e-9));
    }

    @Test
    void scatteredPointsGiveTheLeastSquaresLine() {
        // (0,1), (1,3), (2,2), (3,5): slope = sum((x-1.5)(y-2.75)) / sum((x-1.5)^2)
        // = (2.625 - 0.125 - 0.375 + 3.375) / 5 = 1.1, intercept = 2.75 - 1.1 * 1.5 = 1.1, worked by hand.
        LinearFit f = LinearFit.of(new double[] {0, 1, 2, 3}, new double[] {1, 3, 2, 5});
        assertThat(f.slope()).isCloseTo(1.1, within(1e-12));
        assertThat(f.intercept()).isCloseTo(1.1, within(1e-12));
    }

    @Test
    void refusesWhatHasNoSlope() {
        assertThatThrownBy(() -> LinearFit.of(new double[] {1}, new double[] {2}))
                .hasMessageContaining("at least 2 points but got 1");
        assertThatThrownBy(() -> LinearFit.of(new double[] {5, 5, 5}, new double[] {1, 2, 3}))
                .hasMessageContaining("all 3 x values are equal (5.0)");
        assertThatThrownBy(() -> LinearFit.of(new double[] {1, 2}, new double[] {1}))
                .hasMessageContaining("same length but had 2 and 1");
        assertThatThrownBy(() -> LinearFit.of(new double[] {1, 2}, new double[] {1, Double.NaN}))
                .hasMessageContaining("point 1 is not finite");
    }
}
