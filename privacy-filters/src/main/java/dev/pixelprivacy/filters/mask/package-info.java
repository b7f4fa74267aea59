/**
 * The mask providers of this module, found by {@link java.util.ServiceLoader} through privacy-core's
 * {@link dev.pixelprivacy.core.mask.MaskRegistry}: {@code edges}, {@code salient-defence},
 * {@code inverse-saliency} and {@code salient-defence-reference}.
 */
package dev.pixelprivacy.filters.mask;
