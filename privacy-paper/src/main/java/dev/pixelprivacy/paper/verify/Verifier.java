package dev.pixelprivacy.paper.verify;

import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.metrics.ImageMetrics;
import dev.pixelprivacy.core.model.Prediction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks protected files the way a platform would see them: the clean photo and the written file both
 * go through the {@link PlatformChain}, each {@link Judge} classifies both, and the written file is
 * measured against the original (PSNR, SSIM, CIEDE2000). Thread-safe if the judges' models are.
 */
public final class Verifier {
    private final PlatformChain chain;
    private final List<Judge> judges;

    private Verifier(PlatformChain chain, List<Judge> judges) {
        this.chain = chain;
        this.judges = judges;
    }

    /**
     * @param chain what the platform does to an upload
     * @param judges the models that judge, none attacked; names unique; may be empty (metrics only)
     * @return the verifier
     * @throws IllegalArgumentException for a null chain or two judges of one name
     */
    public static Verifier of(PlatformChain chain, List<Judge> judges) {
        if (chain == null) {
            throw new IllegalArgumentException("chain must not be null; use PlatformChain.none()");
        }
        Set<String> names = new HashSet<>();
        for (Judge j : judges) {
            if (!names.add(j.name())) {
                throw new IllegalArgumentException("two judges are named '" + j.name() + "'; judge names must be unique");
            }
        }
        return new Verifier(chain, List.copyOf(judges));
    }

    /** @return the chain */
    public PlatformChain chain() {
        return chain;
    }

    /** @return the judges, in order */
    public List<Judge> judges() {
        return judges;
    }

    /**
     * Puts the clean photo through the chain and the judges once, for any number of protected versions.
     *
     * @param original the photo as the user has it, RGB in [0, 1]
     * @return the baseline to verify its protected versions against
     */
    public Baseline baseline(RgbImage original) {
        RgbImage chained = chain.apply(original);
        List<Prediction> before = new ArrayList<>();
        for (Judge j : judges) {
            before.add(predict(j, chained));
        }
        return new Baseline(original, List.copyOf(before));
    }

    /**
     * @param original the photo as the user has it
     * @param written the protected file's decoded pixels, same size
     * @return the verdicts and the metrics
     */
    public Verification verify(RgbImage original, RgbImage written) {
        return baseline(original).verify(written);
    }

    private static Prediction predict(Judge j, RgbImage image) {
        try {
            j.model().requireInputSize(image.width(), image.height());
            return j.model().predict(image);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("judge '" + j.name() + "': " + e.getMessage(), e);
        }
    }

    /** A clean photo after the chain, with every judge's prediction on it. */
    public final class Baseline {
        private final RgbImage original;
        private final List<Prediction> before;

        private Baseline(RgbImage original, List<Prediction> before) {
            this.original = original;
            this.before = before;
        }

        /** @return the clean photo, before the chain */
        public RgbImage original() {
            return original;
        }

        /** @return each judge's prediction on the clean photo after the chain, in judge order */
        public List<Prediction> before() {
            return before;
        }

        /** @return the verifier this baseline belongs to */
        public Verifier verifier() {
            return Verifier.this;
        }

        /**
         * @param written the protected file's decoded pixels, the size of the original
         * @return every judge's verdict after the chain, and the written file's PSNR, SSIM and CIEDE2000
         *     against the original
         * @throws IllegalArgumentException if the sizes differ
         */
        public Verification verify(RgbImage written) {
            original.requireSameSize(written);
            RgbImage chained = chain.apply(written);
            List<JudgeVerdict> verdicts = new ArrayList<>();
            for (int k = 0; k < judges.size(); k++) {
                verdicts.add(new JudgeVerdict(judges.get(k), before.get(k), predict(judges.get(k), chained)));
            }
            double ssim = original.width() >= 11 && original.height() >= 11
                    ? ImageMetrics.ssim(original, written) : Double.NaN;
            return new Verification(chain.spec(), verdicts, ImageMetrics.psnr(original, written), ssim,
                    ImageMetrics.ciede2000(original, written));
        }
    }

    @Override
    public String toString() {
        return "Verifier[chain=" + chain.spec() + ", judges=" + judges.stream().map(Judge::name).toList() + "]";
    }
}
