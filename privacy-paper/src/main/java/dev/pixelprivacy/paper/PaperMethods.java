package dev.pixelprivacy.paper;

import dev.pixelprivacy.core.attack.AttackObjective;
import dev.pixelprivacy.core.attack.CoupledObjective;
import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.eval.Evaluation;
import dev.pixelprivacy.core.image.ImageFilter;
import dev.pixelprivacy.core.mask.PerturbationMask;
import dev.pixelprivacy.core.model.AestheticScorer;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.DifferentiableAestheticScorer;
import dev.pixelprivacy.core.model.ImageNetStatistics;
import dev.pixelprivacy.core.model.SaliencyModel;
import dev.pixelprivacy.core.model.ThreatModel;
import dev.pixelprivacy.core.protect.ImageProtection;
import dev.pixelprivacy.core.protect.OutputEncoding;
import dev.pixelprivacy.core.protect.PostFilter;
import dev.pixelprivacy.core.protect.Protector;
import dev.pixelprivacy.dl4j.model.OnnxThreatModel;
import dev.pixelprivacy.dl4j.model.Preprocessing;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.filters.EdgeMap;
import dev.pixelprivacy.filters.Parallelism;
import dev.pixelprivacy.filters.Resize;
import dev.pixelprivacy.filters.SaliencyTiltShift;
import dev.pixelprivacy.filters.mask.SalientDefenceMask;
import dev.pixelprivacy.filters.saliency.SpectralResidualSaliency;
import dev.pixelprivacy.paper.reference.ReferenceCodeFgsm;
import dev.pixelprivacy.paper.reference.ReferenceCodePipeline;
import dev.pixelprivacy.paper.reference.ReferenceCoupling;
import dev.pixelprivacy.paper.reference.ReferenceSalientDefenceMask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The paper's methods, configured once: FGSM, Salient Defence, Salient Defence + tilt-shift and Coupled
 * Optimisation, as the library computes them (METHOD.md) or, with {@link Builder#compatibility}, as
 * the authors' reference code did ({@link dev.pixelprivacy.paper.reference}). Build one, then ask for a
 * method at a budget, or for the paper's evaluation grid. Photos are protected at their own size
 * unless {@link Builder#taskProtocol} asks for the task's 256x256
 * (or {@link Builder#preprocess} for another resize).
 *
 * <p>Protecting one photo with Salient Defence:
 *
 * <pre>{@code
 * PaperMethods paper = PaperMethods.onnx(Path.of("resnet50-places365.onnx")).build();
 * ImageProtection salientDefence = paper.protection(PaperMethod.SALIENT_DEFENCE, Epsilon.of255(8));
 * ProtectionResult r = salientDefence.protect(ImageFiles.read(photo));
 * ImageFiles.writePng(r.output(), Path.of("protected.png"), photo);
 * }</pre>
 *
 * <p>The paper's grid:
 *
 * <pre>{@code
 * PaperMethods paper = PaperMethods.builder(threatModel).saliency(salgan).aesthetics(nima)
 *         .taskProtocol(true).build();
 * EvaluationReport report = paper.evaluation(List.of(PaperMethod.values()),
 *         List.of(Epsilon.imageNetNormalised(0.01), Epsilon.imageNetNormalised(0.05)), nima).run(images);
 * }</pre>
 */
public final class PaperMethods {
    /** The task's protocol size: photos were downsampled to 256x256 before protection. */
    public static final int PROTOCOL_SIZE = 256;
    /** The JPEG quality of the task's submissions. */
    public static final int SUBMISSION_JPEG_QUALITY = 75;

    private final ThreatModel model;
    private final SaliencyModel saliency;
    private final DifferentiableAestheticScorer aesthetics;
    private final double lambda;
    private final SignGradientAttack attack;
    private final ImageFilter preprocess;
    private final OutputEncoding encoding;
    private final boolean robustToEncoding;
    private final boolean compatibility;
    private final Parallelism parallelism;

    private PaperMethods(Builder b) {
        this.model = b.model;
        this.saliency = b.saliency != null ? b.saliency : SpectralResidualSaliency.standard();
        this.aesthetics = b.aesthetics;
        this.lambda = b.lambda;
        this.attack = b.attack;
        this.preprocess = b.preprocess;
        this.encoding = b.encoding != null ? b.encoding
                : (b.compatibility ? OutputEncoding.jpeg(SUBMISSION_JPEG_QUALITY) : OutputEncoding.PNG_8BIT);
        this.robustToEncoding = b.robustToEncoding;
        this.compatibility = b.compatibility;
        this.parallelism = b.parallelism;
    }

    /**
     * @param threatModel the classifier to mislead
     * @return a builder: intended method, FGSM, spectral-residual saliency, each photo at its own size,
     *     8-bit PNG
     */
    public static Builder builder(ThreatModel threatModel) {
        return new Builder(threatModel);
    }

    /**
     * The common case in one call: a classifier exported to ONNX that takes 256x256 RGB with ImageNet
     * mean and standard deviation (a torchvision ResNet-50 Places365, say), as the threat model.
     *
     * @param threatModel the ONNX file
     * @return a builder over it, as {@link #builder(ThreatModel)}
     * @throws IOException if the file cannot be read
     */
    public static Builder onnx(Path threatModel) throws IOException {
        if (threatModel == null) {
            throw new IllegalArgumentException("threat model path must not be null");
        }
        return builder(new OnnxThreatModel(OnnxModel.load(threatModel), Preprocessing.imagenet256()));
    }

    /**
     * @param m a method
     * @param eps the budget; in compatibility mode it must be in ImageNet-normalised units
     *     ({@link Epsilon#imageNetNormalised})
     * @return the protection
     */
    public ImageProtection protection(PaperMethod m, Epsilon eps) {
        if (m == null || eps == null) {
            throw new IllegalArgumentException("method and budget must not be null");
        }
        if (m == PaperMethod.COUPLED_OPTIMISATION && aesthetics == null) {
            throw new IllegalArgumentException("Coupled Optimisation needs a differentiable aesthetic scorer: set aesthetics(...)");
        }
        if (compatibility) {
            return reference(m, eps);
        }
        return switch (m) {
            case FGSM -> protector(eps, null, false, false);
            case SALIENT_DEFENCE -> protector(eps, salientDefenceMask(), false, false);
            case SALIENT_DEFENCE_TILT_SHIFT -> protector(eps, salientDefenceMask(), true, false);
            case COUPLED_OPTIMISATION -> protector(eps, null, false, true);
        };
    }

    /**
     * The intended method's parts combined freely, beyond the paper's four rows: any mask (the Salient
     * Defence map, a plugin's, or none), the saliency-guided tilt-shift, and the aesthetic coupling,
     * with this object's attack, saliency, protocol and encoding. {@link #protection} is this with the
     * paper's combinations.
     *
     * @param eps the budget
     * @param mask where, and how strongly, pixels may change, or null for everywhere
     * @param tiltShift apply the saliency-guided tilt-shift after the attack
     * @param coupled climb the aesthetic score too (needs {@link Builder#aesthetics})
     * @return the protector
     */
    public Protector protector(Epsilon eps, PerturbationMask mask, boolean tiltShift, boolean coupled) {
        if (compatibility) {
            throw new IllegalArgumentException("compatibility mode reproduces the paper's four methods only: "
                    + "use protection(method, eps)");
        }
        if (coupled && aesthetics == null) {
            throw new IllegalArgumentException("coupling needs a differentiable aesthetic scorer: set aesthetics(...)");
        }
        if (coupled && !attack.objectiveName().startsWith("threat-loss(")) {
            throw new IllegalArgumentException("Coupled Optimisation climbs the threat loss plus the aesthetic score, "
                    + "but the attack template climbs " + attack.objectiveName() + " (leave out --eot and --robust)");
        }
        SignGradientAttack.Builder a = attack.toBuilder().epsilon(eps).mask(mask)
                .robustTo8Bit(encoding.isEightBitRounding() && !tiltShift);
        if (robustToEncoding && !tiltShift && encoding != OutputEncoding.FLOAT && !encoding.isEightBitRounding()) {
            a.robustTo8Bit(true).verifiedThrough(encoding.name(), encoding::apply);
        }
        if (coupled) {
            CoupledObjective co = CoupledObjective.of(AttackObjective.threatLoss(model, attack.loss()), aesthetics,
                    lambda, CoupledObjective.Normalisation.UNIT_L2);
            a.objective(co.toString(), co);
        }
        Protector.Builder p = Protector.builder(a.build()).encoding(encoding);
        if (preprocess != null) {
            p.preprocess(preprocess);
        }
        if (tiltShift) {
            p.postFilter(tiltShift());
        }
        return p.build();
    }

    /**
     * @param m a method
     * @return the protection for any budget
     */
    public Function<Epsilon, ImageProtection> factory(PaperMethod m) {
        return eps -> protection(m, eps);
    }

    /**
     * The paper's evaluation: each photo resized to the protocol size (with {@link Builder#taskProtocol}),
     * only those the threat model gets right kept, every method at every budget, accuracy and aesthetic
     * score before and after on the images as written.
     *
     * @param methods the methods (rows of Table 1)
     * @param budgets the budgets (the paper's 0.01 and 0.05 normalised, and a sweep for Figure 2)
     * @param scorer the aesthetic scorer for the score columns (NIMA), or null
     * @return the evaluation, ready to run over a labelled set
     */
    public Evaluation evaluation(List<PaperMethod> methods, List<Epsilon> budgets, AestheticScorer scorer) {
        Evaluation.Builder b = Evaluation.builder(model).epsilons(budgets).scorer(scorer).encoding(encoding.name(),
                encoding::apply);
        if (preprocess != null) {
            b.preprocess(preprocess);
        }
        for (PaperMethod m : methods) {
            b.method(m.title(), factory(m));
        }
        return b.build();
    }

    /** @return the Salient Defence map of the intended method, with this object's saliency model */
    public PerturbationMask salientDefenceMask() {
        return SalientDefenceMask.salientDefence(EdgeMap.paper(), saliency, parallelism);
    }

    /** @return the saliency-guided tilt-shift of the intended method, with this object's saliency model */
    public PostFilter tiltShift() {
        return SaliencyTiltShift.builder().build().postFilter(saliency, parallelism);
    }

    /** @return the threat model */
    public ThreatModel threatModel() {
        return model;
    }

    private ImageProtection reference(PaperMethod m, Epsilon eps) {
        double epsNormalised = eps.channel(0) / ImageNetStatistics.std(0);
        for (int c = 1; c < 3; c++) {
            double e = eps.channel(c) / ImageNetStatistics.std(c);
            if (Math.abs(e - epsNormalised) > 1e-6 * Math.max(1, epsNormalised)) {
                throw new IllegalArgumentException("compatibility mode needs eps in ImageNet-normalised units "
                        + "(0.01n on the command line, Epsilon.imageNetNormalised in code) but got " + eps);
            }
        }
        ReferenceCodeFgsm.Builder a = ReferenceCodeFgsm.builder(model).epsilon(epsNormalised);
        PerturbationMask mask = null;
        switch (m) {
            case FGSM -> { }
            case SALIENT_DEFENCE, SALIENT_DEFENCE_TILT_SHIFT -> {
                mask = ReferenceSalientDefenceMask.of(saliency, parallelism);
                a.mask(mask);
            }
            case COUPLED_OPTIMISATION -> {
                ReferenceCoupling co = ReferenceCoupling.of(
                        AttackObjective.threatLoss(model, ClassifierLoss.NEGATIVE_TRUE_LOGIT), aesthetics, lambda,
                        ImageNetStatistics.stds());
                a.objective(co.toString(), co);
            }
        }
        return new ReferenceCodePipeline(model, a.build(), mask, m == PaperMethod.SALIENT_DEFENCE_TILT_SHIFT, encoding,
                preprocess);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "PaperMethods[compatibility=%s, attack=%s, saliency=%s, aesthetics=%s, "
                        + "lambda=%s, preprocess=%s, encoding=%s%s, parallelism=%s]", compatibility, attack, saliency,
                aesthetics == null ? "none" : aesthetics, lambda,
                preprocess == null ? "none (each photo at its own size)" : preprocess.describe(), encoding,
                robustToEncoding ? " (judged after it)" : "", parallelism);
    }

    /** Configures {@link PaperMethods}. */
    public static final class Builder {
        private final ThreatModel model;
        private SaliencyModel saliency;
        private DifferentiableAestheticScorer aesthetics;
        private double lambda = 1.0;
        private SignGradientAttack attack;
        private ImageFilter preprocess;
        private OutputEncoding encoding;
        private boolean robustToEncoding;
        private boolean compatibility;
        private Parallelism parallelism = Parallelism.sequential();

        private Builder(ThreatModel model) {
            if (model == null) {
                throw new IllegalArgumentException("threat model must not be null");
            }
            this.model = model;
        }

        /**
         * @param saliency where people look (a SalGAN network; the weight-free spectral residual by
         *     default). In compatibility mode, give the network the reference code's input
         *     ({@link dev.pixelprivacy.paper.reference.ReferenceCodeModels#salganInput})
         * @return this
         */
        public Builder saliency(SaliencyModel saliency) {
            this.saliency = saliency;
            return this;
        }

        /**
         * @param scorer the aesthetic term of Coupled Optimisation: NIMA's mean score (intended), or in
         *     compatibility mode the reference code's EMD to its all-ones target
         * @return this
         */
        public Builder aesthetics(DifferentiableAestheticScorer scorer) {
            this.aesthetics = scorer;
            return this;
        }

        /**
         * @param lambda weight of the aesthetic term (1; in compatibility mode +1 reproduces the
         *     submitted runs, -1 the later commit)
         * @return this
         */
        public Builder lambda(double lambda) {
            this.lambda = lambda;
            return this;
        }

        /**
         * The attack every method runs, configured in its own builder: method, steps, step size, loss,
         * momentum, random start, seed, stop-on-success. Each method takes it with the budget it is asked
         * for, its own mask (Salient Defence) or objective (Coupled Optimisation), and 8-bit robustness on
         * when the output is 8-bit PNG without tilt-shift; so the template itself must have no mask, and its
         * own budget is not used. Its objective (e.g. expectation over transformation,
         * {@link RobustProtection#expectationOver}) is kept, except by Coupled Optimisation, which refuses a
         * template that does not climb the plain threat loss. FGSM against the threat model by default; the
         * reference code (compatibility mode) ran FGSM only.
         *
         * @param template a configured attack against this builder's threat model
         * @return this
         */
        public Builder attack(SignGradientAttack template) {
            this.attack = template;
            return this;
        }

        /**
         * @param on resize every photo to the task's 256x256 first (the MediaEval protocol), instead of
         *     protecting it at its own size; the same as {@code preprocess(Resize.toSize(256, 256))}, or
         *     {@code preprocess(null)} when off
         * @return this
         */
        public Builder taskProtocol(boolean on) {
            this.preprocess = on ? Resize.toSize(PROTOCOL_SIZE, PROTOCOL_SIZE) : null;
            return this;
        }

        /**
         * @param filter applied to every photo before anything else (a resize to the size a workflow
         *     wants, say), or null to protect each photo as it is (the default)
         * @return this
         */
        public Builder preprocess(ImageFilter filter) {
            this.preprocess = filter;
            return this;
        }

        /**
         * @param encoding the output form (8-bit PNG by default; JPEG 75 in compatibility mode)
         * @return this
         */
        public Builder encoding(OutputEncoding encoding) {
            this.encoding = encoding;
            return this;
        }

        /**
         * @param on for a lossy encoding (JPEG): round each attack's result to 8-bit levels within the
         *     budget and judge every candidate after the encoding, so iterative methods keep going until
         *     the encoded image fools the model ({@link SignGradientAttack.Builder#verifiedThrough}); no
         *     effect with tilt-shift or for the float and 8-bit PNG encodings (8-bit rounding is always
         *     held up to). Off by default, as the paper's grid ran
         * @return this
         */
        public Builder robustToEncoding(boolean on) {
            this.robustToEncoding = on;
            return this;
        }

        /**
         * @param on reproduce the authors' reference code (METHOD.md, last section) instead of the
         *     intended method
         * @return this
         */
        public Builder compatibility(boolean on) {
            this.compatibility = on;
            return this;
        }

        /**
         * @param par threads for the filters
         * @return this
         */
        public Builder parallelism(Parallelism par) {
            this.parallelism = par;
            return this;
        }

        /**
         * @return the configured methods
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public PaperMethods build() {
            if (!Double.isFinite(lambda)) {
                throw new IllegalArgumentException("lambda must be finite but was " + lambda);
            }
            if (parallelism == null) {
                throw new IllegalArgumentException("parallelism must not be null");
            }
            if (attack == null) {
                attack = SignGradientAttack.fgsm(model, Epsilon.pixels(0));
            }
            if (attack.threatModel() != model) {
                throw new IllegalArgumentException("the attack template targets " + attack.threatModel()
                        + ", not this builder's threat model " + model);
            }
            if (attack.mask() != null) {
                throw new IllegalArgumentException("the attack template must have no mask (the method decides it) "
                        + "but has " + attack.mask());
            }
            if (compatibility && attack.method() != SignGradientAttack.Method.FGSM) {
                throw new IllegalArgumentException("the reference code ran FGSM only, not " + attack.method());
            }
            return new PaperMethods(this);
        }
    }
}
