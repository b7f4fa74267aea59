package dev.pixelprivacy.core.io;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;

/**
 * The Exif / TIFF Orientation tag (0x0112): how the stored rows and columns are to be turned to
 * show the picture upright (Exif 2.32, section 4.6.4 A; TIFF 6.0, page 36). Cameras and phones
 * store the sensor's pixels as they come and record the way the device was held here.
 *
 * <p>{@link #apply(RgbImage)} returns the upright image: for a stored image of width W and height H,
 * the upright pixel at column x, row y comes from the stored pixel given in each constant's
 * description. The four transposing values (5 to 8) swap width and height.
 */
public enum ExifOrientation {
    /** 1: stored upright; stored (x, y). */
    NORMAL(1),
    /** 2: mirrored left to right; stored (W-1-x, y). */
    MIRROR_HORIZONTAL(2),
    /** 3: upside down; stored (W-1-x, H-1-y). */
    ROTATE_180(3),
    /** 4: mirrored top to bottom; stored (x, H-1-y). */
    MIRROR_VERTICAL(4),
    /** 5: mirrored along the main diagonal (transposed); stored (y, x). */
    TRANSPOSE(5),
    /** 6: to be turned 90 degrees clockwise (a phone held upright); stored (y, H-1-x). */
    ROTATE_90_CLOCKWISE(6),
    /** 7: mirrored along the anti-diagonal (transversed); stored (W-1-y, H-1-x). */
    TRANSVERSE(7),
    /** 8: to be turned 90 degrees anticlockwise; stored (W-1-y, x). */
    ROTATE_270_CLOCKWISE(8);

    /** The TIFF tag number of Orientation. */
    public static final int TAG = 0x0112;

    private static final ExifOrientation[] BY_VALUE = values();

    private final int value;

    ExifOrientation(int value) {
        this.value = value;
    }

    /** @return the tag's value, 1 to 8 */
    public int value() {
        return value;
    }

    /** @return true for 5 to 8, which swap width and height */
    public boolean swapsWidthAndHeight() {
        return value >= 5;
    }

    /**
     * @param value the tag's value
     * @return its orientation
     * @throws IllegalArgumentException unless value is in [1, 8] (the message names it)
     */
    public static ExifOrientation of(int value) {
        if (value < 1 || value > 8) {
            throw new IllegalArgumentException("Exif orientation must be in [1, 8] but was " + value);
        }
        return BY_VALUE[value - 1];
    }

    /**
     * Reads the Orientation tag from IFD0 of a TIFF structure: the body of a JPEG's APP1 Exif segment
     * after its {@code "Exif\0\0"} prefix, a PNG {@code eXIf} chunk, a WebP {@code EXIF} chunk, or the
     * start of a TIFF file. Byte order {@code II} or {@code MM}, magic 42, the offset of IFD0, then
     * 12-byte entries; the tag is a SHORT (type 3, count 1). Anything else (truncated, garbage, an
     * offset outside the data, a value outside 1..8, a wrong type) is {@link #NORMAL}: an
     * orientation that cannot be read is not applied, and never stops an image from being read.
     *
     * @param tiff the bytes, not null
     * @param offset where the TIFF header starts
     * @param length how many bytes from offset belong to the structure
     * @return the orientation, {@link #NORMAL} if absent or unreadable
     */
    public static ExifOrientation fromTiff(byte[] tiff, int offset, int length) {
        if (tiff == null) {
            throw new IllegalArgumentException("tiff bytes must not be null");
        }
        if (offset < 0 || length < 0 || (long) offset + length > tiff.length) {
            throw new IllegalArgumentException("range [" + offset + ", " + offset + " + " + length
                    + ") is outside the " + tiff.length + " bytes");
        }
        if (length < 8) {
            return NORMAL;
        }
        boolean little;
        if (tiff[offset] == 'I' && tiff[offset + 1] == 'I') {
            little = true;
        } else if (tiff[offset] == 'M' && tiff[offset + 1] == 'M') {
            little = false;
        } else {
            return NORMAL;
        }
        if (u16(tiff, offset + 2, little) != 42) {
            return NORMAL;
        }
        long ifd = u32(tiff, offset + 4, little);
        if (ifd < 8 || ifd + 2 > length) {
            return NORMAL;
        }
        int entries = u16(tiff, offset + (int) ifd, little);
        for (int i = 0; i < entries; i++) {
            long e = ifd + 2 + 12L * i;
            if (e + 12 > length) {
                return NORMAL; // the directory runs past the data: truncated
            }
            int at = offset + (int) e;
            if (u16(tiff, at, little) != TAG) {
                continue;
            }
            int type = u16(tiff, at + 2, little);
            long count = u32(tiff, at + 4, little);
            if (type != 3 || count != 1) {
                return NORMAL;
            }
            int v = u16(tiff, at + 8, little); // a SHORT sits left-justified in the value field
            return v >= 1 && v <= 8 ? BY_VALUE[v - 1] : NORMAL;
        }
        return NORMAL;
    }

    private static int u16(byte[] b, int at, boolean little) {
        int b0 = b[at] & 0xff;
        int b1 = b[at + 1] & 0xff;
        return little ? b0 | (b1 << 8) : (b0 << 8) | b1;
    }

    private static long u32(byte[] b, int at, boolean little) {
        long hi = u16(b, little ? at + 2 : at, little);
        long lo = u16(b, little ? at : at + 2, little);
        return (hi << 16) | lo;
    }

    /**
     * @param image the image as stored
     * @return the image upright; the same object for {@link #NORMAL}
     */
    public RgbImage apply(RgbImage image) {
        if (image == null) {
            throw new IllegalArgumentException("image must not be null");
        }
        if (this == NORMAL) {
            return image;
        }
        int w = image.width();
        int h = image.height();
        int plane = w * h;
        float[] src = image.data();
        float[] dst = new float[src.length];
        for (int c = 0; c < RgbImage.CHANNELS; c++) {
            transformPlane(src, c * plane, w, h, dst, c * plane);
        }
        return swapsWidthAndHeight() ? RgbImage.of(h, w, dst) : RgbImage.of(w, h, dst);
    }

    /**
     * @param plane a per-pixel plane as stored (an alpha channel, say)
     * @return the plane upright; the same object for {@link #NORMAL}
     */
    public Mask apply(Mask plane) {
        if (plane == null) {
            throw new IllegalArgumentException("plane must not be null");
        }
        if (this == NORMAL) {
            return plane;
        }
        int w = plane.width();
        int h = plane.height();
        float[] dst = new float[w * h];
        transformPlane(plane.data(), 0, w, h, dst, 0);
        return swapsWidthAndHeight() ? Mask.of(h, w, dst) : Mask.of(w, h, dst);
    }

    /**
     * One plane of a stored w x h image into its upright layout. Every mapping in the class comment
     * is affine, so the stored index is {@code start + x * stepX + y * stepY}: no branch per pixel.
     */
    private void transformPlane(float[] src, int so, int w, int h, float[] dst, int d) {
        int last = (h - 1) * w;
        int start;
        int stepX;
        int stepY;
        switch (this) {
            case MIRROR_HORIZONTAL -> { start = w - 1; stepX = -1; stepY = w; }
            case ROTATE_180 -> { start = last + w - 1; stepX = -1; stepY = -w; }
            case MIRROR_VERTICAL -> { start = last; stepX = 1; stepY = -w; }
            case TRANSPOSE -> { start = 0; stepX = w; stepY = 1; }
            case ROTATE_90_CLOCKWISE -> { start = last; stepX = -w; stepY = 1; }
            case TRANSVERSE -> { start = last + w - 1; stepX = -w; stepY = -1; }
            case ROTATE_270_CLOCKWISE -> { start = w - 1; stepX = w; stepY = -1; }
            default -> { start = 0; stepX = 1; stepY = w; }
        }
        int ow = swapsWidthAndHeight() ? h : w;
        int oh = swapsWidthAndHeight() ? w : h;
        for (int y = 0; y < oh; y++) {
            int row = d + y * ow;
            int s = so + start + y * stepY;
            for (int x = 0; x < ow; x++) {
                dst[row + x] = src[s + x * stepX];
            }
        }
    }
}
