package dev.pixelprivacy.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class ClassifierLossTest {
    private static final float[] Z = {1f, 3f, -2f, 0.5f};

    @Test
    void crossEntropyMatchesItsDefinitionAndItsGradientMatchesFiniteDifferences() {
        double lse = Math.log(Math.exp(1) + Math.exp(3) + Math.exp(-2) + Math.exp(0.5));
        assertThat(ClassifierLoss.CROSS_ENTROPY.value(Z, 1)).isCloseTo(lse - 3, offset(1e-9));
        float[] g = ClassifierLoss.CROSS_ENTROPY.logitGradient(Z, 1);
        for (int j = 0; j < Z.length; j++) {
            float[] plus = Z.clone();
            float[] minus = Z.clone();
            plus[j] += 1e-3f;
            minus[j] -= 1e-3f;
            double fd = (ClassifierLoss.CROSS_ENTROPY.value(plus, 1) - ClassifierLoss.CROSS_ENTROPY.value(minus, 1)) / 2e-3;
            assertThat(g[j]).isCloseTo((float) fd, offset(1e-4f));
        }
    }

    @Test
    void negativeTrueLogitIsMinusTheLogit() {
        assertThat(ClassifierLoss.NEGATIVE_TRUE_LOGIT.value(Z, 2)).isEqualTo(2.0);
        assertThat(ClassifierLoss.NEGATIVE_TRUE_LOGIT.logitGradient(Z, 2)).containsExactly(0f, 0f, -1f, 0f);
    }

    @Test
    void predictionIsTheArgMaxWithSoftmaxProbabilities() {
        Prediction p = Prediction.fromLogits(Z);
        assertThat(p.label()).isEqualTo(1);
        double sum = 0;
        for (float v : p.probabilities()) {
            sum += v;
        }
        assertThat(sum).isCloseTo(1.0, offset(1e-6));
        assertThat(p.topK(2)).containsExactly(1, 0);
    }

    @Test
    void nimaMeanScoreUsesRatingsOneToTen() {
        float[] p = new float[10];
        p[9] = 0.5f;
        p[0] = 0.5f;
        assertThat(ScoreDistribution.meanScore(p)).isCloseTo(5.5, offset(1e-9));
        assertThat(ScoreDistribution.meanScore(p, 0)).isCloseTo(4.5, offset(1e-9));
    }
}
