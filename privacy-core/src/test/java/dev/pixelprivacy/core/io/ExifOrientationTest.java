package dev.pixelprivacy.core.io;

import dev.pixelprivacy.core.testing.PhotoFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExifOrientationTest {
    /**
     * The stored 3x2 image "a b c / d e f" (a..f = 1..6 in every channel) shown upright, by hand
     * from the Exif 2.32 table (which stored row and column become the visual top and left).
     */
    static final String[] UPRIGHT = {
        null,
        "abc/def", // 1
        "cba/fed", // 2: mirrored left to right
        "fed/cba", // 3: rotated 180
        "def/abc", // 4: mirrored top to bottom
        "ad/be/cf", // 5: transposed
        "da/eb/fc", // 6: turned 90 degrees clockwise
        "fc/eb/da", // 7: transversed
        "cf/be/ad", // 8: turned 90 degrees anticlockwise
    };

    /** a..f as 1/8..6/8 in channel 0, and distinct values in the other channels too. */
    static RgbImage storedAbcDef() {
        float[] d = new float[3 * 6];
        for (int i = 0; i < 6; i++) {
            d[i] = (i + 1) / 8f;
            d[6 + i] = (i + 1) / 16f;
            d[12 + i] = 1f - (i + 1) / 8f;
        }
        return RgbImage.of(3, 2, d);
    }

    /** The layout of channel 0 of an image whose values are letter / 8, as "abc/def". */
    static String layout(RgbImage img) {
        StringBuilder sb = new StringBuilder();
        for (int y = 0; y < img.height(); y++) {
            sb.append(y == 0 ? "" : "/");
            for (int x = 0; x < img.width(); x++) {
                sb.append((char) ('a' + Math.round(img.get(0, y, x) * 8f) - 1));
            }
        }
        return sb.toString();
    }

    @Test
    void eachOrientationGivesTheHandComputedUprightLayout() {
        RgbImage stored = storedAbcDef();
        for (int v = 1; v <= 8; v++) {
            RgbImage upright = ExifOrientation.of(v).apply(stored);
            assertThat(layout(upright)).as("orientation %d", v).isEqualTo(UPRIGHT[v]);
            assertThat(upright.width()).isEqualTo(v >= 5 ? 2 : 3);
        }
    }

    @Test
    void everyChannelAndTheAlphaPlaneMoveTogether() {
        RgbImage stored = storedAbcDef();
        Mask alpha = Mask.of(3, 2, new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f});
        for (ExifOrientation o : ExifOrientation.values()) {
            RgbImage img = o.apply(stored);
            Mask a = o.apply(alpha);
            for (int y = 0; y < img.height(); y++) {
                for (int x = 0; x < img.width(); x++) {
                    int letter = Math.round(img.get(0, y, x) * 8f);
                    assertThat(img.get(1, y, x)).isEqualTo(letter / 16f);
                    assertThat(img.get(2, y, x)).isEqualTo(1f - letter / 8f);
                    assertThat(a.get(y, x)).isEqualTo(letter / 10f);
                }
            }
        }
    }

    @Test
    void tagIsReadInBothByteOrders() {
        for (int v = 1; v <= 8; v++) {
            byte[] le = PhotoFiles.exifTiff(v, false);
            byte[] be = PhotoFiles.exifTiff(v, true);
            assertThat(ExifOrientation.fromTiff(le, 0, le.length).value()).isEqualTo(v);
            assertThat(ExifOrientation.fromTiff(be, 0, be.length).value()).isEqualTo(v);
        }
    }

    @Test
    void tagIsReadAtAnOffsetWithinALargerBuffer() {
        byte[] tiff = PhotoFiles.exifTiff(6, true);
        byte[] buffer = new byte[tiff.length + 10];
        System.arraycopy(tiff, 0, buffer, 6, tiff.length);
        assertThat(ExifOrientation.fromTiff(buffer, 6, tiff.length)).isEqualTo(ExifOrientation.ROTATE_90_CLOCKWISE);
    }

    @Test
    void everyTruncationReadsAsNormal() {
        byte[] tiff = PhotoFiles.exifTiff(8, false);
        for (int n = 0; n < tiff.length - 4; n++) { // the last 4 bytes, the next-IFD offset, are not needed
            assertThat(ExifOrientation.fromTiff(Arrays.copyOf(tiff, n), 0, n)).as("%d bytes", n)
                    .isEqualTo(ExifOrientation.NORMAL);
        }
        assertThat(ExifOrientation.fromTiff(tiff, 0, tiff.length - 4)).isEqualTo(ExifOrientation.ROTATE_270_CLOCKWISE);
    }

    @Test
    void malformedValuesReadAsNormal() {
        byte[] nine = PhotoFiles.exifTiff(9, false);
        assertThat(ExifOrientation.fromTiff(nine, 0, nine.length)).isEqualTo(ExifOrientation.NORMAL);
        byte[] zero = PhotoFiles.exifTiff(0, true);
        assertThat(ExifOrientation.fromTiff(zero, 0, zero.length)).isEqualTo(ExifOrientation.NORMAL);
        byte[] wrongType = PhotoFiles.exifTiff(6, false);
        wrongType[8 + 2 + 12 + 2] = 4; // Orientation as a LONG
        assertThat(ExifOrientation.fromTiff(wrongType, 0, wrongType.length)).isEqualTo(ExifOrientation.NORMAL);
        byte[] badMagic = PhotoFiles.exifTiff(6, false);
        badMagic[2] = 43;
        assertThat(ExifOrientation.fromTiff(badMagic, 0, badMagic.length)).isEqualTo(ExifOrientation.NORMAL);
        byte[] ifdOutside = PhotoFiles.exifTiff(6, true);
        ifdOutside[4] = 0x7f;
        assertThat(ExifOrientation.fromTiff(ifdOutside, 0, ifdOutside.length)).isEqualTo(ExifOrientation.NORMAL);
        byte[] hugeCount = PhotoFiles.exifTiff(3, true);
        hugeCount[8] = (byte) 0xff; // 65 000 entries claimed in a 38-byte block: the tag is found first
        assertThat(ExifOrientation.fromTiff(hugeCount, 0, hugeCount.length)).isEqualTo(ExifOrientation.ROTATE_180);
    }

    @Test
    void randomGarbageNeverThrows() {
        Random rnd = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage = new byte[rnd.nextInt(64)];
            rnd.nextBytes(garbage);
            if (garbage.length >= 4 && rnd.nextBoolean()) { // a valid header over garbage: reaches the IFD walk
                garbage[0] = 'I';
                garbage[1] = 'I';
                garbage[2] = 42;
                garbage[3] = 0;
            }
            assertThat(ExifOrientation.fromTiff(garbage, 0, garbage.length)).isNotNull();
        }
    }

    @Test
    void valueOutsideOneToEightIsRefusedByOf() {
        assertThatThrownBy(() -> ExifOrientation.of(9)).hasMessageContaining("[1, 8] but was 9");
    }
}
