/**
 * The mask providers of this module, found by {@link java.util.ServiceLoader} through privacy-core's
 * {@link dev.pixelprivacy.core.mask.MaskRegistry}: {@code edges}, {@code salient-defence},
 * {@code inverse-saliency}, and {@link dev.pixelprivacy.filters.mask.ProviderOptions}, the options they
 * share (usable by any provider, the reference-code one of privacy-paper included).
 */
package dev.pixelprivacy.filters.mask;
