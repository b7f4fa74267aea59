package dev.pixelprivacy.paper.verify;

import com.twelvemonkeys.image.ResampleOp;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.ImageConversions;
import dev.pixelprivacy.core.io.ImageFiles;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a platform does to an uploaded photo, as a list of real operations applied in order: every step
 * works on 8-bit images, as a platform's pipeline does, through maintained implementations (no
 * differentiable surrogate). Written as a spec of comma-separated steps:
 * <ul>
 *   <li>{@code resize:N} or {@code resize:N:KERNEL}: shrink so the long side is N pixels (aspect ratio
 *       kept, the short side rounded, at least 1), through TwelveMonkeys' {@code ResampleOp} with a
 *       {@link ResizeKernel} (default {@code lanczos}); a photo whose long side is at most N is left
 *       as it is, since platforms do not enlarge uploads;</li>
 *   <li>{@code jpeg:Q}: encode as a baseline JPEG of quality Q in [1, 100] with the JDK's ImageIO
 *       writer (4:2:0 chroma) and decode it ({@link ImageFiles#jpegRoundTrip});</li>
 *   <li>{@code none}: the identity, alone.</li>
 * </ul>
 * For example {@code resize:1080,jpeg:75}. Immutable and thread-safe.
 */
public final class PlatformChain {
    /** Largest long side a resize step takes, the tool's largest image side. */
    public static final int MAX_SIDE = 10000;

    /** One operation of the chain. */
    public sealed interface Step permits Resize, Jpeg {
        /**
         * @param image RGB in [0, 1]
         * @return the image after the operation, on 8-bit levels
         */
        RgbImage apply(RgbImage image);

        /** @return the step as written in a spec */
        String spec();
    }

    /**
     * Shrinks to a long side.
     *
     * @param longSide the long side in pixels, in [1, {@link #MAX_SIDE}]
     * @param kernel the resampling filter
     */
    public record Resize(int longSide, ResizeKernel kernel) implements Step {
        /** Checks the values. */
        public Resize {
            if (longSide < 1 || longSide > MAX_SIDE) {
                throw new IllegalArgumentException("resize long side must be in [1, " + MAX_SIDE + "] but was "
                        + longSide);
            }
            if (kernel == null) {
                throw new IllegalArgumentException("resize kernel must not be null");
            }
        }

        @Override
        public RgbImage apply(RgbImage image) {
            if (Math.max(image.width(), image.height()) <= longSide) {
                return image.quantised8Bit();
            }
            int[] size = outputSize(image.width(), image.height());
            BufferedImage src = ImageConversions.toBufferedImage(image);
            BufferedImage out = new ResampleOp(size[0], size[1], kernel.resampleFilter()).filter(src, null);
            return ImageConversions.toRgbImage(out);
        }

        /**
         * @param w a width
         * @param h a height
         * @return {width, height} this step gives an image of that size
         */
        public int[] outputSize(int w, int h) {
            int longest = Math.max(w, h);
            if (longest <= longSide) {
                return new int[] {w, h};
            }
            double f = (double) longSide / longest;
            return new int[] {w >= h ? longSide : Math.max(1, (int) Math.round(w * f)),
                h > w ? longSide : Math.max(1, (int) Math.round(h * f))};
        }

        @Override
        public String spec() {
            return "resize:" + longSide + ":" + kernel.token();
        }
    }

    /**
     * A JPEG re-encoding.
     *
     * @param quality in [1, 100] on the IJG scale
     */
    public record Jpeg(int quality) implements Step {
        /** Checks the quality. */
        public Jpeg {
            if (quality < 1 || quality > 100) {
                throw new IllegalArgumentException("jpeg quality must be in [1, 100] but was " + quality);
            }
        }

        @Override
        public RgbImage apply(RgbImage image) {
            return ImageFiles.jpegRoundTrip(image, quality);
        }

        @Override
        public String spec() {
            return "jpeg:" + quality;
        }
    }

    private static final PlatformChain NONE = new PlatformChain(List.of());

    private final List<Step> steps;

    private PlatformChain(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /** @return the chain that changes nothing but the rounding to 8-bit levels */
    public static PlatformChain none() {
        return NONE;
    }

    /**
     * @param steps the operations, in order
     * @return the chain
     */
    public static PlatformChain of(List<? extends Step> steps) {
        if (steps == null || steps.isEmpty()) {
            return NONE;
        }
        for (Step s : steps) {
            if (s == null) {
                throw new IllegalArgumentException("a chain step must not be null: " + steps);
            }
        }
        return new PlatformChain(new ArrayList<>(steps));
    }

    /**
     * @param spec steps separated by commas, e.g. {@code resize:1080,jpeg:75}, or {@code none}
     * @return the chain
     * @throws IllegalArgumentException naming the step that cannot be read and why
     */
    public static PlatformChain parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("a chain spec must not be empty; write steps such as "
                    + "'resize:1080,jpeg:75', or 'none'");
        }
        if (spec.strip().equals("none")) {
            return NONE;
        }
        List<Step> steps = new ArrayList<>();
        for (String raw : spec.split(",", -1)) {
            String token = raw.strip();
            try {
                steps.add(step(token));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("chain '" + spec + "', step '" + token + "': " + e.getMessage(), e);
            }
        }
        return new PlatformChain(steps);
    }

    private static Step step(String token) {
        if (token.isEmpty()) {
            throw new IllegalArgumentException("empty step (two commas, or a comma at an end)");
        }
        String[] parts = token.split(":", -1);
        switch (parts[0]) {
            case "resize" -> {
                if (parts.length < 2 || parts.length > 3) {
                    throw new IllegalArgumentException("resize takes 'resize:LONG_SIDE' or 'resize:LONG_SIDE:KERNEL'");
                }
                return new Resize(integer(parts[1], "resize long side"),
                        parts.length == 3 ? ResizeKernel.parse(parts[2]) : ResizeKernel.LANCZOS);
            }
            case "jpeg" -> {
                if (parts.length != 2) {
                    throw new IllegalArgumentException("jpeg takes 'jpeg:QUALITY'");
                }
                return new Jpeg(integer(parts[1], "jpeg quality"));
            }
            case "none" -> throw new IllegalArgumentException("'none' stands alone, not among other steps");
            default -> throw new IllegalArgumentException("unknown operation '" + parts[0]
                    + "'; known: resize:LONG_SIDE[:KERNEL], jpeg:QUALITY");
        }
    }

    private static int integer(String text, String what) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number but was '" + text + "'", e);
        }
    }

    /** @return the operations, in order */
    public List<Step> steps() {
        return steps;
    }

    /** @return whether the chain does nothing but round to 8-bit levels */
    public boolean isNone() {
        return steps.isEmpty();
    }

    /**
     * @param image RGB in [0, 1]
     * @return the image after every step, on 8-bit levels (rounded first when the chain is empty)
     */
    public RgbImage apply(RgbImage image) {
        RgbImage x = image;
        for (Step s : steps) {
            x = s.apply(x);
        }
        return steps.isEmpty() ? x.quantised8Bit() : x;
    }

    /** @return the chain as a spec that {@link #parse} reads back, kernels spelled out */
    public String spec() {
        return steps.isEmpty() ? "none" : steps.stream().map(Step::spec).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlatformChain c && c.steps.equals(steps);
    }

    @Override
    public int hashCode() {
        return steps.hashCode();
    }

    @Override
    public String toString() {
        return "PlatformChain[" + spec() + "]";
    }
}
