package dev.pixelprivacy.core.transform;

import dev.pixelprivacy.core.Arguments;
import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.ImageGradient;
import dev.pixelprivacy.core.image.RgbImage;

/**
 * A map from RGB images to RGB images with its exact vector-Jacobian product: what a platform does to
 * an uploaded photo (resize, crop, JPEG, colour changes), made differentiable so an attack can climb
 * a loss measured after it.
 *
 * <p>The two primitive operations work on planar arrays, layout (channel, row, column), three channels,
 * values in the [0, 1] pixel space but not clamped: {@link #forward} is the transform's function as
 * written in its javadoc (a resize with negative lobes may overshoot [0, 1]) and {@link #vjp} its
 * exact adjoint Jacobian at a given input. {@link #apply(RgbImage)} and
 * {@link #pullBack(RgbImage, float[])} add the final clamp into [0, 1] that an 8-bit output performs
 * (its vjp passes the gradient where the output lies in [0, 1] and zero elsewhere).
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface DifferentiableTransform {

    /**
     * @param input the size of an input image
     * @return the size of the output for that input
     * @throws IllegalArgumentException if this transform cannot take an input of that size (the
     *     message names the size)
     */
    ImageSize outputSize(ImageSize input);

    /**
     * The transform's function, without a final clamp.
     *
     * @param planar {@code 3 * size.pixelCount()} values, layout (channel, row, column); not modified
     * @param size the input's size
     * @return a new array of {@code 3 * outputSize(size).pixelCount()} values
     */
    float[] forward(float[] planar, ImageSize size);

    /**
     * The vector-Jacobian product at an input: {@code J(x)^T g} where J is the Jacobian of
     * {@link #forward} at {@code planar}. For a linear transform it does not depend on the input.
     *
     * @param planar the input at which the Jacobian is taken, as given to {@link #forward}; not modified
     * @param size the input's size
     * @param outputGradient {@code 3 * outputSize(size).pixelCount()} values, d(objective)/d(output);
     *     not modified
     * @return a new array, d(objective)/d(input), of the input's length
     */
    float[] vjp(float[] planar, ImageSize size, float[] outputGradient);

    /**
     * @param image an image in [0, 1]
     * @return {@link #forward} clamped into [0, 1]
     */
    default RgbImage apply(RgbImage image) {
        ImageSize size = new ImageSize(image.width(), image.height());
        ImageSize out = outputSize(size);
        return RgbImage.clamped(out.width(), out.height(), forward(image.data(), size));
    }

    /**
     * @param batch images in [0, 1]
     * @return each image transformed by {@link #apply(RgbImage)}, in one batch
     */
    default ImageBatch apply(ImageBatch batch) {
        ImageSize size = new ImageSize(batch.width(), batch.height());
        ImageSize out = outputSize(size);
        int per = size.planarLength();
        int outPer = out.planarLength();
        float[] all = new float[batch.size() * outPer];
        float[] one = new float[per];
        for (int n = 0; n < batch.size(); n++) {
            System.arraycopy(batch.data(), n * per, one, 0, per);
            UnitClamp.into(forward(one, size), all, n * outPer);
        }
        return ImageBatch.wrap(batch.size(), out.width(), out.height(), all);
    }

    /**
     * The vjp of {@link #apply(RgbImage)}: the gradient at the output is zeroed where the unclamped
     * output lies outside [0, 1], then pulled back through {@link #vjp}.
     *
     * @param image the input image
     * @param outputGradient d(objective)/d(output), planar, of the output's length
     * @return d(objective)/d(input), planar, of the image's length
     */
    default float[] pullBack(RgbImage image, float[] outputGradient) {
        ImageSize size = new ImageSize(image.width(), image.height());
        Arguments.length(outputGradient, outputSize(size).planarLength(), "output gradient");
        return vjp(image.data(), size, UnitClamp.pullBack(forward(image.data(), size), outputGradient, 0));
    }

    /**
     * {@link #pullBack(RgbImage, float[])} for every image of a batch.
     *
     * @param batch the input images
     * @param outputGradient d(objective)/d(outputs), of the shape of {@link #apply(ImageBatch)}
     * @return d(objective)/d(inputs), of the batch's shape
     */
    default ImageGradient pullBack(ImageBatch batch, ImageGradient outputGradient) {
        ImageSize size = new ImageSize(batch.width(), batch.height());
        ImageSize out = outputSize(size);
        if (outputGradient.size() != batch.size() || outputGradient.width() != out.width()
                || outputGradient.height() != out.height()) {
            throw new IllegalArgumentException("output gradient " + outputGradient + " does not match "
                    + batch.size() + " outputs of " + out);
        }
        int per = size.planarLength();
        float[] all = new float[batch.size() * per];
        for (int n = 0; n < batch.size(); n++) {
            RgbImage img = batch.image(n);
            float[] g = pullBack(img, outputGradient.imageGradient(n));
            System.arraycopy(g, 0, all, n * per, per);
        }
        return ImageGradient.wrap(batch.size(), size.width(), size.height(), all);
    }

    /**
     * @param size an input size
     * @param planar an array that must hold an image of that size
     * @param what what the array is, for the message
     */
    static void requireLength(ImageSize size, float[] planar, String what) {
        Arguments.length(planar, size.planarLength(), what);
    }
}
