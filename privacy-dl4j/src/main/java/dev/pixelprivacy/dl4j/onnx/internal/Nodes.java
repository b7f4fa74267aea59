package dev.pixelprivacy.dl4j.onnx.internal;

import dev.pixelprivacy.dl4j.onnx.OnnxImportException;
import onnx.Onnx;

/** Error messages that name a node, its operator and what is supported. */
final class Nodes {
    private Nodes() {}

    static String describe(Onnx.NodeProto node) {
        String name = node.getName().isEmpty() ? "<unnamed, output '" + firstOutput(node) + "'>" : "'" + node.getName() + "'";
        return "ONNX node " + name + " (operator " + node.getOpType() + ")";
    }

    private static String firstOutput(Onnx.NodeProto node) {
        return node.getOutputCount() == 0 ? "" : node.getOutput(0);
    }

    static OnnxImportException unsupported(Onnx.NodeProto node, String what, String supported) {
        return new OnnxImportException(describe(node) + ": unsupported " + what + "; supported: " + supported);
    }

    static OnnxImportException invalid(Onnx.NodeProto node, String what) {
        return new OnnxImportException(describe(node) + ": " + what);
    }
}
