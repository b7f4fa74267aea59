package dev.pixelprivacy.core.io;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import java.util.Optional;

/**
 * An image file as {@link ImageFiles#decode(java.nio.file.Path, ImageReadOptions)} read it: the
 * upright sRGB colour, the alpha plane if the file has one, and what was done to get there. Immutable.
 *
 * <p>To protect a transparent image and keep its transparency, read with {@link AlphaHandling#drop()}
 * (the default: the colour as stored, also under transparent pixels), protect {@link #rgb()}, and
 * write the result with {@link ImageFiles#writePng(RgbImage, Mask, java.nio.file.Path, java.nio.file.Path)}
 * and {@link #alpha()}.
 */
public final class DecodedImage {
    private final RgbImage rgb;
    private final Mask alpha;
    private final String format;
    private final ExifOrientation orientation;
    private final String colourProfile;
    private final int frameCount;

    DecodedImage(RgbImage rgb, Mask alpha, String format, ExifOrientation orientation, String colourProfile,
            int frameCount) {
        this.rgb = rgb;
        this.alpha = alpha;
        this.format = format;
        this.orientation = orientation;
        this.colourProfile = colourProfile;
        this.frameCount = frameCount;
    }

    /**
     * @return the colour: float sRGB in [0, 1], upright, alpha dropped or composited as the
     *     {@link ImageReadOptions#alpha()} said
     */
    public RgbImage rgb() {
        return rgb;
    }

    /**
     * @return the file's alpha channel, upright, same size as {@link #rgb()}, 0 = fully transparent
     *     and 1 = opaque (a palette's transparency included); empty if the file has no alpha
     */
    public Optional<Mask> alpha() {
        return Optional.ofNullable(alpha);
    }

    /** @return the decoder's format name in upper case, e.g. {@code "PNG"}, {@code "JPEG"} */
    public String format() {
        return format;
    }

    /** @return the Exif orientation the file recorded and that was applied; {@link ExifOrientation#NORMAL} if none */
    public ExifOrientation orientation() {
        return orientation;
    }

    /**
     * @return the description of the embedded colour profile converted to sRGB (an ICC profile's
     *     description tag, or the colour space's name, e.g. {@code "CMYK"}); empty if the samples
     *     were sRGB already or carried no profile
     */
    public Optional<String> colourProfile() {
        return Optional.ofNullable(colourProfile);
    }

    /**
     * @return how many frames (images) the file holds; only the first was read. An animated GIF
     *     has more than one; 1 for a still image
     */
    public int frameCount() {
        return frameCount;
    }

    /** @return true if the file holds more than one frame, of which only the first was read */
    public boolean hasMoreFrames() {
        return frameCount > 1;
    }

    @Override
    public String toString() {
        return "DecodedImage[" + format + " " + rgb.width() + "x" + rgb.height() + ", alpha=" + (alpha != null)
                + ", orientation=" + orientation + ", colourProfile=" + colourProfile + ", frames=" + frameCount + "]";
    }
}
