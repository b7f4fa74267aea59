package dev.pixelprivacy.core.model;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;

/**
 * Predicts where people look in an image (in the paper, a SalGAN generator; privacy-filters ships a
 * weight-free spectral-residual model).
 */
public interface SaliencyModel {

    /**
     * @param image an RGB image in [0, 1]
     * @return a map of the image's size, values in [0, 1], 1 = most salient
     */
    Mask saliency(RgbImage image);
}
