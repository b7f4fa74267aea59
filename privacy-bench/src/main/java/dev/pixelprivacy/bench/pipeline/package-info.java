/**
 * JMH benchmarks of whole protection pipelines through the public API: Salient Defence on one
 * 256x256 image, part by part (saliency, mask, gradient, step, 8-bit rounding) and end to end. Build
 * with {@code mvn -pl privacy-bench -am package -DskipTests} and run
 * {@code java -jar privacy-bench/target/benchmarks.jar 'dev.pixelprivacy.bench.pipeline'}.
 */
package dev.pixelprivacy.bench.pipeline;
