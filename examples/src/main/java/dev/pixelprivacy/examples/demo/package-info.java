/**
 * The embedded demonstration threat model and the procedural scenes it is trained on, so that
 * {@code pixel-privacy protect} runs on a fresh machine with no model file. {@link
 * dev.pixelprivacy.examples.demo.DemoModel} loads the small scene CNN shipped as an ONNX resource;
 * {@link dev.pixelprivacy.examples.demo.TrainDemoModel} is the reproducible SameDiff training run
 * that made it. It is a stand-in, not a scene recogniser: the README explains how to use a real
 * ResNet-50 Places365 model instead.
 */
package dev.pixelprivacy.examples.demo;
