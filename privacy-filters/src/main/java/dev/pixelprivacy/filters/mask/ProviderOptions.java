package dev.pixelprivacy.filters.mask;

import dev.pixelprivacy.core.mask.MaskOption;
import dev.pixelprivacy.core.mask.MaskOptions;
import dev.pixelprivacy.core.model.SaliencyModel;
import dev.pixelprivacy.filters.EdgeMap;
import dev.pixelprivacy.filters.GaussianBlur;
import dev.pixelprivacy.filters.Parallelism;
import dev.pixelprivacy.filters.saliency.SpectralResidualSaliency;
import java.util.Arrays;
import java.util.Locale;

/**
 * The options the mask providers share, declared and parsed in one place: this module's providers,
 * the reference-code provider of privacy-paper, and a plugin's own provider can all use them.
 */
public final class ProviderOptions {
    /** Edge map blur sigma. */
    public static final MaskOption SIGMA = new MaskOption("sigma", "edge map blur sigma in pixels, > 0", "10");
    /** Edge map blur form. */
    public static final MaskOption BLUR = new MaskOption("blur",
            "edge map blur form: auto, exact or fast (fast differs from exact by <= 0.0225)", "auto");
    /** Threads for the filters. */
    public static final MaskOption THREADS = new MaskOption("threads", "threads for the filters, integer in [1, 256]", "1");
    /** A saliency model object given from code. */
    public static final MaskOption SALIENCY = new MaskOption("saliency",
            "a dev.pixelprivacy.core.model.SaliencyModel object (from code); default: spectral residual", "");
    /** Working size of the default saliency. */
    public static final MaskOption SALIENCY_SIZE = new MaskOption("saliency-size",
            "working size of the default spectral-residual saliency, power of two in [16, 1024]", "64");

    private ProviderOptions() {}

    /**
     * @param o the options
     * @return the edge map their sigma and blur describe
     */
    public static EdgeMap edgeMap(MaskOptions o) {
        double sigma = o.getDouble(SIGMA.name(), EdgeMap.PAPER_SIGMA, 0, 1000, false);
        String blur = o.getString(BLUR.name(), "auto").trim().toUpperCase(Locale.ROOT);
        GaussianBlur.Method method;
        try {
            method = GaussianBlur.Method.valueOf(blur);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mask option blur must be one of "
                    + Arrays.toString(GaussianBlur.Method.values()).toLowerCase(Locale.ROOT) + " but was '"
                    + o.getString(BLUR.name(), "") + "'");
        }
        return EdgeMap.builder().sigma(sigma).method(method).build();
    }

    /**
     * @param o the options
     * @return the shared pool for their thread count ({@link Parallelism#shared})
     */
    public static Parallelism parallelism(MaskOptions o) {
        // Masks cannot be closed: they share one pool per thread count instead of owning one each.
        return Parallelism.shared(integer(o, THREADS.name(), 1, 1, 256));
    }

    /**
     * @param o the options
     * @return the given saliency model, or the spectral residual at the given working size
     */
    public static SaliencyModel saliency(MaskOptions o) {
        SaliencyModel given = o.getObject(SALIENCY.name(), SaliencyModel.class);
        if (given != null) {
            if (o.has(SALIENCY_SIZE.name())) {
                throw new IllegalArgumentException(
                        "mask option saliency-size applies to the default saliency only, not to a given model");
            }
            return given;
        }
        int size = integer(o, SALIENCY_SIZE.name(), SpectralResidualSaliency.DEFAULT_SIZE, 16, 1024);
        return SpectralResidualSaliency.builder().size(size).build();
    }

    private static int integer(MaskOptions o, String name, int dflt, int min, int max) {
        double v = o.getDouble(name, dflt, min, max, true);
        if (v != Math.rint(v)) {
            throw new IllegalArgumentException("mask option " + name + " must be an integer but was " + v);
        }
        return (int) v;
    }
}
