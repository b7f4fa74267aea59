package dev.pixelprivacy.paper.batch;

import dev.pixelprivacy.core.PixelPrivacyException;
import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.ImageFilter;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.DecodedImage;
import dev.pixelprivacy.core.io.ImageFiles;
import dev.pixelprivacy.core.mask.MaskOptions;
import dev.pixelprivacy.core.mask.MaskRegistry;
import dev.pixelprivacy.core.mask.PerturbationMask;
import dev.pixelprivacy.core.metrics.ImageMetrics;
import dev.pixelprivacy.core.model.Prediction;
import dev.pixelprivacy.core.protect.ProtectionResult;
import dev.pixelprivacy.core.protect.Protector;
import dev.pixelprivacy.filters.Resize;
import dev.pixelprivacy.paper.PaperMethods;
import dev.pixelprivacy.paper.batch.ProtectionSettings.OutputFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * The per-image work of every engine, with no engine in it: images in (name and bytes), outcomes
 * out (the protected file's bytes, predictions, metrics, or the reason it failed), lazily and in
 * input order. Consecutive images of one size (after {@code --size}) share one gradient call per
 * attack step, up to {@code maxBatch} of them.
 *
 * <p>Images are decoded and encoded exactly as {@code pixel-privacy protect} does (upright, sRGB,
 * alpha kept and resized alike; 8-bit PNG or JPEG), so a one-image batch writes the bytes the tool
 * writes. A file that cannot be read, or an image the model refuses, becomes a
 * {@link ImageOutcome.Status#FAILED} outcome naming the input and the reason; it never stops the
 * rest. Not thread-safe: one processor, with its own {@link Networks}, per thread.
 */
public final class ImageBatchProcessor implements AutoCloseable {
    /** The default largest batch: enough to amortise a gradient call, small enough for large photos. */
    public static final int DEFAULT_MAX_BATCH = 8;

    private final ProtectionSettings settings;
    private final Networks networks;
    private final int maxBatch;
    private final Protector protector;
    private final ImageFilter resize;
    private Path scratch;
    private long counter;

    /**
     * Builds the protection through {@link PaperMethods#protector} as the command line does.
     *
     * @param settings the protection options
     * @param networks this thread's networks
     * @param maxBatch the most images in one gradient call, >= 1 (1: one image at a time, as the tool)
     * @throws IllegalArgumentException for a bad option (an unknown mask names the known ones;
     *     {@code --coupled} without NIMA)
     */
    public ImageBatchProcessor(ProtectionSettings settings, Networks networks, int maxBatch) {
        if (settings == null || networks == null) {
            throw new IllegalArgumentException("settings and networks must not be null");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1 but was " + maxBatch);
        }
        this.settings = settings;
        this.networks = networks;
        this.maxBatch = maxBatch;
        this.resize = settings.size() == null ? null : Resize.toSize(settings.size(), settings.size());
        this.protector = protector(settings, networks);
    }

    private static Protector protector(ProtectionSettings s, Networks n) {
        Epsilon budget = s.epsilon();
        SignGradientAttack.Builder attack = SignGradientAttack.builder(n.threatModel()).method(s.method())
                .epsilon(budget);
        if (s.steps() != null) {
            attack.steps(s.steps());
        }
        // The resize (--size) is applied here, before batching by size, not as the protector's preprocess.
        PaperMethods.Builder paper = PaperMethods.builder(n.threatModel()).saliency(n.saliency())
                .attack(attack.build()).lambda(s.lambda());
        if (s.coupled()) {
            if (n.nima() == null) {
                throw new IllegalArgumentException("--coupled needs --nima");
            }
            paper.aesthetics(n.nima());
        }
        return paper.build().protector(budget, mask(s, n), s.tiltShift(), s.coupled());
    }

    private static PerturbationMask mask(ProtectionSettings s, Networks n) {
        MaskRegistry registry = MaskRegistry.load();
        MaskOptions parsed = MaskOptions.parse(s.maskOptions());
        if (n.saliencyNetwork()
                && registry.provider(s.mask()).options().stream().anyMatch(o -> o.name().equals("saliency"))) {
            parsed = parsed.with("saliency", n.saliency());
        }
        return registry.create(s.mask(), parsed);
    }

    /** @return the protection as built from the settings */
    public Protector protector() {
        return protector;
    }

    /** @return the settings */
    public ProtectionSettings settings() {
        return settings;
    }

    /**
     * Protects images lazily: each {@code next()} consumes inputs only as far as the next batch.
     *
     * @param inputs images in any order
     * @return one outcome per input, in input order
     */
    public Iterator<ImageOutcome> process(Iterator<ImageInput> inputs) {
        return new Outcomes(inputs);
    }

    /**
     * @param inputs images
     * @return one outcome per input, in order
     */
    public List<ImageOutcome> processAll(List<ImageInput> inputs) {
        List<ImageOutcome> out = new ArrayList<>(inputs.size());
        process(inputs.iterator()).forEachRemaining(out::add);
        return out;
    }

    /** Deletes the scratch files. */
    @Override
    public void close() {
        if (scratch != null) {
            try (Stream<Path> s = Files.walk(scratch)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the scratch folder " + scratch, e);
            }
            scratch = null;
        }
    }

    /** One input on its way: decoded, or failed already. */
    private static final class Slot {
        final ImageInput input;
        final String hash;
        final String format;
        RgbImage rgb;
        Mask alpha;
        ImageOutcome outcome;

        Slot(ImageInput input, String hash, String format) {
            this.input = input;
            this.hash = hash;
            this.format = format;
        }
    }

    private final class Outcomes implements Iterator<ImageOutcome> {
        private final Iterator<ImageInput> inputs;
        private final ArrayDeque<ImageOutcome> ready = new ArrayDeque<>();
        private Slot carry;

        Outcomes(Iterator<ImageInput> inputs) {
            this.inputs = inputs;
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && (carry != null || inputs.hasNext())) {
                fill();
            }
            return !ready.isEmpty();
        }

        @Override
        public ImageOutcome next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        /** Gathers one batch: consecutive images of one size (failures ride along in order). */
        private void fill() {
            List<Slot> group = new ArrayList<>();
            int images = 0;
            int w = -1;
            int h = -1;
            while (images < maxBatch && (carry != null || inputs.hasNext())) {
                Slot s = carry != null ? carry : decode(inputs.next());
                carry = null;
                if (s.rgb != null) {
                    if (images > 0 && (s.rgb.width() != w || s.rgb.height() != h)) {
                        carry = s;
                        break;
                    }
                    w = s.rgb.width();
                    h = s.rgb.height();
                    images++;
                }
                group.add(s);
            }
            protect(group);
            for (Slot s : group) {
                ready.add(s.outcome);
            }
        }
    }

    private Slot decode(ImageInput in) {
        if (in.readError() != null) {
            Slot s = new Slot(in, "", formatOf(in.name()));
            s.outcome = ImageOutcome.failed(in.name(), "", in.readError().contains(in.name()) ? in.readError()
                    : in.name() + ": " + in.readError());
            return s;
        }
        Slot s = new Slot(in, sha256(in.content()), formatOf(in.name()));
        Path file = null;
        try {
            file = scratchFile(extension(in.name()));
            Files.write(file, in.content());
            DecodedImage decoded = ImageFiles.decode(file); // upright, sRGB, alpha kept apart
            RgbImage rgb = decoded.rgb();
            Mask alpha = decoded.alpha().orElse(null);
            if (resize != null) {
                rgb = resize.apply(rgb);
                alpha = alpha == null ? null : Resize.mask(alpha, rgb.width(), rgb.height());
            }
            s.rgb = rgb;
            s.alpha = alpha;
        } catch (IOException | IllegalArgumentException | PixelPrivacyException e) {
            s.outcome = ImageOutcome.failed(in.name(), s.hash, reason(e, file, in.name()));
        } finally {
            deleteQuietly(file);
        }
        return s;
    }

    private void protect(List<Slot> group) {
        List<Slot> todo = group.stream().filter(s -> s.outcome == null).toList();
        if (todo.isEmpty()) {
            return;
        }
        if (todo.size() > 1) {
            try {
                List<RgbImage> images = todo.stream().map(s -> s.rgb).toList();
                Prediction[] clean = networks.threatModel().predict(ImageBatch.of(images));
                int[] labels = new int[clean.length];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = clean[i].label();
                }
                List<ProtectionResult> results = protector.protect(images, labels);
                for (int i = 0; i < todo.size(); i++) {
                    finish(todo.get(i), results.get(i));
                }
                return;
            } catch (IllegalArgumentException | PixelPrivacyException e) {
                // One image spoiled the batch: each is protected alone below, so each failure names its own image.
            }
        }
        for (Slot s : todo) {
            if (s.outcome == null) {
                try {
                    finish(s, protector.protect(s.rgb));
                } catch (IllegalArgumentException | PixelPrivacyException e) {
                    s.outcome = ImageOutcome.failed(s.input.name(), s.hash, s.input.name() + ": " + e.getMessage());
                }
            }
        }
    }

    private void finish(Slot s, ProtectionResult r) {
        try {
            boolean jpeg = settings.format() == OutputFormat.JPEG
                    || (settings.format() == OutputFormat.SAME && "jpeg".equals(s.format));
            String ext = jpeg ? ".jpg" : ".png";
            byte[] bytes;
            if (jpeg) {
                bytes = ImageFiles.encodeJpeg(r.output(), settings.jpegQuality());
            } else {
                Mask alpha = s.alpha == null ? null : Resize.mask(s.alpha, r.output().width(), r.output().height());
                bytes = ImageFiles.encodePng(r.output(), alpha);
            }
            s.outcome = new ImageOutcome(s.input.name(), s.hash, ImageOutcome.Status.PROTECTED, null, r.before(),
                    networks.name(r.before().label()), r.after(), networks.name(r.after().label()),
                    ImageMetrics.linf255(r.input(), r.output()), ImageMetrics.psnr(r.input(), r.output()),
                    ImageMetrics.ssim(r.input(), r.output()), bytes, ext);
        } catch (IOException e) {
            s.outcome = ImageOutcome.failed(s.input.name(), s.hash, reason(e, null, s.input.name()));
        }
    }

    private Path scratchFile(String extension) throws IOException {
        if (scratch == null) {
            scratch = Files.createTempDirectory("pixel-privacy-batch-");
        }
        return scratch.resolve("f" + (counter++) + extension);
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // A scratch file left behind is removed with its folder by close().
            }
        }
    }

    /** The exception's message with the scratch file's path replaced by the input's name. */
    private static String reason(Exception e, Path scratchFile, String name) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (scratchFile != null) {
            m = m.replace(scratchFile.toString(), name).replace(scratchFile.getFileName().toString(), name);
        }
        return m.contains(name) ? m : name + ": " + m;
    }

    private static String extension(String name) {
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        int dot = name.lastIndexOf('.');
        String ext = dot > slash ? name.substring(dot).toLowerCase(Locale.ROOT) : "";
        return ext.matches("\\.[a-z0-9]{1,5}") ? ext : "";
    }

    private static String formatOf(String name) {
        String ext = extension(name);
        return ext.equals(".jpg") || ext.equals(".jpeg") ? "jpeg" : ext.isEmpty() ? "" : ext.substring(1);
    }

    /**
     * @param bytes any bytes
     * @return their SHA-256 in lower-case hex
     */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
