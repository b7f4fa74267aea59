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

    private ImageReadOptions(Builder b) {
        this.maxPixels = b.maxPixels;
        this.alpha = b.alpha;
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
        return new Builder().maxPixels(maxPixels).alpha(alpha);
    }

    /** @return the largest {@code width * height} accepted, in pixels, &gt; 0 */
    public long maxPixels() {
        return maxPixels;
    }

    /** @return what happens to an alpha channel */
    public AlphaHandling alpha() {
        return alpha;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageReadOptions other && maxPixels == other.maxPixels && alpha.equals(other.alpha);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(maxPixels) + alpha.hashCode();
    }

    @Override
    public String toString() {
        return "ImageReadOptions[maxPixels=" + maxPixels + ", alpha=" + alpha + "]";
    }

    /** Collects settings; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private long maxPixels = DEFAULT_MAX_PIXELS;
        private AlphaHandling alpha = AlphaHandling.drop();

        private Builder() {}

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
            return new ImageReadOptions(this);
        }
    }
}
