package dev.pixelprivacy.core.io;

import dev.pixelprivacy.core.image.EightBitLevels;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.Optional;

/**
 * Conversions between {@link BufferedImage} and {@link RgbImage}.
 *
 * <p>Reading takes the stored samples at their full precision, {@code sample / (2^bits - 1)}: an
 * 8-bit sample k becomes {@code k / 255f}, a 16-bit one {@code k / 65535f}. Grey is copied into all
 * three channels and a palette is looked up, as PIL's {@code convert("RGB")} does.
 * {@link #toRgbImage} takes the samples as sRGB whatever the image's colour space says;
 * {@link #toSrgb(BufferedImage)} first converts an image whose colour space is an embedded profile
 * (or CMYK) to sRGB, which is what {@link ImageFiles} does. {@link BufferedImage#getRGB} is
 * deliberately not used because it converts Java's linear grey colour space to sRGB, turning grey
 * 128 into 188: the default grey colour space that decoders give a grey file without a profile is
 * not a description of its samples, which are display grey levels like sRGB's.
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
     * Converts an image whose colour space is an embedded profile to sRGB, so that
     * {@link #toRgbImage} reads what the profile means. Grey stays grey: a grey profile is mapped
     * through its tone curve to the sRGB grey level of the same luminance, one value for all
     * three channels (a colour conversion of grey to RGB would give R, G and B that differ by a
     * rounding step). Alpha is kept.
     *
     * <ul>
     *   <li>sRGB, a palette, and the JDK's default grey colour space (which decoders attach to grey
     *       files without a profile): returned as they are.
     *   <li>another grey profile: a 16-bit grey image, the default grey colour space.
     *   <li>any other colour space (an RGB profile such as ProPhoto or Adobe RGB, CMYK, Lab): a
     *       16-bit sRGB image, through {@link ColorConvertOp} (relative colorimetric rendering).
     * </ul>
     *
     * @param image any image
     * @return an image whose samples are sRGB or display grey levels; the same object if they were
     * @throws IllegalArgumentException if the colour space cannot be converted (the message names it)
     */
    public static BufferedImage toSrgb(BufferedImage image) {
        if (image == null) {
            throw new IllegalArgumentException("image must not be null");
        }
        ColorModel cm = image.getColorModel();
        ColorSpace cs = cm.getColorSpace();
        if (cm instanceof IndexColorModel || cs.isCS_sRGB() || cs == ColorSpace.getInstance(ColorSpace.CS_GRAY)
                || isEffectivelySrgb(cs)) {
            return image;
        }
        if (!(cm instanceof ComponentColorModel) && !(cm instanceof DirectColorModel)) {
            throw new IllegalArgumentException("unsupported colour model " + cm.getClass().getName());
        }
        boolean hasAlpha = cm.hasAlpha();
        int transparency = hasAlpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE;
        try {
            if (cs.getType() == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1) {
                return greyThroughToneCurve(image, cs, hasAlpha, transparency);
            }
            ComponentColorModel srgb = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                    hasAlpha, false, transparency, DataBuffer.TYPE_USHORT);
            BufferedImage out = new BufferedImage(srgb,
                    srgb.createCompatibleWritableRaster(image.getWidth(), image.getHeight()), false, null);
            if (cs instanceof ICC_ColorSpace) {
                new ColorConvertOp(null).filter(image, out);
            } else {
                throughToRgb(image, cs, out);
            }
            return out;
        } catch (RuntimeException e) {
            // LCMS rejects some profiles only when asked to transform (CMMException, ProfileDataException).
            throw new IllegalArgumentException("colour space " + describe(cs) + " cannot be converted to sRGB: "
                    + e.getMessage(), e);
        }
    }

    /** Levels of each channel in the grid of colours {@link #isEffectivelySrgb} converts. */
    private static final int SRGB_PROBE_LEVELS = 18;

    /**
     * Whether an embedded RGB profile is sRGB under another name (most PNGs with an iCCP chunk carry
     * "sRGB IEC61966-2.1"): converting it would only add rounding. Decided by converting a grid of
     * 18^3 colours, 0 to 255 in steps of 15, and accepting the profile if none moves by half an
     * 8-bit level or more.
     */
    static boolean isEffectivelySrgb(ColorSpace cs) {
        if (!(cs instanceof ICC_ColorSpace) || cs.getType() != ColorSpace.TYPE_RGB || cs.getNumComponents() != 3) {
            return false;
        }
        int n = SRGB_PROBE_LEVELS;
        ComponentColorModel in = new ComponentColorModel(cs, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster grid = in.createCompatibleWritableRaster(n * n, n);
        int[] rgb = new int[3];
        for (int b = 0; b < n; b++) {
            for (int g = 0; g < n; g++) {
                for (int r = 0; r < n; r++) {
                    rgb[0] = 15 * r;
                    rgb[1] = 15 * g;
                    rgb[2] = 15 * b;
                    grid.setPixel(g * n + r, b, rgb);
                }
            }
        }
        ComponentColorModel srgb = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        BufferedImage out = new BufferedImage(srgb, srgb.createCompatibleWritableRaster(n * n, n), false, null);
        try {
            new ColorConvertOp(null).filter(new BufferedImage(in, grid, false, null), out);
        } catch (RuntimeException e) {
            return false; // not convertible: toSrgb says why
        }
        int[] converted = out.getRaster().getPixels(0, 0, n * n, n, (int[]) null);
        int[] stored = grid.getPixels(0, 0, n * n, n, (int[]) null);
        for (int i = 0; i < stored.length; i++) {
            if (Math.abs(converted[i] / 257.0 - stored[i]) >= 0.5) {
                return false;
            }
        }
        return true;
    }

    /**
     * A colour space that is not an ICC profile, pixel by pixel. CMYK without a profile (the JDK's
     * uncalibrated CMYK for a JPEG that embeds none) by the formula PIL, ImageMagick and browsers
     * use, {@code R = (1 - C)(1 - K)} on the encoded values: the JDK's own {@link ColorSpace#toRGB}
     * applies it to linear light (50 % black becomes sRGB 0.74, not 0.5) and ColorConvertOp's
     * route through {@link ColorSpace#toCIEXYZ} is further off still. Other spaces by their
     * {@link ColorSpace#toRGB}.
     */
    private static void throughToRgb(BufferedImage image, ColorSpace cs, BufferedImage out) {
        ColorModel cm = image.getColorModel();
        Raster in = image.getRaster();
        WritableRaster dst = out.getRaster();
        int colours = cm.getNumColorComponents();
        int bands = in.getNumBands();
        boolean hasAlpha = cm.hasAlpha();
        float[] max = new float[bands];
        for (int b = 0; b < bands; b++) {
            max[b] = (float) ((1L << cm.getComponentSize(b)) - 1);
        }
        int w = image.getWidth();
        int[] row = new int[w * bands];
        int outBands = dst.getNumBands();
        int[] px = new int[w * outBands];
        float[] v = new float[colours];
        boolean uncalibratedCmyk = cs.getType() == ColorSpace.TYPE_CMYK && colours == 4;
        float[] cmykRgb = new float[3];
        for (int y = 0; y < image.getHeight(); y++) {
            in.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < colours; c++) {
                    v[c] = cs.getMinValue(c) + row[x * bands + c] / max[c] * (cs.getMaxValue(c) - cs.getMinValue(c));
                }
                float[] rgb = uncalibratedCmyk ? cmykToRgb(v, cmykRgb) : cs.toRGB(v);
                for (int c = 0; c < 3; c++) {
                    float s = rgb[c] < 0f ? 0f : (rgb[c] > 1f ? 1f : rgb[c]);
                    px[x * outBands + c] = Math.round(s * 65535f);
                }
                if (hasAlpha) {
                    px[x * outBands + 3] = Math.round(row[x * bands + colours] / max[colours] * 65535f);
                }
            }
            dst.setPixels(0, y, w, 1, px);
        }
    }

    private static float[] cmykToRgb(float[] cmyk, float[] rgb) {
        float k = 1f - cmyk[3];
        rgb[0] = (1f - cmyk[0]) * k;
        rgb[1] = (1f - cmyk[1]) * k;
        rgb[2] = (1f - cmyk[2]) * k;
        return rgb;
    }

    /**
     * A lookup table over every grey level: the profile's grey to linear luminance (Java's CS_GRAY
     * is the D50 Y of the profile connection space, gamma 1), then the sRGB transfer function
     * (IEC 61966-2-1), which gives the grey level sRGB displays with that luminance.
     */
    private static BufferedImage greyThroughToneCurve(BufferedImage image, ColorSpace cs, boolean hasAlpha,
            int transparency) {
        ColorModel cm = image.getColorModel();
        int bits = cm.getComponentSize(0);
        int levels = 1 << Math.min(bits, 16);
        boolean wide = levels > 256;
        ComponentColorModel rampModel = new ComponentColorModel(cs, false, false, Transparency.OPAQUE,
                wide ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE);
        WritableRaster ramp = rampModel.createCompatibleWritableRaster(levels, 1);
        for (int k = 0; k < levels; k++) {
            // The ramp's own scale is 2^8 or 2^16 levels; the file's may be fewer bits (a 4-bit PNG).
            ramp.setSample(k, 0, 0, wide ? k * 65535L / (levels - 1) : k * 255 / (levels - 1));
        }
        ColorSpace linear = ColorSpace.getInstance(ColorSpace.CS_GRAY);
        ComponentColorModel linearModel = new ComponentColorModel(linear, false, false, Transparency.OPAQUE,
                DataBuffer.TYPE_USHORT);
        BufferedImage lum = new BufferedImage(linearModel, linearModel.createCompatibleWritableRaster(levels, 1),
                false, null);
        new ColorConvertOp(null).filter(new BufferedImage(rampModel, ramp, false, null), lum);
        int[] lut = new int[levels];
        for (int k = 0; k < levels; k++) {
            double y = lum.getRaster().getSample(k, 0, 0) / 65535.0;
            lut[k] = (int) Math.round(srgbEncode(y) * 65535.0);
        }
        ComponentColorModel greyModel = new ComponentColorModel(linear, hasAlpha, false, transparency,
                DataBuffer.TYPE_USHORT);
        WritableRaster out = greyModel.createCompatibleWritableRaster(image.getWidth(), image.getHeight());
        Raster in = image.getRaster();
        boolean premultiplied = hasAlpha && cm.isAlphaPremultiplied();
        double alphaMax = hasAlpha ? (1L << cm.getComponentSize(1)) - 1 : 1;
        int w = image.getWidth();
        int[] row = new int[w * in.getNumBands()];
        int[] dst = new int[w * out.getNumBands()];
        for (int y = 0; y < image.getHeight(); y++) {
            in.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                if (hasAlpha) {
                    int a = row[2 * x + 1];
                    int g = row[2 * x];
                    if (premultiplied) {
                        g = a == 0 ? 0 : (int) Math.min(levels - 1, Math.round(g * alphaMax / a));
                    }
                    dst[2 * x] = lut[g];
                    dst[2 * x + 1] = (int) Math.round(a * 65535.0 / alphaMax);
                } else {
                    dst[x] = lut[row[x]];
                }
            }
            out.setPixels(0, y, w, 1, dst);
        }
        return new BufferedImage(greyModel, out, false, null);
    }

    /** The sRGB transfer function, linear [0, 1] to encoded [0, 1] (IEC 61966-2-1). */
    static double srgbEncode(double linear) {
        double v = linear <= 0.0031308 ? 12.92 * linear : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }

    /**
     * The same pixels, described by a profile the decoder did not attach (a PNG's iCCP chunk). A
     * palette is expanded to 8-bit RGB first: its entries are colours in the profile's space.
     *
     * @throws IllegalArgumentException if the profile's colour components do not match the image's
     */
    static BufferedImage withProfile(BufferedImage image, ICC_Profile profile) {
        BufferedImage img = image.getColorModel() instanceof IndexColorModel icm ? expandPalette(image, icm) : image;
        ColorModel cm = img.getColorModel();
        ICC_ColorSpace cs = new ICC_ColorSpace(profile);
        if (cs.getNumComponents() != cm.getNumColorComponents()) {
            throw new IllegalArgumentException("the embedded colour profile " + describe(cs) + " has "
                    + cs.getNumComponents() + " colour components but the image has " + cm.getNumColorComponents());
        }
        ComponentColorModel withCs = new ComponentColorModel(cs, cm.hasAlpha(), cm.isAlphaPremultiplied(),
                cm.getTransparency(), img.getRaster().getTransferType());
        if (!withCs.isCompatibleRaster(img.getRaster())) {
            throw new IllegalArgumentException("the image's sample layout (" + cm + ") cannot carry a colour profile");
        }
        return new BufferedImage(withCs, img.getRaster(), false, null);
    }

    private static BufferedImage expandPalette(BufferedImage image, IndexColorModel icm) {
        boolean hasAlpha = icm.hasAlpha();
        ComponentColorModel rgb = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), hasAlpha,
                false, hasAlpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        int w = image.getWidth();
        int h = image.getHeight();
        WritableRaster out = rgb.createCompatibleWritableRaster(w, h);
        Raster in = image.getRaster();
        int bands = hasAlpha ? 4 : 3;
        int[] idx = new int[w * in.getNumBands()];
        int[] px = new int[w * bands];
        for (int y = 0; y < h; y++) {
            in.getPixels(0, y, w, 1, idx);
            for (int x = 0; x < w; x++) {
                int i = idx[x * in.getNumBands()];
                px[x * bands] = icm.getRed(i);
                px[x * bands + 1] = icm.getGreen(i);
                px[x * bands + 2] = icm.getBlue(i);
                if (hasAlpha) {
                    px[x * bands + 3] = icm.getAlpha(i);
                }
            }
            out.setPixels(0, y, w, 1, px);
        }
        return new BufferedImage(rgb, out, false, null);
    }

    /** A profile's description, or the colour space's type; for messages and {@link DecodedImage}. */
    static String describe(ColorSpace cs) {
        if (cs instanceof ICC_ColorSpace icc) {
            String d = profileDescription(icc.getProfile());
            if (d != null) {
                return "'" + d + "' (" + colourSpaceName(cs.getType()) + ")";
            }
        }
        return colourSpaceName(cs.getType());
    }

    /** The ICC 'desc' tag: a v2 textDescriptionType (ASCII) or a v4 multiLocalizedUnicodeType (UTF-16BE). */
    private static String profileDescription(ICC_Profile profile) {
        byte[] tag = profile.getData(ICC_Profile.icSigProfileDescriptionTag);
        if (tag == null || tag.length < 12) {
            return null;
        }
        String type = new String(tag, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (type.equals("desc")) {
            int n = ((tag[8] & 0xff) << 24) | ((tag[9] & 0xff) << 16) | ((tag[10] & 0xff) << 8) | (tag[11] & 0xff);
            n = Math.min(n, tag.length - 12);
            String s = new String(tag, 12, Math.max(0, n), java.nio.charset.StandardCharsets.ISO_8859_1);
            int nul = s.indexOf('\0'); // the count includes the terminating NUL
            String d = (nul >= 0 ? s.substring(0, nul) : s).trim();
            return d.isEmpty() ? null : d;
        }
        if (type.equals("mluc") && tag.length >= 28) {
            int length = ((tag[20] & 0xff) << 24) | ((tag[21] & 0xff) << 16) | ((tag[22] & 0xff) << 8) | (tag[23] & 0xff);
            int offset = ((tag[24] & 0xff) << 24) | ((tag[25] & 0xff) << 16) | ((tag[26] & 0xff) << 8) | (tag[27] & 0xff);
            if (offset >= 0 && length >= 0 && (long) offset + length <= tag.length) {
                String d = new String(tag, offset, length, java.nio.charset.StandardCharsets.UTF_16BE).trim();
                return d.isEmpty() ? null : d;
            }
        }
        return null;
    }

    /**
     * The alpha channel as a plane in [0, 1] (0 = transparent), a palette's transparency included.
     *
     * @param image any image that {@link #toRgbImage} accepts
     * @return its alpha, {@code sample / (2^bits - 1)}; empty if it has none
     */
    public static Optional<Mask> alphaPlane(BufferedImage image) {
        if (image == null) {
            throw new IllegalArgumentException("image must not be null");
        }
        ColorModel cm = image.getColorModel();
        if (!cm.hasAlpha()) {
            return Optional.empty();
        }
        int w = image.getWidth();
        int h = image.getHeight();
        float[] out = new float[w * h];
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        int[] row = new int[w * bands];
        if (cm instanceof IndexColorModel icm) {
            float[] lut = new float[Math.max(1 << Math.min(icm.getPixelSize(), 16), icm.getMapSize())];
            for (int i = 0; i < icm.getMapSize(); i++) {
                lut[i] = icm.getAlpha(i) / 255f;
            }
            for (int y = 0; y < h; y++) {
                raster.getPixels(0, y, w, 1, row);
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = lut[row[x * bands]];
                }
            }
            return Optional.of(Mask.of(w, h, out));
        }
        int alphaBand = cm.getNumColorComponents();
        int transfer = raster.getTransferType();
        if (transfer == DataBuffer.TYPE_FLOAT || transfer == DataBuffer.TYPE_DOUBLE) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float a = raster.getSampleFloat(x, y, alphaBand);
                    out[y * w + x] = a < 0f ? 0f : (a > 1f ? 1f : a);
                }
            }
            return Optional.of(Mask.of(w, h, out));
        }
        float max = (float) ((1L << cm.getComponentSize(alphaBand)) - 1);
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                out[y * w + x] = row[x * bands + alphaBand] / max;
            }
        }
        return Optional.of(Mask.of(w, h, out));
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
        return packed(image, null);
    }

    /**
     * Converts to an 8-bit {@link BufferedImage#TYPE_INT_ARGB} image (not premultiplied), colour
     * and alpha rounded to the nearest level as in {@link #toBufferedImage(RgbImage)}.
     *
     * @param image float RGB in [0, 1]
     * @param alpha its alpha in [0, 1], same size; null for an opaque {@link BufferedImage#TYPE_INT_RGB} result
     * @return a new 8-bit image
     * @throws IllegalArgumentException if the sizes differ (both are named)
     */
    public static BufferedImage toBufferedImage(RgbImage image, Mask alpha) {
        return packed(image, alpha);
    }

    /** TYPE_INT_RGB without alpha, TYPE_INT_ARGB (not premultiplied) with it; samples rounded to nearest. */
    private static BufferedImage packed(RgbImage image, Mask alpha) {
        if (image == null) {
            throw new IllegalArgumentException("image must not be null");
        }
        if (alpha != null) {
            alpha.requireSizeOf(image);
        }
        int w = image.width();
        int h = image.height();
        int plane = w * h;
        float[] d = image.data();
        float[] a = alpha == null ? null : alpha.data();
        BufferedImage out = new BufferedImage(w, h, a == null ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
        WritableRaster raster = out.getRaster();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            int o = y * w;
            for (int x = 0; x < w; x++) {
                int r = EightBitLevels.round(d[o + x]);
                int g = EightBitLevels.round(d[plane + o + x]);
                int b = EightBitLevels.round(d[2 * plane + o + x]);
                int al = a == null ? 0 : EightBitLevels.round(a[o + x]);
                row[x] = (al << 24) | (r << 16) | (g << 8) | b;
            }
            raster.setDataElements(0, y, w, 1, row);
        }
        return out;
    }
}
