package dev.pixelprivacy.core.protect;

import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.ImageFiles;
import java.util.function.UnaryOperator;

/**
 * What the protected image is turned into before it is reported and written: the image a reader of
 * the output file would see.
 */
public final class OutputEncoding {
    /** Keep floats: for in-memory use and for comparing against the encoded forms. */
    public static final OutputEncoding FLOAT = new OutputEncoding("float", image -> image, false);
    /** Round every sample to the nearest of 256 levels, as an 8-bit PNG stores it (the default). */
    public static final OutputEncoding PNG_8BIT = new OutputEncoding("png-8bit", RgbImage::quantised8Bit, true);

    private final String name;
    private final UnaryOperator<RgbImage> encode;
    private final boolean eightBitLevels;

    private OutputEncoding(String name, UnaryOperator<RgbImage> encode, boolean eightBitLevels) {
        this.name = name;
        this.encode = encode;
        this.eightBitLevels = eightBitLevels;
    }

    /**
     * A JPEG written and read back (the MediaEval task's submissions were JPEG quality 75).
     *
     * @param quality in [1, 100] on the IJG / PIL scale
     * @return the encoding
     */
    public static OutputEncoding jpeg(int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be in [1, 100] but was " + quality);
        }
        return new OutputEncoding("jpeg-" + quality, image -> ImageFiles.jpegRoundTrip(image, quality), false);
    }

    /**
     * @param image the protected image, floats in [0, 1]
     * @return what a reader of the written file sees
     */
    public RgbImage apply(RgbImage image) {
        return encode.apply(image);
    }

    /** @return whether the encoding is exactly rounding to 8-bit levels (attacks can then hold up to it) */
    public boolean isEightBitRounding() {
        return eightBitLevels;
    }

    /** @return a short name, e.g. {@code jpeg-75} */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
