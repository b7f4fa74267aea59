package dev.pixelprivacy.examples.cli;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.Locale;

/**
 * Builds one JSON object on one line, for the tool's --jsonl mode, with Jackson: compact, keys in the
 * order they were put. The bytes are those the tool has always written: doubles with six significant
 * digits ({@code %.6g}), NaN as null and infinities as the strings "inf" and "-inf", and control
 * characters other than tab, newline and carriage return as lowercase {@code \\u00xx} escapes.
 */
final class JsonLine {
    private static final ObjectMapper MAPPER = new ObjectMapper(new JsonFactoryBuilder()
            .characterEscapes(new ControlEscapes()).build());

    private final ObjectNode node = MAPPER.createObjectNode();

    JsonLine put(String key, String value) {
        if (value == null) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
        return this;
    }

    JsonLine put(String key, double value) {
        node.set(key, number(value));
        return this;
    }

    /** Puts an array of numbers, each written as {@link #put(String, double)} writes one. */
    JsonLine put(String key, float[] values) {
        ArrayNode a = node.putArray(key);
        for (float v : values) {
            a.add(number(v));
        }
        return this;
    }

    private static JsonNode number(double value) {
        if (Double.isNaN(value)) {
            return NullNode.getInstance();
        }
        if (Double.isInfinite(value)) {
            return TextNode.valueOf(value > 0 ? "inf" : "-inf");
        }
        return MAPPER.getNodeFactory().rawValueNode(new RawValue(String.format(Locale.ROOT, "%.6g", value)));
    }

    JsonLine put(String key, boolean value) {
        node.put(key, value);
        return this;
    }

    JsonLine put(String key, long value) {
        node.put(key, value);
        return this;
    }

    /** Puts the nested object as it is now; later puts into {@code nested} do not change this line. */
    JsonLine put(String key, JsonLine nested) {
        node.set(key, nested.node.deepCopy());
        return this;
    }

    /**
     * @param s a string
     * @return it as a JSON string literal, quoted and escaped as in {@link #toString()}
     */
    static String quote(String s) {
        return write(MAPPER.getNodeFactory().textNode(s));
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // a tree of strings, numbers and raw number text always serialises
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return write(node);
    }

    /** Jackson's escapes, except backspace and form feed as {@code \\u0008} and {@code \\u000c}, all hex lowercase. */
    private static final class ControlEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] escapes = standardAsciiEscapesForJSON();

        ControlEscapes() {
            for (int c = 0; c < 0x20; c++) {
                if (c != '\t' && c != '\n' && c != '\r') {
                    escapes[c] = ESCAPE_CUSTOM;
                }
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        /** Asked for the custom ASCII codes above and for every character beyond ASCII, which stays as it is. */
        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch < 0x20 ? new SerializedString(String.format(Locale.ROOT, "\\u%04x", ch)) : null;
        }
    }
}
