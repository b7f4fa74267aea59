package dev.pixelprivacy.core.transform;

import dev.pixelprivacy.core.Arguments;

/**
 * The width and height of an image, in pixels.
 *
 * @param width columns, &gt; 0
 * @param height rows, &gt; 0
 */
public record ImageSize(int width, int height) {
    /** Checks both sides (positive, within {@link Arguments#MAX_PIXELS}). */
    public ImageSize {
        Arguments.size(width, height);
    }

    /** @return {@code width * height} */
    public int pixelCount() {
        return width * height;
    }

    /** @return the length of a planar RGB array of this size, {@code 3 * width * height} */
    public int planarLength() {
        return 3 * width * height;
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
