package dev.pixelprivacy.core.image;

/**
 * An image-to-image operation: a resize before protecting, a tilt-shift after it. Implementations
 * return a new image (values in [0, 1]) and leave the input untouched.
 */
@FunctionalInterface
public interface ImageFilter {

    /**
     * @param image input, values in [0, 1]
     * @return the filtered image, values in [0, 1]
     */
    RgbImage apply(RgbImage image);

    /** @return a short description for {@code toString()} of configurations */
    default String describe() {
        return getClass().getSimpleName();
    }

    /**
     * @param name a description
     * @param filter the operation
     * @return the operation, described by {@code name}
     */
    static ImageFilter named(String name, ImageFilter filter) {
        return new ImageFilter() {
            @Override
            public RgbImage apply(RgbImage image) {
                return filter.apply(image);
            }

            @Override
            public String describe() {
                return name;
            }
        };
    }
}
