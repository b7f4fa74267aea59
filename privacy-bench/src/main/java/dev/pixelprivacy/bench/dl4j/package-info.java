/**
 * JMH benchmarks of privacy-dl4j: ResNet-50 forward and FGSM step through the ONNX importer, against
 * the PyTorch anchor measured in the same session (see DL4J-RESULTS.md).
 */
package dev.pixelprivacy.bench.dl4j;
