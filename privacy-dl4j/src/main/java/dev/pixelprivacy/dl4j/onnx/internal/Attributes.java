package dev.pixelprivacy.dl4j.onnx.internal;

import dev.pixelprivacy.dl4j.onnx.OnnxImportException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import onnx.Onnx;

/** Typed, validated access to one node's attributes, with the defaults of the ONNX specification. */
final class Attributes {
    private final Onnx.NodeProto node;
    private final Map<String, Onnx.AttributeProto> byName = new HashMap<>();

    Attributes(Onnx.NodeProto node) {
        this.node = node;
        for (Onnx.AttributeProto a : node.getAttributeList()) {
            byName.put(a.getName(), a);
        }
    }

    /** Fails if the node carries an attribute outside {@code known}. */
    void allowOnly(Set<String> known) {
        for (String name : byName.keySet()) {
            if (!known.contains(name)) {
                throw Nodes.unsupported(node, "attribute '" + name + "'", "attributes " + known);
            }
        }
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    long getInt(String name, long dflt) {
        Onnx.AttributeProto a = byName.get(name);
        return a == null ? dflt : a.getI();
    }

    float getFloat(String name, float dflt) {
        Onnx.AttributeProto a = byName.get(name);
        return a == null ? dflt : a.getF();
    }

    String getString(String name, String dflt) {
        Onnx.AttributeProto a = byName.get(name);
        return a == null ? dflt : a.getS().toStringUtf8();
    }

    long[] getInts(String name, long[] dflt) {
        Onnx.AttributeProto a = byName.get(name);
        if (a == null) {
            return dflt;
        }
        long[] v = new long[a.getIntsCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.getInts(i);
        }
        return v;
    }

    float[] getFloats(String name, float[] dflt) {
        Onnx.AttributeProto a = byName.get(name);
        if (a == null) {
            return dflt;
        }
        float[] v = new float[a.getFloatsCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.getFloats(i);
        }
        return v;
    }

    Onnx.TensorProto getTensor(String name) {
        Onnx.AttributeProto a = byName.get(name);
        if (a == null) {
            throw new OnnxImportException(Nodes.describe(node) + " lacks attribute '" + name + "'");
        }
        return a.getT();
    }

    /** Fails unless the string attribute is one of {@code allowed}. */
    String getChoice(String name, String dflt, Set<String> allowed) {
        String v = getString(name, dflt);
        if (!allowed.contains(v)) {
            throw Nodes.unsupported(node, name + "='" + v + "'", name + " in " + allowed);
        }
        return v;
    }

    /** Fails unless the integer attribute is one of {@code allowed}. */
    long getIntChoice(String name, long dflt, Set<Long> allowed) {
        long v = getInt(name, dflt);
        if (!allowed.contains(v)) {
            throw Nodes.unsupported(node, name + "=" + v, name + " in " + allowed);
        }
        return v;
    }
}
