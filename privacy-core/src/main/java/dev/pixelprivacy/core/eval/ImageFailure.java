package dev.pixelprivacy.core.eval;

/**
 * An image the evaluation could not use.
 *
 * @param imageId the image's identifier
 * @param reason why, e.g. the reader's message
 */
public record ImageFailure(String imageId, String reason) {}
