package dev.pixelprivacy.examples.cli;

import java.util.Locale;

/** Builds one JSON object on one line, for the tool's --jsonl mode (no JSON library needed for this). */
final class JsonLine {
    private final StringBuilder sb = new StringBuilder("{");

    JsonLine put(String key, String value) {
        sep().append(quote(key)).append(':').append(value == null ? "null" : quote(value));
        return this;
    }

    JsonLine put(String key, double value) {
        sep().append(quote(key)).append(':');
        if (Double.isNaN(value)) {
            sb.append("null");
        } else if (Double.isInfinite(value)) {
            sb.append(value > 0 ? "\"inf\"" : "\"-inf\"");
        } else {
            sb.append(String.format(Locale.ROOT, "%.6g", value));
        }
        return this;
    }

    JsonLine put(String key, long value) {
        sep().append(quote(key)).append(':').append(value);
        return this;
    }

    JsonLine put(String key, JsonLine nested) {
        sep().append(quote(key)).append(':').append(nested);
        return this;
    }

    private StringBuilder sep() {
        if (sb.length() > 1) {
            sb.append(',');
        }
        return sb;
    }

    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    @Override
    public String toString() {
        return sb + "}";
    }
}
