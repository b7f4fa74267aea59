package dev.pixelprivacy.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where each input's output goes below the output folder: its path relative to the input root it
 * was found under (sub-folders kept), or its file name if it lies under none; the extension is the
 * output's. The command line's rule for a flat folder.
 */
public final class OutputNames implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> roots;

    /**
     * @param roots the input folders as given (URIs or paths; globs are cut at their first wildcard)
     */
    public OutputNames(List<String> roots) {
        List<String> r = new ArrayList<>();
        for (String root : roots) {
            String t = root;
            int wild = indexOfWildcard(t);
            if (wild >= 0) {
                t = t.substring(0, t.lastIndexOf('/', wild) + 1);
            }
            r.add(stripScheme(t.endsWith("/") ? t : t + "/"));
        }
        r.sort(Comparator.comparingInt(String::length).reversed()); // the deepest root wins
        this.roots = List.copyOf(r);
    }

    /**
     * @param input an input's path as Spark lists it
     * @param extension the output's extension with its dot
     * @return the output's path below the output folder
     */
    public String of(String input, String extension) {
        String path = stripScheme(input);
        String rel = null;
        for (String root : roots) {
            if (path.startsWith(root)) {
                rel = path.substring(root.length());
                break;
            }
        }
        if (rel == null || rel.isEmpty()) {
            rel = path.substring(path.lastIndexOf('/') + 1);
        }
        int slash = rel.lastIndexOf('/');
        int dot = rel.lastIndexOf('.');
        return (dot > slash + 1 ? rel.substring(0, dot) : rel) + extension;
    }

    /** Scheme and authority dropped, so {@code file:/a}, {@code file:///a} and {@code /a} compare equal. */
    private static String stripScheme(String p) {
        String s = p;
        int colon = s.indexOf(':');
        int slash = s.indexOf('/');
        if (colon > 0 && (slash < 0 || colon < slash)) {
            s = s.substring(colon + 1);
            if (s.startsWith("//")) {
                int next = s.indexOf('/', 2);
                s = next < 0 ? "/" : s.substring(next);
            }
        }
        while (s.startsWith("//")) {
            s = s.substring(1);
        }
        return s;
    }

    private static int indexOfWildcard(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return i;
            }
        }
        return -1;
    }
}
