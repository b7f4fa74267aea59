package dev.pixelprivacy.core.image;

import dev.pixelprivacy.core.Arguments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Several RGB images of one size in one contiguous array, layout (image, channel, row, column), i.e.
 * NCHW: the form a network consumes, so a GPU can be fed many images per call. Values in [0, 1].
 * Immutable by contract, like {@link RgbImage}.
 */
public final class ImageBatch {
    private final int size;
    private final int width;
    private final int height;
    private final float[] data;

    private ImageBatch(int size, int width, int height, float[] data) {
        this.size = size;
        this.width = width;
        this.height = height;
        this.data = data;
    }

    /**
     * Copies images of one size into a batch; a single image is not copied, the batch shares its
     * (immutable) samples.
     *
     * @param images one or more images, all of the same width and height
     * @return the batch
     * @throws IllegalArgumentException if the list is empty or the sizes differ
     */
    public static ImageBatch of(List<RgbImage> images) {
        if (images == null || images.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one image but got " + images);
        }
        RgbImage first = images.get(0);
        if (images.size() == 1) {
            return new ImageBatch(1, first.width(), first.height(), first.data());
        }
        int per = first.data().length;
        if ((long) per * images.size() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a batch of " + images.size() + " images of "
                    + first.width() + "x" + first.height() + " does not fit in one array");
        }
        float[] d = new float[per * images.size()];
        for (int i = 0; i < images.size(); i++) {
            RgbImage img = images.get(i);
            if (!img.sameSize(first)) {
                throw new IllegalArgumentException("batch image " + i + " is " + img.width() + "x" + img.height()
                        + " but image 0 is " + first.width() + "x" + first.height());
            }
            System.arraycopy(img.data(), 0, d, i * per, per);
        }
        return new ImageBatch(images.size(), first.width(), first.height(), d);
    }

    /**
     * @param images one or more images of one size
     * @return the batch
     */
    public static ImageBatch of(RgbImage... images) {
        return of(Arrays.asList(images));
    }

    /**
     * Wraps NCHW data after checking its length and range.
     *
     * @param size number of images, &gt; 0
     * @param width columns
     * @param height rows
     * @param nchw {@code size * 3 * height * width} values in [0, 1]; owned by the batch from now on
     * @return the batch
     */
    public static ImageBatch wrap(int size, int width, int height, float[] nchw) {
        if (size <= 0) {
            throw new IllegalArgumentException("batch size must be > 0 but was " + size);
        }
        Arguments.size(width, height);
        Arguments.length(nchw, (long) size * RgbImage.CHANNELS * width * height, "image batch");
        Arguments.unitRange(nchw, "image batch");
        return new ImageBatch(size, width, height, nchw);
    }

    /** @return number of images */
    public int size() {
        return size;
    }

    /** @return columns of every image */
    public int width() {
        return width;
    }

    /** @return rows of every image */
    public int height() {
        return height;
    }

    /** @return values per image: {@code 3 * width * height} */
    public int imageLength() {
        return RgbImage.CHANNELS * width * height;
    }

    /** @return the backing NCHW array, values in [0, 1]; read it, do not write it */
    public float[] data() {
        return data;
    }

    /**
     * @param index image index in [0, size)
     * @return that image: a copy, or for a batch of one an image sharing the batch's (immutable) samples
     */
    public RgbImage image(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("image " + index + " of a batch of " + size);
        }
        if (size == 1) {
            return RgbImage.trusted(width, height, data);
        }
        int per = imageLength();
        return RgbImage.trusted(width, height, Arrays.copyOfRange(data, index * per, (index + 1) * per));
    }

    /** @return all images, in order, as {@link #image(int)} gives them */
    public List<RgbImage> images() {
        List<RgbImage> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(image(i));
        }
        return out;
    }

    @Override
    public String toString() {
        return "ImageBatch[" + size + " x " + width + "x" + height + "]";
    }
}
