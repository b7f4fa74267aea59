package dev.pixelprivacy.paper.verify;

import dev.pixelprivacy.core.model.ThreatModel;
import java.util.List;

/**
 * A classifier that judges a protection without having been attacked: its own preprocessing (input
 * size, normalisation) lives in its adapter, as for any {@link ThreatModel}; only its predictions are
 * used.
 *
 * @param name how reports name it, e.g. the model file's name
 * @param model the classifier
 * @param classNames its class names in class order, possibly empty (then classes are shown by index)
 */
public record Judge(String name, ThreatModel model, List<String> classNames) {
    /** Checks and copies. */
    public Judge {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a judge needs a name but got '" + name + "'");
        }
        if (model == null) {
            throw new IllegalArgumentException("judge '" + name + "' has no model");
        }
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
    }

    /**
     * @param name how reports name it
     * @param model the classifier
     */
    public Judge(String name, ThreatModel model) {
        this(name, model, List.of());
    }

    /**
     * @param label a class index
     * @return its name, or {@code class N} when the judge has no name for it
     */
    public String className(int label) {
        return label >= 0 && label < classNames.size() ? classNames.get(label) : "class " + label;
    }
}
