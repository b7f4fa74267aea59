package dev.pixelprivacy.core.mask;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The options given to a {@link MaskProvider}: text values (from a command line or a configuration
 * file) or objects (a saliency model passed in by the calling code). Typed getters parse and check
 * ranges, and their errors name the mask, the option and the value.
 */
public final class MaskOptions {
    private static final MaskOptions NONE = new MaskOptions(Map.of());

    private final Map<String, Object> values;

    private MaskOptions(Map<String, Object> values) {
        this.values = values;
    }

    /** @return no options: every option takes its default */
    public static MaskOptions none() {
        return NONE;
    }

    /**
     * @param values option name to value (text, a number, or an object the provider documents)
     * @return the options, copied
     */
    public static MaskOptions of(Map<String, ?> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException("mask option names and values must not be null: " + k + "=" + v);
            }
            copy.put(k, v);
        });
        return new MaskOptions(Collections.unmodifiableMap(copy));
    }

    /**
     * Parses {@code key=value,key=value} as a command line would give it.
     *
     * @param spec the text; empty for no options
     * @return the options
     */
    public static MaskOptions parse(String spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (spec != null && !spec.isBlank()) {
            for (String part : spec.split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(
                            "mask option '" + part.trim() + "' is not of the form name=value (in '" + spec + "')");
                }
                m.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return new MaskOptions(Collections.unmodifiableMap(m));
    }

    /**
     * @param name option
     * @param value its value
     * @return a copy with that option set
     */
    public MaskOptions with(String name, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(values);
        m.put(name, value);
        return of(m);
    }

    /** @return the option names given */
    public Set<String> names() {
        return values.keySet();
    }

    /**
     * @param name option
     * @return true if the option was given
     */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /**
     * @param name option
     * @param defaultValue value when absent
     * @param min smallest allowed value
     * @param max largest allowed value
     * @param minInclusive whether {@code min} itself is allowed
     * @return the value, checked to lie in the range
     */
    public double getDouble(String name, double defaultValue, double min, double max, boolean minInclusive) {
        Object raw = values.get(name);
        double v;
        if (raw == null) {
            v = defaultValue;
        } else if (raw instanceof Number n) {
            v = n.doubleValue();
        } else {
            try {
                v = Double.parseDouble(raw.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("mask option " + name + " must be a number but was '" + raw + "'");
            }
        }
        boolean low = minInclusive ? v >= min : v > min;
        if (!low || !(v <= max)) {
            throw new IllegalArgumentException("mask option " + name + " must be in " + (minInclusive ? "[" : "(")
                    + min + ", " + max + "] but was " + raw);
        }
        return v;
    }

    /**
     * @param name option
     * @param defaultValue value when absent
     * @return the text value
     */
    public String getString(String name, String defaultValue) {
        Object raw = values.get(name);
        return raw == null ? defaultValue : raw.toString();
    }

    /**
     * @param name option
     * @param defaultValue value when absent
     * @return true for {@code true}, false for {@code false} (any case)
     */
    public boolean getBoolean(String name, boolean defaultValue) {
        Object raw = values.get(name);
        if (raw == null) {
            return defaultValue;
        }
        if (raw instanceof Boolean b) {
            return b;
        }
        String s = raw.toString().trim();
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("mask option " + name + " must be true or false but was '" + raw + "'");
    }

    /**
     * @param name option
     * @param type the class the value must have
     * @param <T> that class
     * @return the object, or null when absent
     */
    public <T> T getObject(String name, Class<T> type) {
        Object raw = values.get(name);
        if (raw == null) {
            return null;
        }
        if (!type.isInstance(raw)) {
            throw new IllegalArgumentException("mask option " + name + " must be a " + type.getName()
                    + " but was a " + raw.getClass().getName() + " (" + raw + ")");
        }
        return type.cast(raw);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
