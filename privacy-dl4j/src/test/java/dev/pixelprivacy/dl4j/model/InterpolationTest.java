package dev.pixelprivacy.dl4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Interpolation}'s plane resize and its adjoint, the same-size shortcut against the definition. */
class InterpolationTest {

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble();
        }
        return v;
    }

    @Test
    void aSameSizeResizeIsTheIdentityBitForBit() {
        int w = 7;
        int h = 5;
        float[] src = random(3 + w * h, 1);
        for (Interpolation y : new Interpolation[] {Interpolation.of(h, h), Interpolation.alignCorners(h, h)}) {
            Interpolation x = Interpolation.of(w, w);
            float[] dst = new float[2 + w * h];
            y.resizePlane(src, 3, w, h, x, new float[w * h], dst, 2);
            for (int i = 0; i < w * h; i++) {
                assertThat(Float.floatToRawIntBits(dst[2 + i])).isEqualTo(Float.floatToRawIntBits(src[3 + i]));
            }
        }
    }

    @Test
    void theSameSizeAdjointAddsTheGradientOnce() {
        int w = 6;
        int h = 4;
        float[] g = random(w * h, 2);
        float[] dst = random(1 + w * h, 3);
        float[] before = dst.clone();
        Interpolation.of(h, h).adjointPlane(g, w, h, Interpolation.of(w, w), new float[w * h], dst, 1);
        assertThat(dst[0]).isEqualTo(before[0]);
        for (int i = 0; i < w * h; i++) {
            assertThat(dst[1 + i]).isEqualTo(before[1 + i] + g[i]);
        }
    }

    @Test
    void aHalvingResizeAveragesPairsAndItsAdjointIsItsTranspose() {
        // 4 -> 2 with half-pixel centres reads inputs 0.5 and 2.5: (a0 + a1) / 2 and (a2 + a3) / 2 on each axis.
        int w = 4;
        int h = 4;
        float[] src = random(w * h, 4);
        float[] out = new float[4];
        Interpolation.of(h, 2).resizePlane(src, 0, w, h, Interpolation.of(w, 2), new float[h * 2], out, 0);
        for (int oy = 0; oy < 2; oy++) {
            for (int ox = 0; ox < 2; ox++) {
                double s = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        s += src[(2 * oy + dy) * w + 2 * ox + dx];
                    }
                }
                assertThat((double) out[oy * 2 + ox]).isCloseTo(s / 4, org.assertj.core.data.Offset.offset(1e-6));
            }
        }
        // <R x, g> = <x, R^T g> for the resize R and its adjoint.
        float[] g = random(4, 5);
        float[] back = new float[w * h];
        Interpolation.of(h, 2).adjointPlane(g, w, h, Interpolation.of(w, 2), new float[h * 2], back, 0);
        double lhs = 0;
        double rhs = 0;
        for (int i = 0; i < 4; i++) {
            lhs += out[i] * (double) g[i];
        }
        for (int i = 0; i < w * h; i++) {
            rhs += src[i] * (double) back[i];
        }
        assertThat(lhs).isCloseTo(rhs, org.assertj.core.data.Offset.offset(1e-6));
    }
}
