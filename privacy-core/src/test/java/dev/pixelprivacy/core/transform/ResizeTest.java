package dev.pixelprivacy.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ResizeTest {

    /** The input plane of pil_resize.py: ((37 x + 91 y + (x y) % 11) % 64) / 63, exact in float. */
    private static float pilInput(int x, int y) {
        return (float) (((37 * x + 91 * y + (x * y) % 11) % 64) / 63.0);
    }

    private record Golden(ResizeKernel kernel, int w, int h, int ow, int oh, float[] values) {}

    private static List<Golden> goldens() throws IOException {
        List<Golden> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                ResizeTest.class.getResourceAsStream("pil-resize.txt"), StandardCharsets.US_ASCII))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] t = line.trim().split(" ");
                float[] v = new float[t.length - 5];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Float.parseFloat(t[i + 5]);
                }
                out.add(new Golden(ResizeKernel.valueOf(t[0]), Integer.parseInt(t[1]), Integer.parseInt(t[2]),
                        Integer.parseInt(t[3]), Integer.parseInt(t[4]), v));
            }
        }
        return out;
    }

    @Test
    void everyKernelMatchesPilOnFloatImagesWhenDownscalingAndUpscaling() throws IOException {
        // PIL resamples mode 'F' images in double and stores float: the same arithmetic, so the
        // tolerance is a few float ulps of values of order 1.
        List<Golden> goldens = goldens();
        assertThat(goldens).hasSize(20);
        for (Golden g : goldens) {
            ImageSize in = new ImageSize(g.w(), g.h());
            float[] planar = new float[in.planarLength()];
            int n = in.pixelCount();
            for (int y = 0; y < g.h(); y++) {
                for (int x = 0; x < g.w(); x++) {
                    float v = pilInput(x, y);
                    planar[y * g.w() + x] = v;
                    planar[n + y * g.w() + x] = 1f - v;
                    planar[2 * n + y * g.w() + x] = 0.5f;
                }
            }
            float[] out = Resize.to(g.ow(), g.oh(), g.kernel()).forward(planar, in);
            int m = g.ow() * g.oh();
            for (int i = 0; i < m; i++) {
                String where = g.kernel() + " " + in + " -> " + g.ow() + "x" + g.oh() + " sample " + i;
                assertThat(out[i]).as(where).isCloseTo(g.values()[i], offset(2e-6f));
                assertThat(out[m + i]).as(where + " (second channel, 1 - v)").isCloseTo(1f - g.values()[i], offset(4e-6f));
                assertThat(out[2 * m + i]).as(where + " (constant channel)").isCloseTo(0.5f, offset(1e-6f));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ResizeKernel.class)
    void adjointIdentityHoldsDownscalingAndUpscaling(ResizeKernel kernel) {
        ImageSize in = new ImageSize(37, 23);
        for (Resize r : List.of(Resize.to(11, 9, kernel), Resize.to(60, 41, kernel), Resize.to(37, 8, kernel),
                Resize.to(13, 23, kernel), Resize.longSide(20, kernel, false))) {
            double[] lr = Adjoints.affineIdentity(r, in, 7);
            assertThat(lr[1]).as(r.toString()).isCloseTo(lr[0], offset(1e-5 * Math.abs(lr[0])));
        }
    }

    @Test
    void longSideKeepsTheAspectRatioAndByDefaultNeverUpscales() {
        Resize r = Resize.longSide(1080, ResizeKernel.LANCZOS, false);
        assertThat(r.outputSize(new ImageSize(4000, 3000))).isEqualTo(new ImageSize(1080, 810));
        assertThat(r.outputSize(new ImageSize(1500, 2000))).isEqualTo(new ImageSize(810, 1080));
        assertThat(r.outputSize(new ImageSize(800, 600))).isEqualTo(new ImageSize(800, 600));
        assertThat(Resize.longSide(1080, ResizeKernel.AREA, true).outputSize(new ImageSize(800, 600)))
                .isEqualTo(new ImageSize(1080, 810));
        assertThat(r.outputSize(new ImageSize(100000, 10))).isEqualTo(new ImageSize(1080, 1));
    }

    @Test
    void areaDownscaleByAnIntegerFactorIsTheBlockMean() {
        float[] x = Adjoints.uniform(3 * 6 * 4, 0, 1, 3);
        float[] y = Resize.to(3, 2, ResizeKernel.AREA).forward(x, new ImageSize(6, 4));
        for (int c = 0; c < 3; c++) {
            for (int oy = 0; oy < 2; oy++) {
                for (int ox = 0; ox < 3; ox++) {
                    double s = 0;
                    for (int dy = 0; dy < 2; dy++) {
                        for (int dx = 0; dx < 2; dx++) {
                            s += x[c * 24 + (2 * oy + dy) * 6 + 2 * ox + dx];
                        }
                    }
                    assertThat(y[c * 6 + oy * 3 + ox]).isCloseTo((float) (s / 4), offset(1e-6f));
                }
            }
        }
    }

    @Test
    void sameSizeIsTheIdentity() {
        float[] x = Adjoints.uniform(3 * 5 * 4, 0, 1, 5);
        assertThat(Resize.to(5, 4, ResizeKernel.LANCZOS).forward(x, new ImageSize(5, 4))).containsExactly(x);
    }

    @Test
    void badArgumentsAreRefusedWithTheirValue() {
        assertThatThrownBy(() -> Resize.longSide(0, ResizeKernel.AREA, false)).hasMessageContaining("0");
        assertThatThrownBy(() -> Resize.to(0, 5, ResizeKernel.AREA)).hasMessageContaining("0x5");
        assertThatThrownBy(() -> ResizeKernel.byName("nearest")).hasMessageContaining("'nearest'")
                .hasMessageContaining("lanczos");
        assertThatThrownBy(() -> Resize.to(4, 4, ResizeKernel.AREA).forward(new float[5], new ImageSize(2, 2)))
                .hasMessageContaining("5 values");
    }
}
