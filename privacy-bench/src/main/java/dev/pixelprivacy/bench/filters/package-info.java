/**
 * JMH benchmarks of privacy-filters against BoofCV and OpenCV, measured in the same run on the same
 * data. Build with {@code mvn -pl privacy-bench -am package -DskipTests} and run
 * {@code java -jar privacy-bench/target/benchmarks.jar 'dev.pixelprivacy.bench.filters'}.
 */
package dev.pixelprivacy.bench.filters;
