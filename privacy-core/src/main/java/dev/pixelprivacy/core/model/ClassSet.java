package dev.pixelprivacy.core.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * An immutable, non-empty set of class indices, e.g. the sensitive classes an attack should steer a
 * photo away from ({@link ClassifierLoss#awayFromSet}). The indices are kept sorted and distinct.
 *
 * <p>Sets are usually named through the classifier's class names: {@link #parseNames} reads a names
 * file (one name per line, as Places365's {@code categories_places365.txt} with its trailing index) and
 * {@link #matching} picks every name a predicate accepts, e.g. every Places365 home scene
 * ({@code n -> HOME.contains(n.substring(n.lastIndexOf('/') + 1))}, HOME a set such as bedroom,
 * living_room, kitchen, bathroom, dining_room, home_office, nursery).
 * The repository ships no class-name list: the caller supplies the file its network was trained with.
 */
public final class ClassSet {
    private final int[] classes;

    private ClassSet(int[] sortedDistinct) {
        this.classes = sortedDistinct;
    }

    /**
     * @param classes class indices, each &gt;= 0, at least one; duplicates are merged
     * @return the set
     * @throws IllegalArgumentException if there are none or one is negative, naming it
     */
    public static ClassSet of(int... classes) {
        if (classes == null || classes.length == 0) {
            throw new IllegalArgumentException("a class set needs at least one class");
        }
        int[] s = Arrays.stream(classes).sorted().distinct().toArray();
        if (s[0] < 0) {
            throw new IllegalArgumentException("class indices must be >= 0 but " + s[0] + " was given");
        }
        return new ClassSet(s);
    }

    /**
     * @param names the classifier's class names, index i naming class i
     * @param pick which names belong to the set
     * @return the indices of every name {@code pick} accepts
     * @throws IllegalArgumentException if it accepts none (the message gives the number of names)
     */
    public static ClassSet matching(List<String> names, Predicate<String> pick) {
        if (names == null || pick == null) {
            throw new IllegalArgumentException("names and predicate must not be null");
        }
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (pick.test(names.get(i))) {
                hits.add(i);
            }
        }
        if (hits.isEmpty()) {
            throw new IllegalArgumentException("no class name of the " + names.size() + " given matches the predicate");
        }
        return of(hits.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Class names one per line; a trailing index, as in Places365's {@code categories_places365.txt}
     * ({@code /b/bedroom 52}), is dropped, and blank lines are skipped.
     *
     * @param text the file's content
     * @return the names, index i naming class i
     */
    public static List<String> parseNames(String text) {
        List<String> names = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String t = line.strip();
            if (!t.isEmpty()) {
                names.add(t.replaceFirst("\\s+\\d+$", ""));
            }
        }
        return names;
    }

    /**
     * @param file a UTF-8 names file in the format of {@link #parseNames}
     * @return the names
     * @throws UncheckedIOException naming the file if it cannot be read
     */
    public static List<String> readNames(Path file) {
        try {
            return parseNames(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class names from " + file, e);
        }
    }

    /** @return the number of classes, &gt;= 1 */
    public int size() {
        return classes.length;
    }

    /** @return the smallest class index of the set */
    public int first() {
        return classes[0];
    }

    /** @return the largest class index of the set */
    public int last() {
        return classes[classes.length - 1];
    }

    /**
     * @param label a class index
     * @return whether it is in the set
     */
    public boolean contains(int label) {
        return Arrays.binarySearch(classes, label) >= 0;
    }

    /** @return the sorted indices, a copy */
    public int[] indices() {
        return classes.clone();
    }

    /**
     * @param classCount the classifier's number of classes
     * @throws IllegalArgumentException if a class is not below it, naming both
     */
    public void requireWithin(int classCount) {
        if (last() >= classCount) {
            throw new IllegalArgumentException("class set " + this + " names class " + last() + " but the classifier has "
                    + classCount + " classes");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassSet s && Arrays.equals(classes, s.classes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(classes);
    }

    @Override
    public String toString() {
        return Arrays.toString(classes);
    }
}
