/**
 * JMH benchmarks of the mask providers found through {@link dev.pixelprivacy.core.mask.MaskRegistry}:
 * the time to compute one mask, which the performance report turns into megapixels per second. Run
 * with {@code scripts/bench.sh masks}.
 */
package dev.pixelprivacy.bench.masks;
