package dev.pixelprivacy.core.mask;

/**
 * One option a {@link MaskProvider} accepts.
 *
 * @param name the key, lower-case with dashes (for example {@code sigma})
 * @param description what it does, with its unit and valid range
 * @param defaultValue the value used when the option is not given, as text; empty if there is none
 */
public record MaskOption(String name, String description, String defaultValue) {
    /** Checks that name and description are present. */
    public MaskOption {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an option needs a name but got '" + name + "'");
        }
        if (description == null) {
            throw new IllegalArgumentException("option " + name + " needs a description");
        }
        defaultValue = defaultValue == null ? "" : defaultValue;
    }

    @Override
    public String toString() {
        return defaultValue.isEmpty() ? name + ": " + description
                : name + " (default " + defaultValue + "): " + description;
    }
}
