package dev.pixelprivacy.core.io;

/**
 * How {@link ImageFiles#read(java.nio.file.Path, ImageReadOptions)} reads a file. Immutable; build
 * one with {@link #builder()}, validated in {@link Builder#build()}.
 *
 * <ul>
 *   <li>{@code maxPixels}: the largest {@code width * height} accepted, checked against the file's
 *       header before any pixel is decoded, so a decompression bomb (a small file claiming a huge
 *       size) is refused without allocating its pixels. Default {@value #DEFAULT_MAX_PIXELS}
 *       (100 megapixels: about 1.2 GB as float RGB). At most {@value #LARGEST_MAX_PIXELS}, the
 *       largest image an {@link dev.pixelprivacy.core.image.RgbImage} can hold. An image within the
 *       limit whose decoding would need more memory than the heap may grow to is refused as well,
 *       before decoding, with the memory named.
 *   <li>{@code alpha}: what happens to transparency; default {@link AlphaHandling#drop()}.
 *   <li>{@code processingBytesPerPixel}: the heap per pixel that what the caller does with the image
 *       needs at its peak, the decoded image included (a protector's
 *       {@code heapBytesPerPixel()}, say); default 0, decoding only. The check before decoding takes the
 *       larger of this and decoding's own need, so an image that could be decoded but not processed
 *       is refused before its pixels are read, with that memory named.
 * </ul>
 */
public final class ImageReadOptions {
    /** Default pixel limit: 100 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    /** Largest allowed pixel limit: 3 float channels must fit in one Java array. */
    public static final long LARGEST_MAX_PIXELS = (Integer.MAX_VALUE - 8) / 3;

    private static final ImageReadOptions DEFAULTS = builder().build();

    private final long maxPixels;
    private final AlphaHandling alpha;
    private final long processingBytesPerPixel;

    private ImageReadOptions(Builder b) {
        this.maxPixels = b.maxPixels;
        this.alpha = b.alpha;
        this.processingBytesPerPixel = b.processingBytesPerPixel;
    }

    /** @return the defaults: 100 megapixels, alpha dropped */
    public static ImageReadOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this object's settings */
    public Builder toBuilder() {
        return new Builder().maxPixels(maxPixels).alpha(alpha).processingBytesPerPixel(processingBytesPerPixel);
    }

    /** @return the largest {@code width * height} accepted, in pixels, &gt; 0 */
    public long maxPixels() {
        return maxPixels;
    }

    /** @return what happens to an alpha channel */
    public AlphaHandling alpha() {
        return alpha;
    }

    /** @return the heap per pixel the caller's processing needs at its peak, in bytes, &gt;= 0 (0: not stated) */
    public long processingBytesPerPixel() {
        return processingBytesPerPixel;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageReadOptions other && maxPixels == other.maxPixels && alpha.equals(other.alpha)
                && processingBytesPerPixel == other.processingBytesPerPixel;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(maxPixels) + alpha.hashCode()) + Long.hashCode(processingBytesPerPixel);
    }

    @Override
    public String toString() {
        return "ImageReadOptions[maxPixels=" + maxPixels + ", alpha=" + alpha + ", processingBytesPerPixel="
                + processingBytesPerPixel + "]";
    }

    /** Collects settings; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private long maxPixels = DEFAULT_MAX_PIXELS;
        private AlphaHandling alpha = AlphaHandling.drop();
        private long processingBytesPerPixel;

        private Builder() {}

        /**
         * @param bytes heap per pixel that processing the decoded image needs at its peak, the decoded
         *     image included, in [0, 10000]; 0 (the default) checks decoding's own need only
         * @return this builder
         */
        public Builder processingBytesPerPixel(long bytes) {
            this.processingBytesPerPixel = bytes;
            return this;
        }

        /**
         * @param maxPixels largest {@code width * height} accepted, in [1, {@value #LARGEST_MAX_PIXELS}]
         * @return this builder
         */
        public Builder maxPixels(long maxPixels) {
            this.maxPixels = maxPixels;
            return this;
        }

        /**
         * @param alpha what happens to an alpha channel: {@link AlphaHandling#drop()} or
         *     {@link AlphaHandling#compositeOver(float, float, float)}
         * @return this builder
         */
        public Builder alpha(AlphaHandling alpha) {
            this.alpha = alpha;
            return this;
        }

        /**
         * @return the options
         * @throws IllegalArgumentException if maxPixels is out of range or alpha is null
         */
        public ImageReadOptions build() {
            if (maxPixels < 1 || maxPixels > LARGEST_MAX_PIXELS) {
                throw new IllegalArgumentException(
                        "maxPixels must be in [1, " + LARGEST_MAX_PIXELS + "] but was " + maxPixels);
            }
            if (alpha == null) {
                throw new IllegalArgumentException("alpha handling must not be null");
            }
            if (processingBytesPerPixel < 0 || processingBytesPerPixel > 10_000) {
                throw new IllegalArgumentException("processingBytesPerPixel must be in [0, 10000] but was "
                        + processingBytesPerPixel);
            }
            return new ImageReadOptions(this);
        }
    }
}
