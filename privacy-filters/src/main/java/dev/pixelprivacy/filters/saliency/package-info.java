/**
 * Saliency models that need no weights: {@link dev.pixelprivacy.filters.saliency.SpectralResidualSaliency}
 * implements privacy-core's {@link dev.pixelprivacy.core.model.SaliencyModel}, so the Salient Defence
 * mask runs without any model file.
 */
package dev.pixelprivacy.filters.saliency;
