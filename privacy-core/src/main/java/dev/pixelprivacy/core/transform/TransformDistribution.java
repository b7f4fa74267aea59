package dev.pixelprivacy.core.transform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A seeded distribution of {@link TransformChain}s, written as a textual spec: steps separated by
 * commas, each a step name followed by {@code :key=value} settings, where a numeric value is either
 * fixed ({@code 85}) or a range {@code lo..hi} drawn uniformly (integers for integer settings, both
 * ends included). Example: {@code resize:long=720..2048:kernel=any,jpeg:q=70..95}.
 *
 * <table>
 *   <caption>Steps and their settings</caption>
 *   <tr><th>step</th><th>settings</th><th>transform</th></tr>
 *   <tr><td>{@code identity}</td><td>none</td><td>the empty chain (alone only)</td></tr>
 *   <tr><td>{@code resize}</td><td>{@code long} (integer pixels, required), {@code kernel} = area, bilinear,
 *       bicubic, lanczos or any (drawn uniformly from the four; default any), {@code upscale} = true or false
 *       (default false)</td><td>{@link Resize#longSide}</td></tr>
 *   <tr><td>{@code jpeg}</td><td>{@code q} (integer in [1, 100], required)</td><td>{@link Jpeg#quality}</td></tr>
 *   <tr><td>{@code gamma}</td><td>{@code g} (&gt; 0, required)</td><td>{@link Gamma#of}</td></tr>
 *   <tr><td>{@code jitter}</td><td>{@code brightness}, {@code contrast}, {@code saturation} (&gt;= 0, default 1)</td>
 *       <td>{@link ColourJitter#of}</td></tr>
 *   <tr><td>{@code shift}</td><td>{@code dx}, {@code dy} (integer pixels, default 0)</td><td>{@link Shift#of}</td></tr>
 *   <tr><td>{@code crop}</td><td>{@code keep} (fraction of each side in (0, 1], required); the position is
 *       uniform</td><td>{@link Crop#fraction}</td></tr>
 * </table>
 *
 * <p>{@link #sample(RandomGenerator)} draws the steps' values in spec order, each step's settings in the
 * order of the table, one draw per ranged setting (plus one for {@code kernel=any} and two for a crop's
 * position), so the same generator state gives the same chain.
 */
public final class TransformDistribution {
    private static final List<String> STEPS = List.of("identity", "resize", "jpeg", "gamma", "jitter", "shift", "crop");
    private static final List<String> KERNELS = List.of("area", "bilinear", "bicubic", "lanczos", "any");

    private final String spec;
    private final List<Step> steps;

    /** One step of the spec with its settings. */
    private record Step(String name, Map<String, Range> settings, String kernel, boolean upscale) {}

    /** A setting's value: lo == hi when fixed. */
    private record Range(double lo, double hi, boolean integer) {
        double draw(RandomGenerator rng) {
            if (integer) {
                return lo + rng.nextInt((int) (hi - lo) + 1);
            }
            return lo + (hi - lo) * rng.nextDouble();
        }
    }

    private TransformDistribution(String spec, List<Step> steps) {
        this.spec = spec;
        this.steps = steps;
    }

    /**
     * @param spec the textual spec (see the class javadoc)
     * @return the distribution
     * @throws IllegalArgumentException naming the bad token and what was expected
     */
    public static TransformDistribution parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("transform spec must not be empty; e.g. resize:long=720..2048,jpeg:q=70..95");
        }
        String s = spec.trim();
        List<Step> steps = new ArrayList<>();
        String[] parts = s.split(",", -1);
        for (String part : parts) {
            steps.add(parseStep(part.trim(), spec));
        }
        if (steps.size() > 1 && steps.stream().anyMatch(st -> st.name().equals("identity"))) {
            throw new IllegalArgumentException("transform spec '" + spec + "': 'identity' must stand alone");
        }
        return new TransformDistribution(s, List.copyOf(steps));
    }

    private static Step parseStep(String text, String spec) {
        String[] tokens = text.split(":", -1);
        String name = tokens[0].trim().toLowerCase(Locale.ROOT);
        if (!STEPS.contains(name)) {
            throw new IllegalArgumentException("transform spec '" + spec + "': unknown step '" + tokens[0]
                    + "'; known: " + STEPS);
        }
        Map<String, String> raw = new LinkedHashMap<>();
        for (int i = 1; i < tokens.length; i++) {
            String kv = tokens[i].trim();
            int eq = kv.indexOf('=');
            if (eq <= 0 || eq == kv.length() - 1) {
                throw new IllegalArgumentException("transform spec '" + spec + "': setting '" + kv + "' of step '"
                        + name + "' is not key=value");
            }
            String key = kv.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (!keys(name).contains(key)) {
                throw new IllegalArgumentException("transform spec '" + spec + "': unknown setting '" + key
                        + "' of step '" + name + "'; known: " + keys(name));
            }
            if (raw.put(key, kv.substring(eq + 1).trim()) != null) {
                throw new IllegalArgumentException("transform spec '" + spec + "': setting '" + key
                        + "' of step '" + name + "' is given twice");
            }
        }
        Map<String, Range> settings = new LinkedHashMap<>();
        String kernel = "any";
        boolean upscale = false;
        switch (name) {
            case "resize" -> {
                settings.put("long", range(spec, name, "long", required(spec, name, "long", raw), true, 1, 1 << 20));
                if (raw.containsKey("kernel")) {
                    kernel = raw.get("kernel").toLowerCase(Locale.ROOT);
                    if (!KERNELS.contains(kernel)) {
                        throw new IllegalArgumentException("transform spec '" + spec + "': unknown kernel '"
                                + raw.get("kernel") + "'; known: " + KERNELS);
                    }
                }
                if (raw.containsKey("upscale")) {
                    String u = raw.get("upscale").toLowerCase(Locale.ROOT);
                    if (!u.equals("true") && !u.equals("false")) {
                        throw new IllegalArgumentException("transform spec '" + spec + "': upscale must be true or false but was '"
                                + raw.get("upscale") + "'");
                    }
                    upscale = u.equals("true");
                }
            }
            case "jpeg" -> settings.put("q", range(spec, name, "q", required(spec, name, "q", raw), true, 1, 100));
            case "gamma" -> settings.put("g", range(spec, name, "g", required(spec, name, "g", raw), false, 1e-3, 1e3));
            case "jitter" -> {
                for (String k : List.of("brightness", "contrast", "saturation")) {
                    settings.put(k, range(spec, name, k, raw.getOrDefault(k, "1"), false, 0, 1e3));
                }
            }
            case "shift" -> {
                for (String k : List.of("dx", "dy")) {
                    settings.put(k, range(spec, name, k, raw.getOrDefault(k, "0"), true, -(1 << 20), 1 << 20));
                }
            }
            case "crop" -> {
                Range keep = range(spec, name, "keep", required(spec, name, "keep", raw), false, 0, 1);
                if (keep.lo() == 0) {
                    throw new IllegalArgumentException("transform spec '" + spec + "': keep of step 'crop' must be > 0");
                }
                settings.put("keep", keep);
            }
            default -> { } // identity
        }
        return new Step(name, settings, kernel, upscale);
    }

    private static Set<String> keys(String step) {
        return switch (step) {
            case "resize" -> Set.of("long", "kernel", "upscale");
            case "jpeg" -> Set.of("q");
            case "gamma" -> Set.of("g");
            case "jitter" -> Set.of("brightness", "contrast", "saturation");
            case "shift" -> Set.of("dx", "dy");
            case "crop" -> Set.of("keep");
            default -> Set.of();
        };
    }

    private static String required(String spec, String step, String key, Map<String, String> raw) {
        String v = raw.get(key);
        if (v == null) {
            throw new IllegalArgumentException("transform spec '" + spec + "': step '" + step + "' needs " + key + "=...");
        }
        return v;
    }

    private static Range range(String spec, String step, String key, String value, boolean integer, double min, double max) {
        int dots = value.indexOf("..");
        String a = dots < 0 ? value : value.substring(0, dots);
        String b = dots < 0 ? value : value.substring(dots + 2);
        double lo = number(spec, step, key, a.trim(), integer);
        double hi = number(spec, step, key, b.trim(), integer);
        if (lo > hi) {
            throw new IllegalArgumentException("transform spec '" + spec + "': range '" + value + "' of " + step + ":" + key
                    + " is empty (low end above high end)");
        }
        if (lo < min || hi > max) {
            throw new IllegalArgumentException("transform spec '" + spec + "': " + step + ":" + key + "=" + value
                    + " is outside [" + fmt(min, integer) + ", " + fmt(max, integer) + "]");
        }
        return new Range(lo, hi, integer);
    }

    private static String fmt(double v, boolean integer) {
        return integer ? Long.toString((long) v) : Double.toString(v);
    }

    private static double number(String spec, String step, String key, String token, boolean integer) {
        try {
            double v = integer ? Integer.parseInt(token) : Double.parseDouble(token);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("transform spec '" + spec + "': '" + token + "' in " + step + ":" + key
                    + " is not " + (integer ? "an integer" : "a number"), e);
        }
    }

    /**
     * Draws one chain.
     *
     * @param rng the generator; its state advances
     * @return the chain
     */
    public TransformChain sample(RandomGenerator rng) {
        List<DifferentiableTransform> out = new ArrayList<>(steps.size());
        for (Step st : steps) {
            Map<String, Range> p = st.settings();
            switch (st.name()) {
                case "resize" -> {
                    int longSide = (int) p.get("long").draw(rng);
                    String k = st.kernel().equals("any") ? KERNELS.get(rng.nextInt(4)) : st.kernel();
                    out.add(Resize.longSide(longSide, ResizeKernel.byName(k), st.upscale()));
                }
                case "jpeg" -> out.add(Jpeg.quality((int) p.get("q").draw(rng)));
                case "gamma" -> out.add(Gamma.of(p.get("g").draw(rng)));
                case "jitter" -> out.add(ColourJitter.of(p.get("brightness").draw(rng),
                        p.get("contrast").draw(rng), p.get("saturation").draw(rng)));
                case "shift" -> out.add(Shift.of((int) p.get("dx").draw(rng), (int) p.get("dy").draw(rng)));
                case "crop" -> out.add(Crop.fraction(p.get("keep").draw(rng), rng.nextDouble(), rng.nextDouble()));
                default -> { } // identity
            }
        }
        return TransformChain.of(out);
    }

    /**
     * @param seed the seed
     * @param count chains to draw, &gt;= 0
     * @return {@code count} chains drawn from one {@link SplittableRandom} of that seed
     */
    public List<TransformChain> sample(long seed, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("sample count must be >= 0 but was " + count);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<TransformChain> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(sample(rng));
        }
        return out;
    }

    /** @return the spec this distribution was parsed from */
    @Override
    public String toString() {
        return spec;
    }
}
