package dev.pixelprivacy.core.mask;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@link MaskProvider}s that can be found, by name. A provider that fails to load, or reports an
 * invalid name, is skipped with a logged reason (also kept in {@link #skipped()}), never crashing the
 * lookup; an unknown name gives an error listing the known ones.
 */
public final class MaskRegistry {
    private static final System.Logger LOG = System.getLogger(MaskRegistry.class.getName());
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    /** Guards against a ServiceLoader iterator that keeps failing on the same entry. */
    private static final int MAX_FAILURES = 1000;

    private final Map<String, List<MaskProvider>> byName;
    private final List<String> skipped;

    private MaskRegistry(Map<String, List<MaskProvider>> byName, List<String> skipped) {
        this.byName = byName;
        this.skipped = skipped;
    }

    /**
     * Finds providers with the thread's context class loader (or, without one, this class's).
     *
     * @return the registry
     */
    public static MaskRegistry load() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return load(cl != null ? cl : MaskRegistry.class.getClassLoader());
    }

    /**
     * @param loader where to look for {@code META-INF/services} entries
     * @return the registry
     */
    public static MaskRegistry load(ClassLoader loader) {
        List<MaskProvider> found = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Iterator<MaskProvider> it = ServiceLoader.load(MaskProvider.class, loader).iterator();
        int failures = 0;
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                String reason = "mask provider skipped: " + e.getMessage()
                        + (e.getCause() != null ? " (" + e.getCause() + ")" : "");
                LOG.log(System.Logger.Level.WARNING, reason);
                skipped.add(reason);
                if (++failures >= MAX_FAILURES) {
                    break;
                }
            }
        }
        return build(found, skipped);
    }

    /**
     * A registry over given providers, without service discovery; for applications that wire
     * masks themselves.
     *
     * @param providers the providers
     * @return the registry
     */
    public static MaskRegistry of(List<? extends MaskProvider> providers) {
        return build(new ArrayList<>(providers), new ArrayList<>());
    }

    private static MaskRegistry build(List<MaskProvider> providers, List<String> skipped) {
        Map<String, List<MaskProvider>> byName = new LinkedHashMap<>();
        for (MaskProvider p : providers) {
            String name;
            try {
                name = p.name();
            } catch (RuntimeException e) {
                String reason = "mask provider " + p.getClass().getName() + " skipped: name() failed: " + e;
                LOG.log(System.Logger.Level.WARNING, reason);
                skipped.add(reason);
                continue;
            }
            if (name == null || !NAME.matcher(name).matches()) {
                String reason = "mask provider " + p.getClass().getName() + " skipped: its name '" + name
                        + "' is not lower-case letters, digits and dashes";
                LOG.log(System.Logger.Level.WARNING, reason);
                skipped.add(reason);
                continue;
            }
            byName.computeIfAbsent(name, k -> new ArrayList<>()).add(p);
        }
        return new MaskRegistry(Collections.unmodifiableMap(byName), Collections.unmodifiableList(skipped));
    }

    /** @return every usable provider, sorted by name */
    public List<MaskProvider> providers() {
        return byName.values().stream().flatMap(List::stream)
                .sorted((a, b) -> a.name().compareTo(b.name())).collect(Collectors.toList());
    }

    /** @return the known names, sorted */
    public List<String> names() {
        return new ArrayList<>(new TreeSet<>(byName.keySet()));
    }

    /** @return reasons for the providers that were skipped, in the order met */
    public List<String> skipped() {
        return skipped;
    }

    /**
     * @param name a mask name
     * @return the provider of that name, if exactly one has it
     * @throws IllegalArgumentException if several providers claim the name (their classes are listed)
     */
    public Optional<MaskProvider> find(String name) {
        List<MaskProvider> ps = byName.get(name);
        if (ps == null) {
            return Optional.empty();
        }
        if (ps.size() > 1) {
            throw new IllegalArgumentException("several mask providers are named '" + name + "': "
                    + ps.stream().map(p -> p.getClass().getName()).collect(Collectors.joining(", "))
                    + "; remove all but one from the class path");
        }
        return Optional.of(ps.get(0));
    }

    /**
     * @param name a mask name
     * @return its provider
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public MaskProvider provider(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown mask '" + name + "'; known masks: " + String.join(", ", names())));
    }

    /**
     * Creates a mask by name, refusing options the provider does not declare.
     *
     * @param name a mask name
     * @param options option values
     * @return the mask
     * @throws IllegalArgumentException for an unknown name or option, or a bad value
     */
    public PerturbationMask create(String name, MaskOptions options) {
        MaskProvider p = provider(name);
        List<String> accepted = p.options().stream().map(MaskOption::name).collect(Collectors.toList());
        for (String given : options.names()) {
            if (!accepted.contains(given)) {
                throw new IllegalArgumentException("mask '" + name + "' has no option '" + given + "'; it accepts: "
                        + (accepted.isEmpty() ? "none" : String.join(", ", accepted)));
            }
        }
        return p.create(options);
    }

    /**
     * @param name a mask name
     * @return the mask with default options
     */
    public PerturbationMask create(String name) {
        return create(name, MaskOptions.none());
    }
}
