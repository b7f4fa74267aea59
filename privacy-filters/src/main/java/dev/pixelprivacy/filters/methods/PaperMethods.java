package dev.pixelprivacy.filters.methods;

import dev.pixelprivacy.core.attack.AttackObjective;
import dev.pixelprivacy.core.attack.CoupledObjective;
import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.ReferenceCodeFgsm;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.eval.Evaluation;
import dev.pixelprivacy.core.image.ImageFilter;
import dev.pixelprivacy.core.mask.PerturbationMask;
import dev.pixelprivacy.core.model.AestheticScorer;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.DifferentiableAestheticScorer;
import dev.pixelprivacy.core.model.SaliencyModel;
import dev.pixelprivacy.core.model.ThreatModel;
import dev.pixelprivacy.core.protect.ImageProtection;
import dev.pixelprivacy.core.protect.OutputEncoding;
import dev.pixelprivacy.core.protect.Protector;
import dev.pixelprivacy.filters.EdgeMap;
import dev.pixelprivacy.filters.Parallelism;
import dev.pixelprivacy.filters.Resize;
import dev.pixelprivacy.filters.SaliencyTiltShift;
import dev.pixelprivacy.filters.mask.SalientDefenceMask;
import dev.pixelprivacy.filters.saliency.SpectralResidualSaliency;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The paper's methods, configured once: FGSM, Salient Defence, Salient Defence + tilt-shift and Coupled
 * Optimisation, as the library computes them (METHOD.md) or, with {@link Builder#compatibility}, as
 * the authors' reference code did. Build one, then ask for a method at a budget, or for the paper's
 * evaluation grid.
 *
 * <pre>{@code
 * PaperMethods paper = PaperMethods.builder(threatModel)
 *         .saliency(salgan).aesthetics(nima).build();
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
    private final SignGradientAttack.Method method;
    private final Integer steps;
    private final boolean protocolResize;
    private final OutputEncoding encoding;
    private final boolean compatibility;
    private final Parallelism parallelism;

    private PaperMethods(Builder b) {
        this.model = b.model;
        this.saliency = b.saliency != null ? b.saliency : SpectralResidualSaliency.standard();
        this.aesthetics = b.aesthetics;
        this.lambda = b.lambda;
        this.method = b.method;
        this.steps = b.steps;
        this.protocolResize = b.protocolResize;
        this.encoding = b.encoding != null ? b.encoding
                : (b.compatibility ? OutputEncoding.jpeg(SUBMISSION_JPEG_QUALITY) : OutputEncoding.PNG_8BIT);
        this.compatibility = b.compatibility;
        this.parallelism = b.parallelism;
    }

    /**
     * @param threatModel the classifier to mislead
     * @return a builder: intended method, FGSM, spectral-residual saliency, 256x256 protocol, 8-bit PNG
     */
    public static Builder builder(ThreatModel threatModel) {
        return new Builder(threatModel);
    }

    /**
     * @param m a method
     * @param eps the budget; in compatibility mode it must be in ImageNet-normalised units
     *     ({@link Epsilon#imageNetNormalised})
     * @return the protection
     */
    public ImageProtection protection(PaperMethod m, Epsilon eps) {
        if (m == PaperMethod.COUPLED_OPTIMISATION && aesthetics == null) {
            throw new IllegalArgumentException("Coupled Optimisation needs a differentiable aesthetic scorer: set aesthetics(...)");
        }
        return compatibility ? reference(m, eps) : intended(m, eps);
    }

    /**
     * @param m a method
     * @return the protection for any budget
     */
    public Function<Epsilon, ImageProtection> factory(PaperMethod m) {
        return eps -> protection(m, eps);
    }

    /**
     * The paper's evaluation: each photo resized to the protocol size (unless full resolution was
     * chosen), only those the threat model gets right kept, every method at every budget, accuracy and
     * aesthetic score before and after on the images as written.
     *
     * @param methods the methods (rows of Table 1)
     * @param budgets the budgets (the paper's 0.01 and 0.05 normalised, and a sweep for Figure 2)
     * @param scorer the aesthetic scorer for the score columns (NIMA), or null
     * @return the evaluation, ready to run over a labelled set
     */
    public Evaluation evaluation(List<PaperMethod> methods, List<Epsilon> budgets, AestheticScorer scorer) {
        Evaluation.Builder b = Evaluation.builder(model).epsilons(budgets).scorer(scorer).encoding(encoding.name(),
                encoding::apply);
        if (protocolResize) {
            b.preprocess(Resize.toSize(PROTOCOL_SIZE, PROTOCOL_SIZE));
        }
        for (PaperMethod m : methods) {
            b.method(m.title(), factory(m));
        }
        return b.build();
    }

    private ImageProtection intended(PaperMethod m, Epsilon eps) {
        Protector.Builder p = Protector.builder(model).method(method).epsilon(eps).encoding(encoding);
        if (steps != null) {
            p.steps(steps);
        }
        if (protocolResize) {
            p.preprocess(Resize.toSize(PROTOCOL_SIZE, PROTOCOL_SIZE));
        }
        switch (m) {
            case FGSM -> { }
            case SALIENT_DEFENCE -> p.mask(salientDefenceMask());
            case SALIENT_DEFENCE_TILT_SHIFT -> p.mask(salientDefenceMask())
                    .postFilter(SaliencyTiltShift.builder().build().postFilter(saliency, parallelism));
            case COUPLED_OPTIMISATION -> p.coupled(aesthetics, lambda, CoupledObjective.Normalisation.UNIT_L2);
            default -> throw new IllegalStateException("unknown method " + m);
        }
        return p.build();
    }

    private PerturbationMask salientDefenceMask() {
        return SalientDefenceMask.salientDefence(EdgeMap.paper(), saliency, parallelism);
    }

    private ImageProtection reference(PaperMethod m, Epsilon eps) {
        if (method != SignGradientAttack.Method.FGSM) {
            throw new IllegalArgumentException("the reference code ran FGSM only, not " + method);
        }
        double epsNormalised = eps.channel(0) / Epsilon.IMAGENET_STD[0];
        for (int c = 1; c < 3; c++) {
            double e = eps.channel(c) / Epsilon.IMAGENET_STD[c];
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
                mask = SalientDefenceMask.reference(saliency, parallelism);
                a.mask(mask);
            }
            case COUPLED_OPTIMISATION -> {
                CoupledObjective co = CoupledObjective.referenceCode(
                        AttackObjective.threatLoss(model, ClassifierLoss.NEGATIVE_TRUE_LOGIT), aesthetics, lambda,
                        Epsilon.IMAGENET_STD);
                a.objective(co.toString(), co);
            }
            default -> throw new IllegalStateException("unknown method " + m);
        }
        ImageProtection pipeline = new ReferenceCodePipeline(model, a.build(), mask,
                m == PaperMethod.SALIENT_DEFENCE_TILT_SHIFT, encoding);
        if (!protocolResize) {
            return pipeline;
        }
        ImageFilter resize = Resize.toSize(PROTOCOL_SIZE, PROTOCOL_SIZE);
        return (image, label) -> pipeline.protect(resize.apply(image), label);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "PaperMethods[compatibility=%s, attack=%s%s, saliency=%s, aesthetics=%s, "
                        + "lambda=%s, protocolResize=%s, encoding=%s, parallelism=%s]", compatibility, method,
                steps == null ? "" : " x " + steps, saliency, aesthetics == null ? "none" : aesthetics, lambda,
                protocolResize ? PROTOCOL_SIZE + "x" + PROTOCOL_SIZE : "full resolution", encoding, parallelism);
    }

    /** Configures {@link PaperMethods}. */
    public static final class Builder {
        private final ThreatModel model;
        private SaliencyModel saliency;
        private DifferentiableAestheticScorer aesthetics;
        private double lambda = 1.0;
        private SignGradientAttack.Method method = SignGradientAttack.Method.FGSM;
        private Integer steps;
        private boolean protocolResize = true;
        private OutputEncoding encoding;
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
         *     default). In compatibility mode, give the network the reference code's input (the
         *     normalised tensor times 255)
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
         * @param method FGSM as in the paper, or an iterative attack (beyond the paper; intended mode only)
         * @param steps iterations, or null for the method's default
         * @return this
         */
        public Builder attack(SignGradientAttack.Method method, Integer steps) {
            this.method = method;
            this.steps = steps;
            return this;
        }

        /**
         * @param fullResolution protect photos at their own size instead of the task's 256x256
         * @return this
         */
        public Builder fullResolution(boolean fullResolution) {
            this.protocolResize = !fullResolution;
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
            if (method == null) {
                throw new IllegalArgumentException("attack method must not be null");
            }
            if (!Double.isFinite(lambda)) {
                throw new IllegalArgumentException("lambda must be finite but was " + lambda);
            }
            if (parallelism == null) {
                throw new IllegalArgumentException("parallelism must not be null");
            }
            if (compatibility && method != SignGradientAttack.Method.FGSM) {
                throw new IllegalArgumentException("the reference code ran FGSM only, not " + method);
            }
            return new PaperMethods(this);
        }
    }
}
