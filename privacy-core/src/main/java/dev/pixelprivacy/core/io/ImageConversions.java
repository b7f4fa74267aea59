package dev.pixelprivacy.core.io;

import dev.pixelprivacy.core.image.RgbImage;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Conversions between {@link BufferedImage} and {@link RgbImage}.
 *
 * <p>Reading takes the stored samples at their full precision, {@code sample / (2^bits - 1)}: an
 * 8-bit sample k becomes {@code k / 255f}, a 16-bit one {@code k / 65535f}. Grey is copied into all
 * three channels and a palette is looked up, as PIL's {@code convert("RGB")} does. Embedded colour
 * profiles are ignored (samples are taken as sRGB, again like PIL and the classifiers' training
 * pipelines); {@link BufferedImage#getRGB} is deliberately not used because it converts Java's
 * linear grey colour space to sRGB, turning grey 128 into 188.
 */
public final class ImageConversions {
    private ImageConversions() {}

    /**
     * Converts with alpha dropped ({@link AlphaHandling#drop()}).
     *
     * @param image an RGB or grey image, with or without alpha, of any sample depth or a palette
     * @return the image as float RGB in [0, 1]
     * @throws IllegalArgumentException if the colour space is neither RGB nor grey (CMYK, say)
     */
    public static RgbImage toRgbImage(BufferedImage image) {
        return toRgbImage(image, AlphaHandling.drop());
    }

    /**
     * @param image an RGB or grey image, with or without alpha, of any sample depth or a palette
     * @param alpha what to do with an alpha channel; ignored if the image has none
     * @return the image as float RGB in [0, 1]
     * @throws IllegalArgumentException if the colour space is neither RGB nor grey (CMYK, say), or the
     *     sample type is not supported; the message names it
     */
    public static RgbImage toRgbImage(BufferedImage image, AlphaHandling alpha) {
        if (image == null) {
            throw new IllegalArgumentException("image must not be null");
        }
        if (alpha == null) {
            throw new IllegalArgumentException("alpha handling must not be null");
        }
        ColorModel cm = image.getColorModel();
        float[] out = new float[RgbImage.CHANNELS * image.getWidth() * image.getHeight()];
        if (cm instanceof IndexColorModel icm) {
            fromPalette(image.getRaster(), icm, alpha, out);
        } else if (cm instanceof ComponentColorModel || cm instanceof DirectColorModel) {
            fromSamples(image.getRaster(), cm, alpha, out);
        } else {
            throw new IllegalArgumentException("unsupported colour model " + cm.getClass().getName());
        }
        return RgbImage.of(image.getWidth(), image.getHeight(), out);
    }

    private static void fromPalette(Raster raster, IndexColorModel icm, AlphaHandling alpha, float[] out) {
        // Indices beyond the palette's size read as transparent black, as IndexColorModel does.
        int entries = 1 << Math.min(icm.getPixelSize(), 16);
        int[] argb = new int[Math.max(entries, icm.getMapSize())];
        icm.getRGBs(argb);
        float[][] lut = new float[3][argb.length];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            float[] rgb = {((p >> 16) & 0xff) / 255f, ((p >> 8) & 0xff) / 255f, (p & 0xff) / 255f};
            float a = (p >>> 24) / 255f;
            for (int c = 0; c < 3; c++) {
                lut[c][i] = icm.hasAlpha() ? applyAlpha(rgb[c], a, c, alpha) : rgb[c];
            }
        }
        int w = raster.getWidth();
        int h = raster.getHeight();
        int plane = w * h;
        int[] row = new int[w * raster.getNumBands()];
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            int o = y * w;
            for (int x = 0; x < w; x++) {
                int index = row[x * raster.getNumBands()];
                out[o + x] = lut[0][index];
                out[plane + o + x] = lut[1][index];
                out[2 * plane + o + x] = lut[2][index];
            }
        }
    }

    private static void fromSamples(Raster raster, ColorModel cm, AlphaHandling alpha, float[] out) {
        ColorSpace cs = cm.getColorSpace();
        int colours = cm.getNumColorComponents();
        boolean rgb = cs.getType() == ColorSpace.TYPE_RGB && colours == 3;
        boolean grey = cs.getType() == ColorSpace.TYPE_GRAY && colours == 1;
        if (!rgb && !grey) {
            throw new IllegalArgumentException("colour space " + colourSpaceName(cs.getType()) + " with "
                    + colours + " colour components is not supported: only RGB and grey images can be read"
                    + " (convert the image to sRGB first)");
        }
        int transfer = raster.getTransferType();
        boolean floating = transfer == DataBuffer.TYPE_FLOAT || transfer == DataBuffer.TYPE_DOUBLE;
        if (!floating && transfer != DataBuffer.TYPE_BYTE && transfer != DataBuffer.TYPE_USHORT
                && transfer != DataBuffer.TYPE_INT) {
            throw new IllegalArgumentException("unsupported sample type " + transfer
                    + " (supported: unsigned byte, unsigned short, int, float, double)");
        }
        int bands = raster.getNumBands();
        boolean hasAlpha = cm.hasAlpha();
        boolean premultiplied = hasAlpha && cm.isAlphaPremultiplied();
        // Band b's largest sample, 2^bits - 1; dividing (not multiplying by a reciprocal) makes an
        // 8-bit k exactly k / 255f, the level RgbImage.quantised8Bit() produces.
        float[] maxSample = new float[bands];
        for (int b = 0; b < bands; b++) {
            maxSample[b] = (float) ((1L << cm.getComponentSize(b)) - 1);
        }
        int alphaBand = colours;
        int w = raster.getWidth();
        int h = raster.getHeight();
        int plane = w * h;
        int[] intRow = floating ? null : new int[w * bands];
        float[] floatRow = floating ? new float[w * bands] : null;
        float[] px = new float[bands];
        for (int y = 0; y < h; y++) {
            if (floating) {
                raster.getPixels(0, y, w, 1, floatRow);
            } else {
                raster.getPixels(0, y, w, 1, intRow);
            }
            int o = y * w;
            for (int x = 0; x < w; x++) {
                int s = x * bands;
                for (int b = 0; b < bands; b++) {
                    float v = floating ? floatRow[s + b] : intRow[s + b] / maxSample[b];
                    px[b] = v < 0f ? 0f : (v > 1f ? 1f : v); // also clamps float rounding above 1
                }
                float a = hasAlpha ? px[alphaBand] : 1f;
                for (int c = 0; c < 3; c++) {
                    float v = px[grey ? 0 : c];
                    if (premultiplied) {
                        v = a > 0f ? Math.min(1f, v / a) : 0f;
                    }
                    out[c * plane + o + x] = hasAlpha ? applyAlpha(v, a, c, alpha) : v;
                }
            }
        }
    }

    private static float applyAlpha(float colour, float a, int channel, AlphaHandling alpha) {
        if (!alpha.isComposite()) {
            return colour;
        }
        float bg = channel == 0 ? alpha.backgroundRed()
                : channel == 1 ? alpha.backgroundGreen() : alpha.backgroundBlue();
        float v = a * colour + (1f - a) * bg;
        return v > 1f ? 1f : v;
    }

    private static String colourSpaceName(int type) {
        return switch (type) {
            case ColorSpace.TYPE_CMYK -> "CMYK";
            case ColorSpace.TYPE_CMY -> "CMY";
            case ColorSpace.TYPE_YCbCr -> "YCbCr";
            case ColorSpace.TYPE_Lab -> "Lab";
            case ColorSpace.TYPE_XYZ -> "XYZ";
            case ColorSpace.TYPE_HSV -> "HSV";
            case ColorSpace.TYPE_RGB -> "RGB";
            case ColorSpace.TYPE_GRAY -> "grey";
            default -> "of type " + type;
        };
    }

    /**
     * Converts to an 8-bit {@link BufferedImage#TYPE_INT_RGB} image, rounding every sample to the
     * nearest level: {@code Math.round(v * 255)}, the same rounding as
     * {@link RgbImage#quantised8Bit()}, so {@code toRgbImage(toBufferedImage(img))} equals
     * {@code img.quantised8Bit()}.
     *
     * @param image float RGB in [0, 1]
     * @return a new opaque 8-bit image
     */
    public static BufferedImage toBufferedImage(RgbImage image) {
        if (image == null) {
            throw new IllegalArgumentException("image must not be null");
        }
        int w = image.width();
        int h = image.height();
        int plane = w * h;
        float[] d = image.data();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        WritableRaster raster = out.getRaster();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            int o = y * w;
            for (int x = 0; x < w; x++) {
                int r = Math.round(d[o + x] * 255f);
                int g = Math.round(d[plane + o + x] * 255f);
                int b = Math.round(d[2 * plane + o + x] * 255f);
                row[x] = (r << 16) | (g << 8) | b;
            }
            raster.setDataElements(0, y, w, 1, row);
        }
        return out;
    }
}
