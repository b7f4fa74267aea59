package dev.pixelprivacy.examples.cli;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.ImageFiles;
import java.io.IOException;
import java.util.Locale;

/**
 * The file format protected images are written in ({@code --format}). Files are encoded in memory,
 * so the prediction reported is the one on the decoded bytes that are written (by the batch processor,
 * {@link dev.pixelprivacy.paper.batch.ImageBatchProcessor}), and carry no metadata
 * from the input at all: no EXIF (GPS position, camera serial number, date), no thumbnail, no XMP.
 */
enum OutputFormat {
    /** 8-bit RGB PNG: lossless, so the attack's 8-bit result is what a reader sees. */
    PNG,
    /** Baseline JPEG (4:2:0) of {@code --quality}: smaller, and lossy, which may undo part of the attack. */
    JPEG,
    /** JPEG for JPEG inputs (keeping their extension), PNG for every other input. */
    SAME;

    /**
     * @param text png, jpeg (or jpg) or same
     * @return the format
     * @throws IllegalArgumentException naming the value
     */
    static OutputFormat parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "png" -> PNG;
            case "jpeg", "jpg" -> JPEG;
            case "same" -> SAME;
            default -> throw new IllegalArgumentException("--format must be png, jpeg or same but was '" + text + "'");
        };
    }

    /**
     * @param inputExtension the input's extension, lower case without the dot
     * @return PNG or JPEG: what this format writes for that input
     */
    OutputFormat forInput(String inputExtension) {
        if (this != SAME) {
            return this;
        }
        return isJpegExtension(inputExtension) ? JPEG : PNG;
    }

    /**
     * @param inputExtension the input's extension, lower case without the dot
     * @return the output's extension, with the dot
     */
    String extensionFor(String inputExtension) {
        if (forInput(inputExtension) == PNG) {
            return ".png";
        }
        return isJpegExtension(inputExtension) ? "." + inputExtension : ".jpg";
    }

    private static boolean isJpegExtension(String ext) {
        return ext.equals("jpg") || ext.equals("jpeg") || ext.equals("jpe") || ext.equals("jfif");
    }

    /**
     * @param image float RGB in [0, 1]
     * @param alpha the input's alpha plane at the image's size (PNG only), or null for none
     * @param quality JPEG quality in [1, 100] (IJG scale), unused for PNG
     * @return the file's bytes: 8-bit samples (RGBA with an alpha plane), no metadata
     * @throws IOException if the encoder fails
     */
    byte[] encode(RgbImage image, Mask alpha, int quality) throws IOException {
        if (this == SAME) {
            throw new IllegalStateException("resolve SAME with forInput first");
        }
        if (alpha != null && this != PNG) {
            throw new IllegalArgumentException(this + " cannot hold an alpha plane");
        }
        return this == PNG ? ImageFiles.encodePng(image, alpha) : ImageFiles.encodeJpeg(image, quality);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
