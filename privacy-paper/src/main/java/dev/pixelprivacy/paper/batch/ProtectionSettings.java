package dev.pixelprivacy.paper.batch;

import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.model.ThreatModel;
import dev.pixelprivacy.core.transform.TransformDistribution;
import dev.pixelprivacy.paper.RobustProtection;
import dev.pixelprivacy.paper.verify.PlatformChain;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The protection options of the {@code pixel-privacy protect} tool as one immutable, serialisable
 * value, so every engine (the command line, a Spark job) parses them with the same code
 * ({@link Builder#option(String, String)}) and protects alike.
 *
 * <p>Model locations are kept as text (a local path, or a Hadoop URI such as {@code hdfs:} or
 * {@code s3a:} for a Spark job); {@link Networks} turns them into networks. No threat model means
 * the engine's default (the command line's embedded demonstration model); several are attacked as
 * one equally weighted ensemble. Judges ({@code --judge}, models that were not attacked) and the
 * platform's chain ({@code --after}) ask for every written file to be verified
 * ({@link ImageOutcome#verification()}).
 */
public final class ProtectionSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The option names {@link Builder#option} accepts, as the command line spells them;
     * {@code --quality} is the command line's name of {@code --jpeg-quality}.
     */
    public static final List<String> OPTION_NAMES = List.of("--method", "--steps", "--eps", "--mask",
            "--mask-options", "--tilt-shift", "--coupled", "--lambda", "--size", "--format", "--jpeg-quality",
            "--quality", "--threat-model", "--class-names", "--salgan", "--nima", "--robust", "--eot",
            "--eot-samples", "--seed", "--judge", "--after");

    /** The JPEG quality when none is given: the command line's {@code --quality} default. */
    public static final int DEFAULT_JPEG_QUALITY = 90;

    /** The option names that may be given more than once (each adds a model). */
    public static final List<String> REPEATABLE_NAMES = List.of("--threat-model", "--judge");

    /** The option names that are flags (take no value). */
    public static final List<String> FLAG_NAMES = List.of("--tilt-shift", "--coupled", "--robust");

    /** Transform chains per step with {@code --eot} when none is given. */
    public static final int DEFAULT_EOT_SAMPLES = 4;

    /** How protected images are encoded. */
    public enum OutputFormat {
        /** 8-bit PNG (lossless), with the input's alpha; the command line's output. */
        PNG,
        /** Baseline JPEG at {@link ProtectionSettings#jpegQuality()}; alpha is dropped. */
        JPEG,
        /** JPEG for JPEG inputs, PNG for everything else. */
        SAME;

        /**
         * @param text png, jpeg (or jpg) or same, any case
         * @return the format
         * @throws IllegalArgumentException naming the value and the choices
         */
        public static OutputFormat parse(String text) {
            String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            return switch (t) {
                case "png" -> PNG;
                case "jpeg", "jpg" -> JPEG;
                case "same" -> SAME;
                default -> throw new IllegalArgumentException("--format must be png, jpeg or same but was '" + text + "'");
            };
        }
    }

    private final String method;
    private final boolean robust;
    private final String eot;
    private final int eotSamples;
    private final long seed;
    private final Integer steps;
    private final String eps;
    private final String mask;
    private final String maskOptions;
    private final boolean tiltShift;
    private final boolean coupled;
    private final double lambda;
    private final Integer size;
    private final OutputFormat format;
    private final int jpegQuality;
    private final List<String> threatModels;
    private final String classNames;
    private final String salgan;
    private final String nima;
    private final List<String> judges;
    private final String after;

    private ProtectionSettings(Builder b) {
        this.method = b.method;
        this.robust = b.robust;
        this.eot = b.eot;
        this.eotSamples = b.eotSamples;
        this.seed = b.seed;
        this.steps = b.steps;
        this.eps = b.eps;
        this.mask = b.mask;
        this.maskOptions = b.maskOptions;
        this.tiltShift = b.tiltShift;
        this.coupled = b.coupled;
        this.lambda = b.lambda;
        this.size = b.size;
        this.format = b.format;
        this.jpegQuality = b.jpegQuality;
        this.threatModels = List.copyOf(b.threatModels);
        this.classNames = b.classNames;
        this.salgan = b.salgan;
        this.nima = b.nima;
        this.judges = List.copyOf(b.judges);
        this.after = b.after;
    }

    /** @return a builder holding the command line's defaults (FGSM, 8/255, uniform mask, PNG) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the command line's defaults */
    public static ProtectionSettings defaults() {
        return builder().build();
    }

    /**
     * Parses {@code --eps} as the command line does.
     *
     * @param text N/255 (8-bit levels), a value in [0, 1] (pixel units), or Nn (the paper's
     *     ImageNet-normalised units)
     * @return the budget
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    public static Epsilon parseEpsilon(String text) {
        String t = text == null ? "" : text.trim();
        try {
            if (t.endsWith("/255")) {
                return Epsilon.of255(Double.parseDouble(t.substring(0, t.length() - 4)));
            }
            if (t.endsWith("n")) {
                return Epsilon.imageNetNormalised(Double.parseDouble(t.substring(0, t.length() - 1)));
            }
            return Epsilon.pixels(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--eps must be N/255, a value in [0, 1], or Nn (normalised units) "
                    + "but was '" + text + "'");
        }
    }

    /**
     * Parses {@code --method} as the command line does.
     *
     * @param text an attack name as {@link SignGradientAttack#named} takes it (fgsm, bim, pgd, mi-fgsm,
     *     ni-fgsm, vmi-fgsm, ... with optional di- and ti- prefixes), any case
     * @return the name, stripped and in lower case
     * @throws IllegalArgumentException naming the value and the choices
     */
    public static String parseMethod(String text) {
        try {
            return SignGradientAttack.checkName(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--method: " + e.getMessage(), e);
        }
    }

    /** @return the attack's name ({@link SignGradientAttack#named}); ignored under {@link #robust()} */
    public String method() {
        return method;
    }

    /** @return whether the robust preset ({@link RobustProtection}) protects, whatever the method */
    public boolean robust() {
        return robust;
    }

    /** @return the transform spec every step averages over (expectation over transformation), or null */
    public String eot() {
        return eot;
    }

    /** @return transform chains per step with {@link #eot()} */
    public int eotSamples() {
        return eotSamples;
    }

    /** @return the seed of the attack's random choices and transform draws */
    public long seed() {
        return seed;
    }

    /**
     * @param model the threat model
     * @return the attack these settings describe, before its mask: {@link RobustProtection#fromOptions}
     *     with the method, budget, preset, transforms and seed, and the steps when given
     */
    public SignGradientAttack.Builder attack(ThreatModel model) {
        SignGradientAttack.Builder b = RobustProtection.fromOptions(model, method, epsilon(), robust, eot, eotSamples, seed);
        if (steps != null && !robust) {
            b.steps(steps);
        }
        return b;
    }

    /** @return steps of the iterative methods, or null for the attack's default */
    public Integer steps() {
        return steps;
    }

    /** @return the budget as given, e.g. {@code 8/255} */
    public String eps() {
        return eps;
    }

    /** @return the parsed budget */
    public Epsilon epsilon() {
        return parseEpsilon(eps);
    }

    /** @return the mask's name */
    public String mask() {
        return mask;
    }

    /** @return the mask's options as text ({@code k=v,...}), possibly empty */
    public String maskOptions() {
        return maskOptions;
    }

    /** @return whether the paper's tilt-shift follows the attack */
    public boolean tiltShift() {
        return tiltShift;
    }

    /** @return whether Coupled Optimisation (NIMA's gradient too) is on */
    public boolean coupled() {
        return coupled;
    }

    /** @return the weight of NIMA's gradient under {@link #coupled()} */
    public double lambda() {
        return lambda;
    }

    /** @return the side each image is resized to first, or null to keep its size */
    public Integer size() {
        return size;
    }

    /** @return how outputs are encoded */
    public OutputFormat format() {
        return format;
    }

    /** @return JPEG quality in [1, 100] (IJG scale) when JPEG is written */
    public int jpegQuality() {
        return jpegQuality;
    }

    /** @return where the (first) threat model's ONNX file is, or null for the engine's default */
    public String threatModel() {
        return threatModels.isEmpty() ? null : threatModels.get(0);
    }

    /**
     * @return where every threat model's ONNX file is, in order: empty for the engine's default, one
     *     model, or the members of an equally weighted ensemble
     */
    public List<String> threatModels() {
        return threatModels;
    }

    /** @return where each judge's ONNX file is ({@code --judge}), in order; possibly empty */
    public List<String> judges() {
        return judges;
    }

    /**
     * @return the names the judges are reported by, in {@link #judges()} order: each file's name
     *     ({@link #judgeName}), with {@code #2}, {@code #3}... after a name that came before
     */
    public List<String> judgeNames() {
        return judgeNames(judges);
    }

    /**
     * @param locations judges' locations, in order
     * @return their names as {@link #judgeNames()} gives them
     */
    public static List<String> judgeNames(List<String> locations) {
        List<String> names = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String location : locations) {
            String name = judgeName(location);
            int n = seen.merge(name, 1, Integer::sum);
            names.add(n == 1 ? name : name + "#" + n);
        }
        return names;
    }

    /**
     * How a judge is named in reports: the last part of its location ({@code hdfs://nn/m/a.onnx} gives
     * {@code a.onnx}); a TF.js {@code model.json} keeps its folder's name in front ({@code nsfw/model.json}),
     * since every such model has that file name.
     *
     * @param location a local path, a Hadoop URI or {@code spark-files:NAME}
     * @return the name
     */
    public static String judgeName(String location) {
        String[] parts = location.split("[/\\\\:]+");
        List<String> segments = new ArrayList<>();
        for (String p : parts) {
            if (!p.isEmpty()) {
                segments.add(p);
            }
        }
        if (segments.isEmpty()) {
            return location;
        }
        String last = segments.get(segments.size() - 1);
        return last.equals("model.json") && segments.size() > 1 ? segments.get(segments.size() - 2) + "/" + last : last;
    }

    /** @return the platform's chain as given with {@code --after} (in {@link PlatformChain#spec()} form), or null */
    public String after() {
        return after;
    }

    /**
     * @return what the platform does before the judges classify ({@code --after}); nothing but the rounding
     *     to 8-bit levels without it
     */
    public PlatformChain chain() {
        return after == null ? PlatformChain.none() : PlatformChain.parse(after);
    }

    /** @return whether written files are verified: a judge or a chain was given (as the command line does) */
    public boolean verifies() {
        return !judges.isEmpty() || after != null;
    }

    /** @return where the threat model's class names are, or null */
    public String classNames() {
        return classNames;
    }

    /** @return where a SalGAN-style saliency network is, or null for spectral-residual saliency */
    public String salgan() {
        return salgan;
    }

    /** @return where the NIMA network is, or null */
    public String nima() {
        return nima;
    }

    /**
     * The options as command-line arguments, in {@link #OPTION_NAMES} order; parsing them with
     * {@link Builder#options(List)} gives equal settings.
     *
     * @return the arguments
     */
    public List<String> toArguments() {
        List<String> args = new ArrayList<>();
        args.add("--method");
        args.add(method);
        if (steps != null) {
            args.add("--steps");
            args.add(Integer.toString(steps));
        }
        args.add("--eps");
        args.add(eps);
        args.add("--mask");
        args.add(mask);
        if (!maskOptions.isEmpty()) {
            args.add("--mask-options");
            args.add(maskOptions);
        }
        if (tiltShift) {
            args.add("--tilt-shift");
        }
        if (coupled) {
            args.add("--coupled");
        }
        args.add("--lambda");
        args.add(Double.toString(lambda));
        if (size != null) {
            args.add("--size");
            args.add(Integer.toString(size));
        }
        args.add("--format");
        args.add(format.name().toLowerCase(Locale.ROOT));
        args.add("--jpeg-quality");
        args.add(Integer.toString(jpegQuality));
        for (String m : threatModels) {
            args.add("--threat-model");
            args.add(m);
        }
        addIfSet(args, "--class-names", classNames);
        addIfSet(args, "--salgan", salgan);
        addIfSet(args, "--nima", nima);
        // Added after run manifests were first written: only when set, so earlier keys stay valid.
        if (robust) {
            args.add("--robust");
        }
        addIfSet(args, "--eot", eot);
        if (eot != null && eotSamples != DEFAULT_EOT_SAMPLES) {
            args.add("--eot-samples");
            args.add(Integer.toString(eotSamples));
        }
        if (seed != 0) {
            args.add("--seed");
            args.add(Long.toString(seed));
        }
        for (String j : judges) {
            args.add("--judge");
            args.add(j);
        }
        addIfSet(args, "--after", after);
        return args;
    }

    private static void addIfSet(List<String> args, String name, String value) {
        if (value != null) {
            args.add(name);
            args.add(value);
        }
    }

    /**
     * A key that changes whenever the output would: the SHA-256 of {@link #toArguments()}, in hex.
     * A rerun skips an input whose content hash already has a committed result under this key.
     *
     * @return 64 hex digits
     */
    public String key() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(String.join("\u0000", toArguments())
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProtectionSettings s && s.toArguments().equals(toArguments());
    }

    @Override
    public int hashCode() {
        return toArguments().hashCode();
    }

    @Override
    public String toString() {
        return "ProtectionSettings[method=" + method + (robust ? ", robust" : "")
                + (eot == null ? "" : ", eot=" + eot + ", eotSamples=" + eotSamples) + ", seed=" + seed + ", steps=" + (steps == null ? "default" : steps) + ", eps=" + eps
                + ", mask=" + mask + ", maskOptions=" + maskOptions + ", tiltShift=" + tiltShift + ", coupled=" + coupled
                + ", lambda=" + lambda + ", size=" + (size == null ? "keep" : size) + ", format=" + format
                + ", jpegQuality=" + jpegQuality + ", threatModel=" + (threatModels.isEmpty() ? "default"
                : String.join("+", threatModels)) + ", classNames=" + classNames + ", salgan=" + salgan + ", nima=" + nima
                + (verifies() ? ", judges=" + judges + ", after=" + (after == null ? "none" : after) : "") + "]";
    }

    /** Collects and validates the options; {@link #build()} checks them once. */
    public static final class Builder {
        private String method = "fgsm";
        private boolean robust;
        private String eot;
        private int eotSamples = DEFAULT_EOT_SAMPLES;
        private long seed;
        private Integer steps;
        private String eps = "8/255";
        private String mask = "uniform";
        private String maskOptions = "";
        private boolean tiltShift;
        private boolean coupled;
        private double lambda = 1;
        private Integer size;
        private OutputFormat format = OutputFormat.PNG;
        private int jpegQuality = DEFAULT_JPEG_QUALITY;
        private final List<String> threatModels = new ArrayList<>();
        private String classNames;
        private String salgan;
        private String nima;
        private final List<String> judges = new ArrayList<>();
        private String after;

        private Builder() {
        }

        /**
         * Sets one option by its command-line name.
         *
         * @param name one of {@link #OPTION_NAMES}
         * @param value its value as typed; for a flag ({@link #FLAG_NAMES}) null or "true" sets it, "false" clears it;
         *     a repeatable option ({@link #REPEATABLE_NAMES}) adds its value to those given before
         * @return this
         * @throws IllegalArgumentException for an unknown name (the known ones are listed) or a bad value
         */
        public Builder option(String name, String value) {
            switch (Objects.requireNonNull(name, "name")) {
                case "--method" -> method = parseMethod(value);
                case "--steps" -> steps(parseInt(name, value));
                case "--eps" -> eps(value);
                case "--mask" -> mask(value);
                case "--mask-options" -> maskOptions(value);
                case "--tilt-shift" -> tiltShift = parseFlag(name, value);
                case "--coupled" -> coupled = parseFlag(name, value);
                case "--lambda" -> lambda(parseDouble(name, value));
                case "--size" -> size(parseInt(name, value));
                case "--format" -> format = OutputFormat.parse(value);
                case "--jpeg-quality", "--quality" -> jpegQuality(parseInt(name, value));
                case "--threat-model" -> threatModels.add(requireText(name, value));
                case "--class-names" -> classNames = requireText(name, value);
                case "--salgan" -> salgan = requireText(name, value);
                case "--nima" -> nima = requireText(name, value);
                case "--robust" -> robust = parseFlag(name, value);
                case "--eot" -> eot(value);
                case "--eot-samples" -> eotSamples(parseInt(name, value));
                case "--seed" -> seed = parseLong(name, value);
                case "--judge" -> judges.add(requireText(name, value));
                case "--after" -> after(value);
                default -> throw new IllegalArgumentException("unknown protection option '" + name + "'; the options are "
                        + OPTION_NAMES);
            }
            return this;
        }

        /**
         * Parses a list of command-line arguments that holds only protection options, as
         * {@link ProtectionSettings#toArguments()} writes them: {@code --name value} or
         * {@code --name=value}, flags alone.
         *
         * @param args the arguments
         * @return this
         * @throws IllegalArgumentException naming the first bad argument
         */
        public Builder options(List<String> args) {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                int eq = a.indexOf('=');
                String name = eq > 0 ? a.substring(0, eq) : a;
                if (eq > 0) {
                    option(name, a.substring(eq + 1));
                } else if (FLAG_NAMES.contains(name)) {
                    option(name, null);
                } else if (i + 1 < args.size() && OPTION_NAMES.contains(name)) {
                    option(name, args.get(++i));
                } else if (OPTION_NAMES.contains(name)) {
                    throw new IllegalArgumentException("option " + name + " needs a value");
                } else {
                    option(name, null); // throws naming the known options
                }
            }
            return this;
        }

        /** @param method an attack name ({@link SignGradientAttack#named}) @return this */
        public Builder method(String method) {
            this.method = parseMethod(method);
            return this;
        }

        /** @param on protect with the robust preset ({@link RobustProtection}) @return this */
        public Builder robust(boolean on) {
            this.robust = on;
            return this;
        }

        /** @param spec a transform spec ({@link TransformDistribution}), checked at once, or null @return this */
        public Builder eot(String spec) {
            if (spec != null) {
                TransformDistribution.parse(spec);
            }
            this.eot = spec == null ? null : spec.trim();
            return this;
        }

        /** @param samples transform chains per step, &gt;= 1 @return this */
        public Builder eotSamples(int samples) {
            if (samples < 1) {
                throw new IllegalArgumentException("--eot-samples must be >= 1 but was " + samples);
            }
            this.eotSamples = samples;
            return this;
        }

        /** @param seed the seed of the attack's random choices and transform draws @return this */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @param steps steps of the iterative methods, > 0, or null for the default @return this */
        public Builder steps(Integer steps) {
            if (steps != null && steps <= 0) {
                throw new IllegalArgumentException("--steps must be > 0 but was " + steps);
            }
            this.steps = steps;
            return this;
        }

        /** @param eps the budget as the command line takes it (checked at once) @return this */
        public Builder eps(String eps) {
            parseEpsilon(eps);
            this.eps = eps.trim();
            return this;
        }

        /** @param mask a mask name @return this */
        public Builder mask(String mask) {
            this.mask = requireText("--mask", mask);
            return this;
        }

        /** @param options the mask's options as text, {@code k=v,...} @return this */
        public Builder maskOptions(String options) {
            this.maskOptions = options == null ? "" : options.trim();
            return this;
        }

        /** @param on tilt-shift after the attack @return this */
        public Builder tiltShift(boolean on) {
            this.tiltShift = on;
            return this;
        }

        /** @param on Coupled Optimisation (needs a NIMA network) @return this */
        public Builder coupled(boolean on) {
            this.coupled = on;
            return this;
        }

        /** @param lambda the weight of NIMA's gradient, finite @return this */
        public Builder lambda(double lambda) {
            if (!Double.isFinite(lambda)) {
                throw new IllegalArgumentException("--lambda must be finite but was " + lambda);
            }
            this.lambda = lambda;
            return this;
        }

        /** @param size resize to size x size first, > 0, or null to keep the size @return this */
        public Builder size(Integer size) {
            if (size != null && size <= 0) {
                throw new IllegalArgumentException("--size must be > 0 but was " + size);
            }
            this.size = size;
            return this;
        }

        /** @param format how outputs are encoded @return this */
        public Builder format(OutputFormat format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /** @param quality JPEG quality in [1, 100] @return this */
        public Builder jpegQuality(int quality) {
            if (quality < 1 || quality > 100) {
                throw new IllegalArgumentException("--quality (--jpeg-quality) must be in [1, 100] but was " + quality);
            }
            this.jpegQuality = quality;
            return this;
        }

        /**
         * @param location the threat model's ONNX file (replacing any given before), or null for the engine's
         *     default
         * @return this
         */
        public Builder threatModel(String location) {
            return threatModels(location == null ? List.of() : List.of(location));
        }

        /**
         * @param locations the threat models' ONNX files (replacing any given before): none for the engine's
         *     default, several for an equally weighted ensemble
         * @return this
         */
        public Builder threatModels(List<String> locations) {
            replace(threatModels, "--threat-model", locations);
            return this;
        }

        /**
         * @param locations the judges' ONNX files (replacing any given before), models that were not attacked
         * @return this
         */
        public Builder judges(List<String> locations) {
            replace(judges, "--judge", locations);
            return this;
        }

        /** Replaces a repeatable option's values, each checked, or none if one is bad. */
        private static void replace(List<String> values, String name, List<String> locations) {
            List<String> checked = new ArrayList<>();
            for (String l : locations) {
                checked.add(requireText(name, l));
            }
            values.clear();
            values.addAll(checked);
        }

        /**
         * @param spec the platform's chain ({@link PlatformChain#parse}, e.g. {@code resize:1080,jpeg:75}),
         *     checked at once and kept in its {@link PlatformChain#spec()} form, or null for none
         * @return this
         * @throws IllegalArgumentException naming {@code --after}, the spec and the step that cannot be read
         */
        public Builder after(String spec) {
            if (spec == null) {
                this.after = null;
                return this;
            }
            try {
                this.after = PlatformChain.parse(spec).spec();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--after: " + e.getMessage(), e);
            }
            return this;
        }

        /** @param location class names, one per line, or null @return this */
        public Builder classNames(String location) {
            this.classNames = location;
            return this;
        }

        /** @param location a SalGAN-style ONNX network, or null @return this */
        public Builder salgan(String location) {
            this.salgan = location;
            return this;
        }

        /** @param location a NIMA ONNX network, or null @return this */
        public Builder nima(String location) {
            this.nima = location;
            return this;
        }

        /**
         * @return the settings
         * @throws IllegalArgumentException if {@code --coupled} lacks {@code --nima}, {@code --robust} comes
         *     with {@code --eot}, {@code --coupled} or a budget above 8/255
         */
        public ProtectionSettings build() {
            if (coupled && nima == null) {
                throw new IllegalArgumentException("--coupled needs --nima");
            }
            RobustProtection.checkOptions(robust, eot, eotSamples);
            if (coupled && (robust || eot != null)) {
                throw new IllegalArgumentException("--coupled climbs the plain threat loss plus NIMA's score; leave out "
                        + (robust ? "--robust" : "--eot"));
            }
            if (robust && parseEpsilon(eps).max() > RobustProtection.MAX_EPS.max() + 1e-7) {
                throw new IllegalArgumentException("--robust takes at most --eps 8/255 but was " + eps);
            }
            return new ProtectionSettings(this);
        }

        private static int parseInt(String name, String value) {
            try {
                return Integer.parseInt(requireText(name, value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be an integer but was '" + value + "'");
            }
        }

        private static long parseLong(String name, String value) {
            try {
                return Long.parseLong(requireText(name, value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be an integer but was '" + value + "'");
            }
        }

        private static double parseDouble(String name, String value) {
            try {
                return Double.parseDouble(requireText(name, value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number but was '" + value + "'");
            }
        }

        private static boolean parseFlag(String name, String value) {
            if (value == null || value.equalsIgnoreCase("true")) {
                return true;
            }
            if (value.equalsIgnoreCase("false")) {
                return false;
            }
            throw new IllegalArgumentException(name + " is a flag (true or false) but was '" + value + "'");
        }

        private static String requireText(String name, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return value.trim();
        }
    }
}
