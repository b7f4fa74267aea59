/**
 * Differentiable image transforms: what a platform does to an uploaded photo (resize with PIL's
 * kernels, crop, shift, JPEG, gamma, colour jitter), each with its exact vector-Jacobian product, their
 * composition ({@link dev.pixelprivacy.core.transform.TransformChain}), a seeded distribution of
 * chains parsed from a textual spec ({@link dev.pixelprivacy.core.transform.TransformDistribution}),
 * and the expectation-over-transformation attack objective built on them
 * ({@link dev.pixelprivacy.core.transform.ExpectationOverTransformation}). Images are planar float RGB,
 * layout (channel, row, column), in the [0, 1] pixel space.
 */
package dev.pixelprivacy.core.transform;
