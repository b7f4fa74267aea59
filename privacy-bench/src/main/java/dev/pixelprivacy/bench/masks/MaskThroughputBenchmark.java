package dev.pixelprivacy.bench.masks;

import dev.pixelprivacy.bench.filters.BenchImages;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.mask.MaskOption;
import dev.pixelprivacy.core.mask.MaskOptions;
import dev.pixelprivacy.core.mask.MaskProvider;
import dev.pixelprivacy.core.mask.MaskRegistry;
import dev.pixelprivacy.core.mask.PerturbationMask;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One mask computed by each provider {@link MaskRegistry#load()} finds, with its default options, on a
 * seeded photo-like image ({@link BenchImages}), ms per mask; the report divides the pixel count by
 * this time to give megapixels per second. The thread count goes to the provider's {@code threads}
 * option; a provider without that option runs on the calling thread whatever {@link #threads} says
 * (the report marks those rows). {@code MaskThroughputBenchmarkTest} checks that {@link #provider}'s
 * values are exactly the registry's names, so a new provider cannot be left out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MaskThroughputBenchmark {
    /** The option through which providers take a thread count. */
    public static final String THREADS_OPTION = "threads";

    /** A provider name, as {@code pixel-privacy list} shows it. */
    @Param({"edges", "inverse-saliency", "salient-defence", "salient-defence-reference", "uniform"})
    public String provider;

    /** Image size, {@code WIDTHxHEIGHT} in pixels. */
    @Param({"256x256", "4000x3000"})
    public String size;

    /** Threads given to the provider's {@code threads} option, &gt;= 1. */
    @Param({"1", "2"})
    public int threads;

    private RgbImage image;
    private PerturbationMask mask;

    /** Builds the mask through the registry and the image; not measured. */
    @Setup(Level.Trial)
    public void setUp() {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
        }
        int[] wh = BenchImages.size(size);
        MaskRegistry registry = MaskRegistry.load();
        MaskProvider p = registry.provider(provider);
        MaskOptions options = takesThreads(p) ? MaskOptions.of(Map.of(THREADS_OPTION, threads)) : MaskOptions.none();
        mask = registry.create(provider, options);
        image = BenchImages.image(wh[0], wh[1], 13);
    }

    /**
     * @param p a provider
     * @return whether it declares the {@code threads} option
     */
    public static boolean takesThreads(MaskProvider p) {
        return p.options().stream().map(MaskOption::name).anyMatch(THREADS_OPTION::equals);
    }

    /** @return the mask of the image, values in [0, 1] */
    @Benchmark
    public Mask compute() {
        return mask.compute(image);
    }
}
