package dev.pixelprivacy.core.image;

import dev.pixelprivacy.core.Arguments;

import java.util.Arrays;

/**
 * A gradient (or a perturbation) with respect to a batch of images, in the same NCHW layout and the
 * same [0, 1] RGB pixel space as the {@link ImageBatch} it belongs to. Values are unbounded but finite.
 * Immutable by contract.
 */
public final class ImageGradient {
    private final int size;
    private final int width;
    private final int height;
    private final float[] data;

    private ImageGradient(int size, int width, int height, float[] data) {
        this.size = size;
        this.width = width;
        this.height = height;
        this.data = data;
    }

    /**
     * @param size number of images, &gt; 0
     * @param width columns
     * @param height rows
     * @param nchw {@code size * 3 * height * width} finite values; owned by the gradient from now on
     * @return the gradient
     * @throws IllegalArgumentException for a bad size or length, or a value that is not finite
     */
    public static ImageGradient wrap(int size, int width, int height, float[] nchw) {
        if (size <= 0) {
            throw new IllegalArgumentException("batch size must be > 0 but was " + size);
        }
        Arguments.size(width, height);
        Arguments.length(nchw, (long) size * RgbImage.CHANNELS * width * height, "gradient");
        Arguments.finite(nchw, "gradient");
        return new ImageGradient(size, width, height, nchw);
    }

    /** @return number of images */
    public int size() {
        return size;
    }

    /** @return columns */
    public int width() {
        return width;
    }

    /** @return rows */
    public int height() {
        return height;
    }

    /** @return values per image, {@code 3 * width * height} */
    public int imageLength() {
        return RgbImage.CHANNELS * width * height;
    }

    /** @return the backing NCHW array; read it, do not write it */
    public float[] data() {
        return data;
    }

    /**
     * @param index image index
     * @return a copy of that image's gradient, planar (channel, row, column)
     */
    public float[] imageGradient(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("image " + index + " of a gradient batch of " + size);
        }
        int per = imageLength();
        return Arrays.copyOfRange(data, index * per, (index + 1) * per);
    }

    /**
     * @param batch the batch this gradient should belong to
     * @throws IllegalArgumentException if the shapes differ
     */
    public void requireShapeOf(ImageBatch batch) {
        if (batch.size() != size || batch.width() != width || batch.height() != height) {
            throw new IllegalArgumentException("gradient of shape " + size + "x3x" + height + "x" + width
                    + " does not match batch " + batch.size() + "x3x" + batch.height() + "x" + batch.width());
        }
    }

    @Override
    public String toString() {
        return "ImageGradient[" + size + " x " + width + "x" + height + "]";
    }
}
