package dev.pixelprivacy.core.eval;

import dev.pixelprivacy.core.attack.Attack;
import dev.pixelprivacy.core.attack.AttackGoal;
import dev.pixelprivacy.core.attack.AttackResult;
import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.image.ImageFilter;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.metrics.ImageMetrics;
import dev.pixelprivacy.core.model.AestheticScorer;
import dev.pixelprivacy.core.model.Prediction;
import dev.pixelprivacy.core.model.ThreatModel;
import dev.pixelprivacy.core.protect.ImageProtection;
import dev.pixelprivacy.core.protect.ProtectionResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Runs a list of methods (bare attacks, or whole {@link ImageProtection}s with their post-filters)
 * over a labelled set for a list of budgets, as the MediaEval task did: each image is first brought
 * to the protocol size (optional {@link Builder#preprocess}), only images the threat model then
 * classifies correctly are counted (so clean accuracy is 1), and every measure is taken both on the
 * float output and on the image as it would be written (8-bit PNG rounding by default for bare
 * attacks; a protection applies its own encoding). Distances are measured against the preprocessed
 * clean image. Images are loaded one at a time; an image that cannot be loaded is reported in
 * {@link EvaluationReport#failures()} and the run goes on.
 */
public final class Evaluation {
    private final ThreatModel model;
    private final Map<String, Function<Epsilon, ImageProtection>> attacks;
    private final List<Epsilon> epsilons;
    private final AestheticScorer scorer;
    private final String encodingName;
    private final UnaryOperator<RgbImage> encoding;
    private final boolean onlyCleanCorrect;
    private final ImageFilter preprocess;

    private Evaluation(Builder b) {
        this.model = b.model;
        this.attacks = new LinkedHashMap<>();
        UnaryOperator<RgbImage> enc = b.encoding;
        ThreatModel m = b.model;
        b.attacks.forEach((name, factory) -> attacks.put(name, factory instanceof AttackFactory af
                ? eps -> wrap(af.forEpsilon().apply(eps), enc, m) : factory));
        this.epsilons = List.copyOf(b.epsilons);
        this.scorer = b.scorer;
        this.encodingName = b.encodingName;
        this.encoding = b.encoding;
        this.onlyCleanCorrect = b.onlyCleanCorrect;
        this.preprocess = b.preprocess;
    }

    /** A bare attack to be wrapped with the evaluation's encoding when it is built. */
    private record AttackFactory(Function<Epsilon, Attack> forEpsilon) implements Function<Epsilon, ImageProtection> {
        @Override
        public ImageProtection apply(Epsilon eps) {
            throw new IllegalStateException("wrapped when the evaluation is built");
        }
    }

    private static ImageProtection wrap(Attack attack, UnaryOperator<RgbImage> encoding, ThreatModel model) {
        return new ImageProtection() {
            @Override
            public ProtectionResult protect(RgbImage image, int label) {
                AttackResult r = attack.attack(image, AttackGoal.untargeted(label));
                RgbImage written = encoding.apply(r.image());
                Prediction after = written.equals(r.image()) ? r.after() : model.predict(written);
                return new ProtectionResult(image, r.image(), written, null, r.before(), after, label, r);
            }

            @Override
            public ProtectionResult protect(RgbImage image) {
                return protect(image, model.predict(image).label());
            }

            @Override
            public String toString() {
                return attack.toString();
            }
        };
    }

    /**
     * @param model the threat model whose accuracy is measured
     * @return a builder
     */
    public static Builder builder(ThreatModel model) {
        return new Builder(model);
    }

    /**
     * @param images the labelled set; each is loaded once
     * @return per-image rows, aggregates and failures
     */
    public EvaluationReport run(Iterable<? extends LabelledImage> images) {
        return run(images, (done, id) -> { });
    }

    /** Told after each image, and of each protection's result. */
    @FunctionalInterface
    public interface Progress {
        /**
         * @param imagesDone images handled so far, including skipped and failed ones
         * @param imageId the one just handled
         */
        void imageDone(int imagesDone, String imageId);

        /**
         * Told of every protection made, before its row is recorded, so a caller can check the written
         * image further (after a platform's chain, by other models). The default does nothing. An
         * exception thrown here is the image's failure, as one of the method's would be.
         *
         * @param imageId the image
         * @param method the method's name in the evaluation
         * @param eps the budget
         * @param result the protection of the preprocessed clean image ({@link ProtectionResult#input()})
         */
        default void resultDone(String imageId, String method, Epsilon eps, ProtectionResult result) {}
    }

    /**
     * @param images the labelled set
     * @param progress told after each image
     * @return per-image rows, aggregates and failures
     */
    public EvaluationReport run(Iterable<? extends LabelledImage> images, Progress progress) {
        List<EvaluationRow> rows = new ArrayList<>();
        List<ImageFailure> failures = new ArrayList<>();
        List<String> misclassified = new ArrayList<>();
        // Every method is built for every budget before any image: a configuration error (a budget in
        // units a method cannot take, say) ends the run at once instead of failing each image.
        Map<String, List<ImageProtection>> built = new LinkedHashMap<>();
        for (Map.Entry<String, Function<Epsilon, ImageProtection>> a : attacks.entrySet()) {
            List<ImageProtection> perBudget = new ArrayList<>();
            for (Epsilon eps : epsilons) {
                perBudget.add(a.getValue().apply(eps));
            }
            built.put(a.getKey(), perBudget);
        }
        int seen = 0;
        for (LabelledImage item : images) {
            seen++;
            RgbImage clean;
            try {
                clean = item.load();
                if (preprocess != null) {
                    clean = preprocess.apply(clean);
                }
                if (item.label() >= model.classCount()) {
                    throw new IllegalArgumentException("label " + item.label() + " is not a class of a model with "
                            + model.classCount() + " classes");
                }
                model.requireInputSize(clean.width(), clean.height());
            } catch (IOException | RuntimeException e) {
                failures.add(new ImageFailure(item.id(), reason(e)));
                progress.imageDone(seen, item.id());
                continue;
            }
            // A failure of the model or the methods on one image (out of memory included) is that
            // image's failure: its rows are dropped and the rest of the set still runs.
            List<EvaluationRow> imageRows = new ArrayList<>();
            try {
                Prediction cleanPrediction = model.predict(clean);
                if (onlyCleanCorrect && cleanPrediction.label() != item.label()) {
                    misclassified.add(item.id());
                    progress.imageDone(seen, item.id());
                    continue;
                }
                double scoreBefore = scorer == null ? Double.NaN : scorer.score(clean);
                for (Map.Entry<String, List<ImageProtection>> a : built.entrySet()) {
                    for (int k = 0; k < epsilons.size(); k++) {
                        Epsilon eps = epsilons.get(k);
                        ProtectionResult r = a.getValue().get(k).protect(clean, item.label());
                        progress.resultDone(item.id(), a.getKey(), eps, r);
                        Prediction floatPrediction;
                        if (r.floatOutput().equals(r.output())) {
                            floatPrediction = r.after();
                        } else if (r.attack() != null && r.floatOutput() == r.attack().image()) {
                            floatPrediction = r.attack().after();
                        } else {
                            floatPrediction = model.predict(r.floatOutput());
                        }
                        imageRows.add(new EvaluationRow(a.getKey(), eps.label(), eps.max(), item.id(), item.label(),
                                scoreBefore, measure(clean, r.floatOutput(), floatPrediction, item.label()),
                                measure(clean, r.output(), r.after(), item.label())));
                    }
                }
            } catch (RuntimeException | OutOfMemoryError e) {
                imageRows = null;
                failures.add(new ImageFailure(item.id(), reason(e)));
            }
            if (imageRows != null) {
                rows.addAll(imageRows);
            }
            progress.imageDone(seen, item.id());
        }
        return new EvaluationReport(rows, summarise(rows), failures, misclassified, seen, toString());
    }

    /** A reason a reader can act on: the message, with what a bare file-system exception means. */
    static String reason(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return "file " + n.getFile() + " does not exist";
        }
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return "file " + a.getFile() + " cannot be read: permission denied";
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + "); give the JVM more heap (-Xmx) or resize the image";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }

    private Measurement measure(RgbImage clean, RgbImage adv, Prediction p, int label) {
        double score = scorer == null ? Double.NaN : scorer.score(adv);
        double ssim = clean.width() >= 11 && clean.height() >= 11 ? ImageMetrics.ssim(clean, adv) : Double.NaN;
        return new Measurement(p.label(), p.label() == label, score, ImageMetrics.psnr(clean, adv), ssim,
                ImageMetrics.linf255(clean, adv), ImageMetrics.l2(clean, adv), ImageMetrics.ciede2000(clean, adv).mean());
    }

    private List<EvaluationSummary> summarise(List<EvaluationRow> rows) {
        List<EvaluationSummary> out = new ArrayList<>();
        for (String attack : attacks.keySet()) {
            for (Epsilon eps : epsilons) {
                List<EvaluationRow> group = new ArrayList<>();
                for (EvaluationRow r : rows) {
                    if (r.attack().equals(attack) && r.epsilon().equals(eps.label())) {
                        group.add(r);
                    }
                }
                out.add(summary(attack, eps, group));
            }
        }
        return out;
    }

    private static EvaluationSummary summary(String attack, Epsilon eps, List<EvaluationRow> g) {
        int n = g.size();
        double acc = 0;
        double accF = 0;
        double before = 0;
        double after = 0;
        double psnr = 0;
        int psnrN = 0;
        double ssim = 0;
        double linf = 0;
        double maxLinf = 0;
        double ciede = 0;
        for (EvaluationRow r : g) {
            ciede += r.written().ciede2000();
            acc += r.written().correct() ? 1 : 0;
            accF += r.floating().correct() ? 1 : 0;
            before += r.scoreBefore();
            after += r.written().score();
            if (Double.isFinite(r.written().psnr())) {
                psnr += r.written().psnr();
                psnrN++;
            }
            ssim += r.written().ssim();
            linf += r.written().linf255();
            maxLinf = Math.max(maxLinf, r.written().linf255());
        }
        double nan = Double.NaN;
        return new EvaluationSummary(attack, eps.label(), eps.max(), n, n == 0 ? nan : acc / n, n == 0 ? nan : accF / n,
                n == 0 ? nan : before / n, n == 0 ? nan : after / n, psnrN == 0 ? nan : psnr / psnrN,
                n == 0 ? nan : ssim / n, n == 0 ? nan : linf / n, n == 0 ? nan : maxLinf, n == 0 ? nan : ciede / n);
    }

    @Override
    public String toString() {
        List<String> eps = new ArrayList<>();
        for (Epsilon e : epsilons) {
            eps.add(e.label());
        }
        return "Evaluation[attacks=" + attacks.keySet() + ", epsilons=" + eps + ", scorer="
                + (scorer == null ? "none" : scorer.getClass().getSimpleName()) + ", encoding=" + encodingName
                + ", onlyCleanCorrect=" + onlyCleanCorrect + ", preprocess="
                + (preprocess == null ? "none" : preprocess.describe()) + "]";
    }

    /** Configures an {@link Evaluation}. */
    public static final class Builder {
        private final ThreatModel model;
        private final Map<String, Function<Epsilon, ImageProtection>> attacks = new LinkedHashMap<>();
        private final List<Epsilon> epsilons = new ArrayList<>();
        private AestheticScorer scorer;
        private String encodingName = "png-8bit";
        private UnaryOperator<RgbImage> encoding = RgbImage::quantised8Bit;
        private boolean onlyCleanCorrect = true;
        private ImageFilter preprocess;

        private Builder(ThreatModel model) {
            if (model == null) {
                throw new IllegalArgumentException("threat model must not be null");
            }
            this.model = model;
        }

        /**
         * @param name the attack's name in reports, unique
         * @param forEpsilon makes the attack for a budget
         * @return this
         */
        public Builder attack(String name, Function<Epsilon, Attack> forEpsilon) {
            if (forEpsilon == null) {
                throw new IllegalArgumentException("an attack needs a name and a factory, got '" + name + "'");
            }
            return method(name, new AttackFactory(forEpsilon));
        }

        /**
         * A whole protection method (mask, attack, post-filter, encoding), made for each budget.
         *
         * @param name the method's name in reports, unique
         * @param forEpsilon makes the protection for a budget
         * @return this
         */
        public Builder method(String name, Function<Epsilon, ImageProtection> forEpsilon) {
            if (name == null || name.isBlank() || forEpsilon == null) {
                throw new IllegalArgumentException("a method needs a name and a factory, got '" + name + "'");
            }
            if (attacks.putIfAbsent(name, forEpsilon) != null) {
                throw new IllegalArgumentException("method name '" + name + "' is used twice");
            }
            return this;
        }

        /**
         * @param preprocess applied to every image when loaded, before the clean check (the task's
         *     resize to 256x256, say)
         * @return this
         */
        public Builder preprocess(ImageFilter preprocess) {
            this.preprocess = preprocess;
            return this;
        }

        /**

         * @param eps the budgets, in order

         * @return this

         */
        public Builder epsilons(List<Epsilon> eps) {
            epsilons.addAll(eps);
            return this;
        }

        /**

         * @param scorer aesthetic scorer for before/after scores (optional)

         * @return this

         */
        public Builder scorer(AestheticScorer scorer) {
            this.scorer = scorer;
            return this;
        }

        /**
         * How outputs are written, as a function that returns the image a reader of the file would
         * see; default 8-bit PNG rounding.
         *
         * @param name for reports, e.g. {@code jpeg-75}
         * @param encoding encodes and decodes an image
         * @return this
         */
        public Builder encoding(String name, UnaryOperator<RgbImage> encoding) {
            this.encodingName = name;
            this.encoding = encoding;
            return this;
        }

        /**

         * @param only count only images the model gets right when clean (default true)

         * @return this

         */
        public Builder onlyCleanCorrect(boolean only) {
            this.onlyCleanCorrect = only;
            return this;
        }

        /**

         * @return the evaluation

         * @throws IllegalArgumentException without attacks or budgets

         */
        public Evaluation build() {
            if (attacks.isEmpty()) {
                throw new IllegalArgumentException("an evaluation needs at least one attack or method");
            }
            if (epsilons.isEmpty()) {
                throw new IllegalArgumentException("an evaluation needs at least one epsilon");
            }
            if (encoding == null || encodingName == null) {
                throw new IllegalArgumentException("encoding must not be null");
            }
            return new Evaluation(this);
        }
    }
}
