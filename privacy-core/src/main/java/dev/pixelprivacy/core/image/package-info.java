/**
 * The value types every module speaks: {@link dev.pixelprivacy.core.image.RgbImage} (float RGB,
 * planar, values in [0, 1]), {@link dev.pixelprivacy.core.image.Mask} (one value in [0, 1] per
 * pixel), {@link dev.pixelprivacy.core.image.ImageBatch} (many images of one size in one NCHW array,
 * the form networks consume) and {@link dev.pixelprivacy.core.image.ImageGradient} (a gradient or
 * perturbation in the same layout, unbounded).
 */
package dev.pixelprivacy.core.image;
