package dev.pixelprivacy.bench.report;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the files the benchmark suite writes with Jackson (strict JSON: no comments, no trailing
 * text, no duplicate keys) into plain values: objects become {@code Map<String, Object>} (keys in
 * file order), arrays {@code List<Object>}, numbers {@code Double}, and strings, booleans and null
 * themselves; all unmodifiable. Errors name the source, the line and the column.
 */
final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {}

    /**
     * @param text the JSON text
     * @param source what to call the text in errors, e.g. the file name
     * @return the value
     * @throws IllegalArgumentException if the text is not one JSON value, naming the source and position
     */
    static Object parse(String text, String source) {
        try (JsonParser p = MAPPER.createParser(text)) {
            JsonNode n;
            try {
                n = MAPPER.readTree(p);
            } catch (JsonProcessingException e) {
                throw error(source, e.getLocation(), e.getOriginalMessage(), e);
            }
            if (n == null) {
                throw error(source, p.currentLocation(), "unexpected end of the text, expected a value", null);
            }
            try {
                if (p.nextToken() != null) {
                    throw error(source, p.currentTokenLocation(), "unexpected text after the JSON value", null);
                }
            } catch (JsonProcessingException e) {
                throw error(source, e.getLocation(), "unexpected text after the JSON value: " + e.getOriginalMessage(), e);
            }
            return plain(n);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private static Object plain(JsonNode n) {
        switch (n.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                n.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue())));
                return Collections.unmodifiableMap(m);
            }
            case ARRAY -> {
                List<Object> l = new ArrayList<>(n.size());
                n.elements().forEachRemaining(e -> l.add(plain(e)));
                return Collections.unmodifiableList(l);
            }
            case NUMBER -> {
                return n.doubleValue();
            }
            case STRING -> {
                return n.textValue();
            }
            case BOOLEAN -> {
                return n.booleanValue();
            }
            case NULL -> {
                return null;
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + n.getNodeType());
        }
    }

    private static IllegalArgumentException error(String source, JsonLocation at, String what, Throwable cause) {
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new IllegalArgumentException(source + ": not valid JSON" + where + ": " + what, cause);
    }
}
