/**
 * What the library needs from networks, independent of any numeric library: a differentiable
 * classifier (the threat model), an aesthetic scorer (NIMA) and its differentiable form, and a
 * saliency model, and {@link dev.pixelprivacy.core.model.ImageNetStatistics}. Implementations own their preprocessing (resizing, channel order, scale, mean and
 * standard deviation) and take and return everything in the [0, 1] RGB pixel space of the original
 * image, so attacks never see normalised tensors.
 */
package dev.pixelprivacy.core.model;
