package dev.pixelprivacy.filters;

/** Range checks for builder settings; messages name the setting and the value. */
final class Settings {
    private Settings() {}

    static void positive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be > 0 and finite but was " + v);
        }
    }

    static void nonNegative(String name, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be >= 0 and finite but was " + v);
        }
    }

    static void range(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "] but was " + v);
        }
    }
}
