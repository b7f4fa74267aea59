package dev.pixelprivacy.core.io;

import dev.pixelprivacy.core.testing.PhotoFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pixelprivacy.core.image.RgbImage;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageConversionsTest {

    @Test
    void eightBitRgbSamplesBecomeSampleOver255() {
        BufferedImage img = PhotoFiles.random8BitRgb(7, 5, 11);
        RgbImage rgb = ImageConversions.toRgbImage(img);
        assertThat(rgb.width()).isEqualTo(7);
        assertThat(rgb.height()).isEqualTo(5);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(rgb.get(c, y, x)).isEqualTo(PhotoFiles.channel(img.getRGB(x, y), c) / 255f);
                }
            }
        }
    }

    @Test
    void toBufferedImageRoundsToNearestNotDown() {
        // 0.999 * 255 = 254.7 (255 rounded, 254 truncated); 0.5 / 255 rounds half up to 1.
        float[] d = {0.999f, 0.6f / 255f, 0.4f / 255f, 0f, 1f, 0.5f};
        RgbImage img = RgbImage.of(2, 1, d);
        BufferedImage out = ImageConversions.toBufferedImage(img);
        assertThat(out.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        WritableRaster r = out.getRaster();
        assertThat(r.getSample(0, 0, 0)).isEqualTo(255);
        assertThat(r.getSample(1, 0, 0)).isEqualTo(1);
        assertThat(r.getSample(0, 0, 1)).isEqualTo(0);
        assertThat(r.getSample(1, 0, 1)).isEqualTo(0);
        assertThat(r.getSample(0, 0, 2)).isEqualTo(255);
        assertThat(r.getSample(1, 0, 2)).isEqualTo(128);
    }

    @Test
    void roundTripThroughBufferedImageEqualsQuantisation() {
        RgbImage img = PhotoFiles.randomRgb(13, 9, 5);
        RgbImage back = ImageConversions.toRgbImage(ImageConversions.toBufferedImage(img));
        assertThat(back).isEqualTo(img.quantised8Bit());
    }

    @Test
    void greyIsCopiedIntoAllChannelsWithoutJavasLinearGreyConversion() {
        BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 128);
        grey.getRaster().setSample(1, 0, 0, 3);
        RgbImage rgb = ImageConversions.toRgbImage(grey);
        for (int c = 0; c < 3; c++) {
            // getRGB would give 188 / 255 for grey 128: Java's CS_GRAY is linear.
            assertThat(rgb.get(c, 0, 0)).isEqualTo(128 / 255f);
            assertThat(rgb.get(c, 0, 1)).isEqualTo(3 / 255f);
        }
    }

    @Test
    void sixteenBitGreyKeepsFullPrecision() {
        BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        int[] samples = {1, 32769, 65534};
        for (int x = 0; x < 3; x++) {
            grey.getRaster().setSample(x, 0, 0, samples[x]);
        }
        RgbImage rgb = ImageConversions.toRgbImage(grey);
        for (int x = 0; x < 3; x++) {
            assertThat(rgb.get(1, 0, x)).isEqualTo(samples[x] / 65535f);
            // through 8 bits these would all be different values
            assertThat(rgb.get(1, 0, x)).isNotEqualTo(Math.round(samples[x] / 257f) / 255f);
        }
    }

    @Test
    void sixteenBitRgbaKeepsFullPrecisionAndDropsAlpha() {
        BufferedImage img = ushortRgba(4, 3, 21);
        RgbImage rgb = ImageConversions.toRgbImage(img);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(rgb.get(c, y, x)).isEqualTo(r.getSample(x, y, c) / 65535f);
                }
            }
        }
    }

    @Test
    void alphaIsDroppedByDefaultAndCompositedOnRequest() {
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x00c86432); // transparent, colour (200, 100, 50)
        img.setRGB(1, 0, 0xffc86432); // opaque
        img.setRGB(2, 0, 0x33c86432); // alpha 51 = 0.2
        RgbImage dropped = ImageConversions.toRgbImage(img);
        for (int x = 0; x < 3; x++) {
            assertThat(dropped.get(0, 0, x)).isEqualTo(200 / 255f);
            assertThat(dropped.get(1, 0, x)).isEqualTo(100 / 255f);
            assertThat(dropped.get(2, 0, x)).isEqualTo(50 / 255f);
        }
        RgbImage overBlue = ImageConversions.toRgbImage(img, AlphaHandling.compositeOver(0f, 0f, 1f));
        assertThat(overBlue.get(0, 0, 0)).isEqualTo(0f);
        assertThat(overBlue.get(1, 0, 0)).isEqualTo(0f);
        assertThat(overBlue.get(2, 0, 0)).isEqualTo(1f);
        assertThat(overBlue.get(0, 0, 1)).isEqualTo(200 / 255f);
        assertThat(overBlue.get(1, 0, 1)).isEqualTo(100 / 255f);
        assertThat(overBlue.get(2, 0, 1)).isEqualTo(50 / 255f);
        // 0.2 * colour + 0.8 * background, computed in double
        assertThat(overBlue.get(0, 0, 2)).isCloseTo((float) (0.2 * 200 / 255), within(1e-6f));
        assertThat(overBlue.get(1, 0, 2)).isCloseTo((float) (0.2 * 100 / 255), within(1e-6f));
        assertThat(overBlue.get(2, 0, 2)).isCloseTo((float) (0.2 * 50 / 255 + 0.8), within(1e-6f));
    }

    @Test
    void premultipliedAlphaIsUndoneBeforeUse() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB_PRE);
        img.setRGB(0, 0, 0x80c86432); // alpha 128, stored premultiplied
        img.setRGB(1, 0, 0x00c86432); // alpha 0: colour lost, black
        RgbImage dropped = ImageConversions.toRgbImage(img);
        // premultiplied storage keeps 8 bits of c * a, so the straight colour comes back within 1 level
        assertThat(dropped.get(0, 0, 0)).isCloseTo(200 / 255f, within(1f / 255));
        assertThat(dropped.get(1, 0, 0)).isCloseTo(100 / 255f, within(1f / 255));
        assertThat(dropped.get(2, 0, 0)).isCloseTo(50 / 255f, within(1f / 255));
        assertThat(dropped.get(0, 0, 1)).isEqualTo(0f);
        RgbImage overWhite = ImageConversions.toRgbImage(img, AlphaHandling.compositeOver(1f, 1f, 1f));
        assertThat(overWhite.get(0, 0, 1)).isEqualTo(1f);
        assertThat(overWhite.get(2, 0, 0)).isCloseTo((float) (128.0 / 255 * 50 / 255 + 127.0 / 255), within(1f / 255));
    }

    @Test
    void paletteIsLookedUpIncludingItsTransparentEntry() {
        byte[] r = {(byte) 255, 0, 10};
        byte[] g = {0, (byte) 255, 20};
        byte[] b = {0, 0, 30};
        byte[] a = {(byte) 255, (byte) 255, 0};
        IndexColorModel icm = new IndexColorModel(2, 3, r, g, b, a);
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_BINARY, icm);
        for (int x = 0; x < 3; x++) {
            img.getRaster().setSample(x, 0, 0, x);
        }
        RgbImage dropped = ImageConversions.toRgbImage(img);
        assertThat(new float[] {dropped.get(0, 0, 0), dropped.get(1, 0, 0), dropped.get(2, 0, 0)})
                .containsExactly(1f, 0f, 0f);
        assertThat(new float[] {dropped.get(0, 0, 2), dropped.get(1, 0, 2), dropped.get(2, 0, 2)})
                .containsExactly(10 / 255f, 20 / 255f, 30 / 255f);
        RgbImage composited = ImageConversions.toRgbImage(img, AlphaHandling.compositeOver(0.5f, 0.5f, 0.5f));
        assertThat(new float[] {composited.get(0, 0, 2), composited.get(1, 0, 2), composited.get(2, 0, 2)})
                .containsExactly(0.5f, 0.5f, 0.5f);
        assertThat(new float[] {composited.get(0, 0, 1), composited.get(1, 0, 1), composited.get(2, 0, 1)})
                .containsExactly(0f, 1f, 0f);
    }

    @Test
    void cmykIsRefusedNamingTheColourSpace() {
        ColorSpace cmyk = new ColorSpace(ColorSpace.TYPE_CMYK, 4) {
            private static final long serialVersionUID = 1L;

            @Override
            public float[] toRGB(float[] v) {
                return new float[3];
            }

            @Override
            public float[] fromRGB(float[] v) {
                return new float[4];
            }

            @Override
            public float[] toCIEXYZ(float[] v) {
                return new float[3];
            }

            @Override
            public float[] fromCIEXYZ(float[] v) {
                return new float[4];
            }
        };
        ComponentColorModel cm = new ComponentColorModel(
                cmyk, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        BufferedImage img = new BufferedImage(cm, cm.createCompatibleWritableRaster(2, 2), false, null);
        assertThatThrownBy(() -> ImageConversions.toRgbImage(img))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CMYK")
                .hasMessageContaining("only RGB and grey");
    }

    /** 16-bit RGBA with random samples, the layout the PNG reader produces for 16-bit RGBA files. */
    static BufferedImage ushortRgba(int width, int height, long seed) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                true, false, Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(width, height);
        Random rnd = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int b = 0; b < 4; b++) {
                    raster.setSample(x, y, b, rnd.nextInt(65536));
                }
            }
        }
        return new BufferedImage(cm, raster, false, null);
    }
}
