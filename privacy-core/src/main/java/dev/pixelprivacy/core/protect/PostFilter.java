package dev.pixelprivacy.core.protect;

import dev.pixelprivacy.core.image.ImageFilter;
import dev.pixelprivacy.core.image.RgbImage;

/**
 * Runs after the attack, before the output encoding: a tilt-shift, say. It sees the clean image too,
 * so it can work from the clean image's saliency rather than the perturbed one's.
 */
@FunctionalInterface
public interface PostFilter {
    /**
     * @param clean the image as it was before the attack (after any resize)
     * @param attacked the attack's output
     * @return the filtered image, values in [0, 1]
     */
    RgbImage apply(RgbImage clean, RgbImage attacked);

    /** @return a short description for {@code toString()} */
    default String describe() {
        return getClass().getSimpleName();
    }

    /**
     * @param filter an image filter that needs only the attacked image
     * @return it as a post-filter
     */
    static PostFilter of(ImageFilter filter) {
        if (filter == null) {
            throw new IllegalArgumentException("filter must not be null");
        }
        return new PostFilter() {
            @Override
            public RgbImage apply(RgbImage clean, RgbImage attacked) {
                return filter.apply(attacked);
            }

            @Override
            public String describe() {
                return filter.describe();
            }
        };
    }
}
