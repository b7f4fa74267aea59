package dev.pixelprivacy.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link EightBitLevels} against the expressions it replaces, {@code Math.round(v * 255f)} and {@code r / 255f}. */
class EightBitLevelsTest {

    private static void check(float v) {
        assertThat(EightBitLevels.round(v)).as("round(%s) (bits %08x)", v, Float.floatToRawIntBits(v))
                .isEqualTo(Math.round(v * 255f));
        assertThat(Float.floatToRawIntBits(EightBitLevels.quantise(v))).as("quantise(%s)", v)
                .isEqualTo(Float.floatToRawIntBits(Math.round(v * 255f) / 255f));
    }

    @Test
    void roundsEveryFloatOfEveryHalfLevelNeighbourhoodAsMathRound() {
        // Around each tie k + 1/2 of v * 255 (where x + 0.5f could round across an integer), 4096 floats
        // either side of the v nearest to it, and the same around every level k itself.
        for (int k = -2; k <= 257; k++) {
            for (float centre : new float[] {(k + 0.5f) / 255f, k / 255f}) {
                int bits = Float.floatToRawIntBits(centre);
                for (int d = -4096; d <= 4096; d++) {
                    check(Float.intBitsToFloat(bits + d));
                }
            }
        }
        // The one float below 1/2 whose x + 0.5f rounds up to 1: 0.49999997f, reached as v * 255.
        check(0.49999997f / 255f);
        check(Math.nextDown(0.5f / 255f));
    }

    @Test
    void roundsAStrideOfAllFloatsInTheUnitIntervalAndBeyondAsMathRound() {
        int one = Float.floatToRawIntBits(1f);
        for (int bits = 0; bits <= one; bits += 251) {
            check(Float.intBitsToFloat(bits));
        }
        for (float v : new float[] {0f, -0f, 1f, Float.MIN_VALUE, -Float.MIN_VALUE, -1e-9f, -0.002f, -1f, 1.5f, 2f,
                32767.5f, 8388607f / 255f, 8388608f / 255f, 1e10f, -1e10f, Float.MAX_VALUE, -Float.MAX_VALUE,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN}) {
            check(v);
        }
    }

    @Test
    void levelsAreTheDivisionsForEveryIntTheTableHoldsAndBeyond() {
        for (int r = -300; r <= 300; r++) {
            assertThat(Float.floatToRawIntBits(EightBitLevels.level(r))).as("level(%d)", r)
                    .isEqualTo(Float.floatToRawIntBits(r / 255f));
        }
        for (int r : new int[] {Integer.MIN_VALUE, -65536, 65536, Integer.MAX_VALUE}) {
            assertThat(EightBitLevels.level(r)).isEqualTo(r / 255f);
        }
        assertThat(EightBitLevels.level(0)).isZero();
        assertThat(EightBitLevels.level(255)).isEqualTo(1f);
    }
}
