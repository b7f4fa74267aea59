/**
 * Pure-Java image filters on planar float images: Gaussian blur (exact FIR and a constant-cost
 * extended box form), Sobel, resizing, PIL-style colour and contrast enhancement, tilt-shift, and the
 * paper's edge map, flat-area rule and Salient Defence map. Filters take an optional output array and
 * a {@link dev.pixelprivacy.filters.Parallelism}; results do not depend on the thread count.
 */
package dev.pixelprivacy.filters;
