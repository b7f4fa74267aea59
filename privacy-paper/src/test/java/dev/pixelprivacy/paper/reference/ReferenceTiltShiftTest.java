package dev.pixelprivacy.paper.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceTiltShiftTest {
    private static final int W = 24;
    private static final int H = 18;

    @Test
    void ditheringMatchesPilOnAHandCheckedExample() {
        // Row 0: 100 -> black (error 100: 7/16 = 43 to the right); 200 + 43 -> white (error -12);
        // 50 - 5 -> black. Row 1: 130 + 464/16 -> white; 129 + (-672 + 175)/16 = 98 -> black; 255 -> white.
        // Pillow 9.4 gives the same: [0, 1, 0, 1, 0, 1].
        boolean[] bits = ReferenceTiltShift.dither(new int[] {100, 200, 50, 130, 129, 255}, 3, 2);
        assertThat(bits).containsExactly(false, true, false, true, false, true);
    }

    @Test
    void ditheringAMidGreyGivesHalfTheDotsAndThresholdsAbove128() {
        int[] grey = new int[64 * 64];
        java.util.Arrays.fill(grey, 128);
        boolean[] bits = ReferenceTiltShift.dither(grey, 64, 64);
        int set = 0;
        for (boolean b : bits) {
            set += b ? 1 : 0;
        }
        assertThat(set / (double) bits.length).isCloseTo(128 / 255.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(bits[0]).isFalse(); // 128 is not above 128
    }

    @Test
    void matchesTheAuthorsCodeRunWithScipyAndPil() throws IOException {
        Map<String, String> golden = new HashMap<>();
        try (InputStream in = getClass().getResourceAsStream("reference-tiltshift-golden.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    String[] kv = line.split(" ", 2);
                    golden.put(kv[0], kv[1].strip());
                }
            }
        }
        float[] img = new float[3 * W * H];
        float[] m = new float[W * H];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    img[(c * H + y) * W + x] = ((37 * x + 91 * y + 53 * c + 11 * x * y) % 256) / 255f;
                    m[y * W + x] = ((x * x + 3 * y * y + 5 * x * y) % 256) / 255f;
                }
            }
        }
        RgbImage out = ReferenceTiltShift.apply(RgbImage.of(W, H, img), Mask.of(W, H, m));
        String[] expected = golden.get("OUT").split(",");
        assertThat(expected).hasSize(3 * W * H);
        int blurred = 0;
        for (int k = 0; k < expected.length; k++) {
            int got = Math.round(out.data()[k] * 255f);
            assertThat(got).as("sample %d", k).isEqualTo(Integer.parseInt(expected[k]));
            blurred += got != Math.round(img[k] * 255f) ? 1 : 0;
        }
        assertThat(blurred).as("samples the blur changed").isGreaterThan(100);
        String mask = golden.get("MASK");
        assertThat(mask).hasSize(W * H).contains("0").contains("1");
    }
}
