/**
 * JMH benchmarks of privacy-dl4j: ResNet-50 forward and FGSM step through the ONNX importer at batch
 * 1, 8 and 32, against the PyTorch anchor measured in the same session (see DL4J-RESULTS.md), and the
 * ONNX builders of the benchmark networks (ResNet-50, a SalGAN-style saliency generator) with seeded
 * random weights.
 */
package dev.pixelprivacy.bench.dl4j;
