/**
 * The Keras front end: the HDF5 and TensorFlow.js weight readers and the translation of a Keras config
 * into the ONNX graph that the shared translator builds. Not exported.
 */
package dev.pixelprivacy.dl4j.keras.internal;
