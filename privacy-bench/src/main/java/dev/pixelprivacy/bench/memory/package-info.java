/**
 * Resident memory of the command-line tool over a long batch: {@link dev.pixelprivacy.bench.memory.ProtectMemoryRun}
 * runs {@code pixel-privacy protect} on a thousand generated images in a child JVM and records its resident set
 * size (Linux {@code /proc/<pid>/status}) per hundred images, its peak, and the growth after warm-up;
 * {@link dev.pixelprivacy.bench.memory.LargePhotoMemoryRun} measures the peak of protecting one large photo
 * (12 and 48 megapixels) with the JVM's default settings.
 */
package dev.pixelprivacy.bench.memory;
