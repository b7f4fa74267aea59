/**
 * pixel-privacy on ND4J/SameDiff: ONNX models imported with exact input gradients
 * ({@code dev.pixelprivacy.dl4j.onnx}), Keras .h5 and TensorFlow.js layers models imported through the same
 * translation ({@code dev.pixelprivacy.dl4j.keras}), the threat model, NIMA and saliency adapters
 * ({@code dev.pixelprivacy.dl4j.model}) and the model-check tool ({@code dev.pixelprivacy.dl4j.tools}). The translation itself
 * ({@code dev.pixelprivacy.dl4j.onnx.internal}) is not exported.
 *
 * <p>ND4J 1.0.0-M2.1 and the module path: this descriptor compiles against ND4J ({@code nd4j.api} and
 * {@code nd4j.common} are explicit modules in multi-release jars; the shaded protobuf, Jackson and
 * Guava jars are automatic modules named after their files, {@code protobuf}, {@code jackson} and
 * {@code guava}; no package is split between them). It cannot be launched from the module path,
 * though: nd4j-api-1.0.0-M2.1.jar's own descriptor exports packages the jar does not contain (the
 * JVM stops with {@code InvalidModuleDescriptorException: Package
 * org.nd4j.autodiff.validation.listeners not found in module}), so applications run privacy-dl4j
 * from the class path, where this descriptor is ignored. It still fixes the module's name and what
 * it exports for compilers and tools.
 */
module dev.pixelprivacy.dl4j {
    requires transitive dev.pixelprivacy.core;
    requires transitive nd4j.api;
    // nd4j's shaded protobuf (org.nd4j.shade.protobuf), an automatic module: nd4j.api reads it but does
    // not pass it on, and the ONNX protobuf classes' list types live there.
    requires protobuf;
    // Keras import: the model config is JSON, the .h5 weights are read through JavaCPP's HDF5 preset.
    requires com.fasterxml.jackson.databind;
    requires org.bytedeco.javacpp;
    requires org.bytedeco.hdf5;
    // npm tarballs (tools.NsfwjsModels)
    requires org.apache.commons.compress;

    exports dev.pixelprivacy.dl4j.onnx;
    exports dev.pixelprivacy.dl4j.keras;
    exports dev.pixelprivacy.dl4j.model;
    exports dev.pixelprivacy.dl4j.tools;
}
