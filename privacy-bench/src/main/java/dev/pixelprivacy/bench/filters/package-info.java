/**
 * JMH benchmarks of privacy-filters against BoofCV and OpenCV, measured in the same run on the same
 * data. Run with {@code scripts/bench.sh filters} (builds the jar, runs JMH, writes the tables).
 */
package dev.pixelprivacy.bench.filters;
