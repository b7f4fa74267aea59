package dev.pixelprivacy.paper.batch;

import dev.pixelprivacy.core.PixelPrivacyException;
import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.image.ImageFilter;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.DecodedImage;
import dev.pixelprivacy.core.io.ImageConversions;
import dev.pixelprivacy.core.io.ImageFiles;
import dev.pixelprivacy.core.io.ImageReadOptions;
import dev.pixelprivacy.core.mask.MaskOptions;
import dev.pixelprivacy.core.mask.MaskRegistry;
import dev.pixelprivacy.core.mask.PerturbationMask;
import dev.pixelprivacy.core.metrics.ImageMetrics;
import dev.pixelprivacy.core.model.Prediction;
import dev.pixelprivacy.core.protect.OutputEncoding;
import dev.pixelprivacy.core.protect.ProtectionResult;
import dev.pixelprivacy.core.protect.Protector;
import dev.pixelprivacy.filters.Resize;
import dev.pixelprivacy.paper.PaperMethods;
import dev.pixelprivacy.paper.batch.ProtectionSettings.OutputFormat;
import dev.pixelprivacy.paper.verify.Verification;
import dev.pixelprivacy.paper.verify.Verifier;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The per-image work of every engine, with no engine in it: images in (a name and the bytes or a
 * local file), outcomes out (the protected file's bytes, predictions, metrics, or the reason it
 * failed), lazily and in input order. Consecutive images of one size (after {@code --size}) and one
 * output format share one gradient call per attack step, up to {@link Builder#maxBatch} images and
 * {@link Builder#maxBatchPixels} pixels (a large photo goes alone).
 *
 * <p>Images are decoded, protected and encoded exactly as {@code pixel-privacy protect} always has
 * (upright, sRGB, alpha kept and resized alike; 8-bit PNG, or JPEG with the attack judged after the
 * JPEG encoding; a photo whose protection would not fit in the heap is refused before it is
 * decoded), and the prediction and metrics reported are those of the image as a reader of the written
 * file sees it. A file that cannot be read, or an image the model refuses, becomes a
 * {@link ImageOutcome.Status#FAILED} outcome naming the input and the reason; it never stops the rest.
 *
 * <p>When the settings verify ({@link ProtectionSettings#verifies()}), each protected outcome carries
 * its {@link ImageOutcome#verification()}: the input as protected and the image as written both go
 * through the platform's chain ({@link ProtectionSettings#chain()}) and every judge of the
 * {@link Networks} classifies both ({@link Verifier}). The judges run on the thread that calls the
 * outcomes' iterator, like the threat model, never on a helper thread. An image a judge refuses
 * (e.g. below its input size) becomes a failed outcome.
 *
 * <p>With {@link Builder#overlap(boolean) overlap} on, a decoding thread reads ahead and an encoding
 * thread writes the PNG files behind, while the calling thread runs the networks; what is in flight
 * is bounded ({@link #IN_FLIGHT_BATCHES} batches' worth of images and pixels; the next photo is not
 * decoded while a photo larger than that is in flight, so large photos keep the memory of one at a
 * time). Outcomes are the same, in the same order, with it on or off. Not thread-safe: one
 * processor, with its own {@link Networks}, per thread; one {@link #process} iteration at a time.
 */
public final class ImageBatchProcessor implements AutoCloseable {
    /** The default largest batch: enough to amortise a gradient call, small enough for large photos. */
    public static final int DEFAULT_MAX_BATCH = 8;
    /** The default most pixels in one batch: eight 400x300 photos, or one photo of 2 MP or more alone. */
    public static final long DEFAULT_MAX_BATCH_PIXELS = 2_000_000;
    /** How many batches' worth of images and pixels may be in flight when overlapping. */
    public static final int IN_FLIGHT_BATCHES = 3;

    private final ProtectionSettings settings;
    private final Networks networks;
    private final int maxBatch;
    private final long maxBatchPixels;
    private final boolean overlap;
    private final boolean ssim;
    private final boolean keepImages;
    private final boolean everyFailurePerImage;
    private final Protector png;
    private final Protector jpeg;
    private final String pngDescription;
    private final String jpegDescription;
    private final ImageReadOptions reading;
    private final ImageFilter resize;
    private final Verifier verifier;
    private ExecutorService encoder;
    private DecodeAhead ahead;
    private Path scratch;
    private long counter;

    /**
     * A processor without overlap that computes SSIM, as a Spark task runs it.
     *
     * @param settings the protection options
     * @param networks this thread's networks
     * @param maxBatch the most images in one gradient call, >= 1 (1: one image at a time, as the tool)
     * @throws IllegalArgumentException for a bad option (an unknown mask names the known ones;
     *     {@code --coupled} without NIMA)
     */
    public ImageBatchProcessor(ProtectionSettings settings, Networks networks, int maxBatch) {
        this(builder(settings, networks).maxBatch(maxBatch));
    }

    private ImageBatchProcessor(Builder b) {
        this.settings = b.settings;
        this.networks = b.networks;
        this.maxBatch = b.maxBatch;
        this.maxBatchPixels = b.maxBatchPixels;
        this.overlap = b.overlap;
        this.ssim = b.ssim;
        this.keepImages = b.keepImages;
        this.everyFailurePerImage = b.everyFailurePerImage;
        this.resize = settings.size() == null ? null : Resize.toSize(settings.size(), settings.size());
        this.verifier = verifier(settings, networks);
        boolean anyPng = settings.format() != OutputFormat.JPEG;
        boolean anyJpeg = settings.format() != OutputFormat.PNG;
        OutputEncoding jpegEncoding = OutputEncoding.jpeg(settings.jpegQuality());
        // The resize (--size) is applied before batching by size, not as the protector's preprocess; the
        // description names it as the command line's protector always has (run manifests keep their keys).
        this.png = anyPng ? protector(settings, networks, OutputEncoding.PNG_8BIT, false) : null;
        this.jpeg = anyJpeg ? protector(settings, networks, jpegEncoding, false) : null;
        this.pngDescription = anyPng ? protector(settings, networks, OutputEncoding.PNG_8BIT, true).toString() : null;
        this.jpegDescription = anyJpeg ? protector(settings, networks, jpegEncoding, true).toString() : null;
        long bytesPerPixel = Math.max(png == null ? 0 : png.heapBytesPerPixel(),
                jpeg == null ? 0 : jpeg.heapBytesPerPixel());
        this.reading = ImageReadOptions.builder().processingBytesPerPixel(bytesPerPixel).build();
    }

    /**
     * @param settings the protection options
     * @param networks this thread's networks
     * @return a builder: batches of {@link #DEFAULT_MAX_BATCH} and {@link #DEFAULT_MAX_BATCH_PIXELS},
     *     no overlap, SSIM computed, no images kept
     */
    public static Builder builder(ProtectionSettings settings, Networks networks) {
        return new Builder(settings, networks);
    }

    private static Protector protector(ProtectionSettings s, Networks n, OutputEncoding encoding,
                                       boolean withResize) {
        Epsilon budget = s.epsilon();
        SignGradientAttack.Builder attack = s.attack(n.threatModel());
        PaperMethods.Builder paper = PaperMethods.builder(n.threatModel()).saliency(n.saliency())
                .attack(attack.build()).lambda(s.lambda()).encoding(encoding).robustToEncoding(true);
        if (withResize && s.size() != null) {
            paper.preprocess(Resize.toSize(s.size(), s.size()));
        }
        if (s.coupled()) {
            if (n.nima() == null) {
                throw new IllegalArgumentException("--coupled needs --nima");
            }
            paper.aesthetics(n.nima());
        }
        return paper.build().protector(budget, mask(s, n), s.tiltShift(), s.coupled());
    }

    private static Verifier verifier(ProtectionSettings s, Networks n) {
        if (n.judges().size() != s.judges().size()) {
            throw new IllegalArgumentException("the settings name " + s.judges().size() + " judge(s) " + s.judges()
                    + " but the networks hold " + n.judges().size());
        }
        return s.verifies() ? Verifier.of(s.chain(), n.judges()) : null;
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

    /** @return the protection of the PNG outputs (of the JPEG ones for {@code --format jpeg}) */
    public Protector protector() {
        return png != null ? png : jpeg;
    }

    /**
     * What the protection of one output format is, for a key that changes whenever the output would
     * (the command line's run manifest): the protector as the command line describes it, its resize
     * included.
     *
     * @param jpegOutput the JPEG outputs' protection rather than the PNG outputs'
     * @return the description
     * @throws IllegalArgumentException if the settings write no output of that format
     */
    public String description(boolean jpegOutput) {
        String d = jpegOutput ? jpegDescription : pngDescription;
        if (d == null) {
            throw new IllegalArgumentException("--format " + settings.format().name().toLowerCase(Locale.ROOT)
                    + " writes no " + (jpegOutput ? "JPEG" : "PNG") + " output");
        }
        return d;
    }

    /** @return the settings */
    public ProtectionSettings settings() {
        return settings;
    }

    /** @return what verifies each written file (the chain and the judges), or null when the settings do not verify */
    public Verifier verifier() {
        return verifier;
    }

    /**
     * Protects images lazily: each {@code next()} consumes inputs only as far as the next batch (with
     * overlap, the decoding thread reads a bounded way ahead; the iterator of inputs is then read on
     * that thread).
     *
     * @param inputs images in any order
     * @return one outcome per input, in input order
     */
    public Iterator<ImageOutcome> process(Iterator<ImageInput> inputs) {
        if (overlap) {
            stopAhead();
            ahead = new DecodeAhead(inputs);
            Thread t = new Thread(ahead, "pixel-privacy-decode");
            t.setDaemon(true);
            t.start();
            return new Outcomes(ahead);
        }
        return new Outcomes(new DecodeInline(inputs));
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

    /** Stops the helper threads and deletes the scratch files. */
    @Override
    public void close() {
        stopAhead();
        if (encoder != null) {
            encoder.shutdownNow();
            encoder = null;
        }
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

    private void stopAhead() {
        if (ahead != null) {
            ahead.stop();
            ahead = null;
        }
    }

    /** Configures an {@link ImageBatchProcessor}. */
    public static final class Builder {
        private final ProtectionSettings settings;
        private final Networks networks;
        private int maxBatch = DEFAULT_MAX_BATCH;
        private long maxBatchPixels = DEFAULT_MAX_BATCH_PIXELS;
        private boolean overlap;
        private boolean ssim = true;
        private boolean keepImages;
        private boolean everyFailurePerImage;

        private Builder(ProtectionSettings settings, Networks networks) {
            if (settings == null || networks == null) {
                throw new IllegalArgumentException("settings and networks must not be null");
            }
            this.settings = settings;
            this.networks = networks;
        }

        /** @param n the most images in one gradient call, >= 1 (1: one image at a time) @return this */
        public Builder maxBatch(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxBatch must be >= 1 but was " + n);
            }
            this.maxBatch = n;
            return this;
        }

        /** @param pixels the most pixels in one gradient call, >= 1 (one image always goes) @return this */
        public Builder maxBatchPixels(long pixels) {
            if (pixels < 1) {
                throw new IllegalArgumentException("maxBatchPixels must be >= 1 but was " + pixels);
            }
            this.maxBatchPixels = pixels;
            return this;
        }

        /** @param on decode ahead and encode behind on two helper threads @return this */
        public Builder overlap(boolean on) {
            this.overlap = on;
            return this;
        }

        /** @param on compute SSIM (NaN in the outcomes when off; it costs about as much as a PNG encoding) @return this */
        public Builder ssim(boolean on) {
            this.ssim = on;
            return this;
        }

        /**
         * @param on keep each outcome's {@link ImageOutcome.Images} (memory: three images each; verification
         *     holds them only until the outcome is handed out)
         * @return this
         */
        public Builder keepImages(boolean on) {
            this.keepImages = on;
            return this;
        }

        /**
         * @param on make any exception or out-of-memory error on one image that image's failure, as the
         *     command line does; off (the default), only what is the image's own fault (unreadable, refused
         *     by the model: I/O, {@link IllegalArgumentException}, {@link PixelPrivacyException}) is, and
         *     anything else (a network that breaks) propagates, so that an engine retries the task
         * @return this
         */
        public Builder everyFailurePerImage(boolean on) {
            this.everyFailurePerImage = on;
            return this;
        }

        /**
         * @return the processor
         * @throws IllegalArgumentException for a bad option (an unknown mask names the known ones;
         *     {@code --coupled} without NIMA)
         */
        public ImageBatchProcessor build() {
            return new ImageBatchProcessor(this);
        }
    }

    /** One input on its way: decoded, or failed already. */
    private static final class Slot {
        final ImageInput input;
        final boolean jpegOutput;
        String hash = "";
        RgbImage rgb;
        Mask alpha;
        String notice;
        long pixels;
        ImageOutcome outcome;
        CompletableFuture<ImageOutcome> done;

        Slot(ImageInput input, boolean jpegOutput) {
            this.input = input;
            this.jpegOutput = jpegOutput;
        }

        /** @return the decoded image's pixels, counted in flight until its outcome is handed out */
        long pixels() {
            return pixels;
        }
    }

    /** Where decoded slots come from. */
    private interface Source {
        /**
         * @param wait whether to wait for the next slot when none is ready
         * @return the next slot, {@link #NONE} when none is ready and waiting could stall, or null at the end
         */
        Slot next(boolean wait);

        /** @param s a slot whose outcome was handed out */
        void release(Slot s);
    }

    private static final Slot NONE = new Slot(null, false);

    private final class DecodeInline implements Source {
        private final Iterator<ImageInput> inputs;

        DecodeInline(Iterator<ImageInput> inputs) {
            this.inputs = inputs;
        }

        @Override
        public Slot next(boolean wait) {
            return inputs.hasNext() ? decode(inputs.next()) : null;
        }

        @Override
        public void release(Slot s) {
        }
    }

    /** The decoding thread: a bounded way ahead of the networks, by images and by pixels. */
    private final class DecodeAhead implements Source, Runnable {
        private final Iterator<ImageInput> inputs;
        private final ArrayDeque<Slot> queue = new ArrayDeque<>();
        private final int maxImages = IN_FLIGHT_BATCHES * maxBatch;
        private final long maxPixels = IN_FLIGHT_BATCHES * maxBatchPixels;
        private int images;
        private long pixels;
        private boolean finished;
        private boolean stopped;
        private RuntimeException crash;

        DecodeAhead(Iterator<ImageInput> inputs) {
            this.inputs = inputs;
        }

        private boolean full() {
            return images >= maxImages || pixels >= maxPixels;
        }

        @Override
        public void run() {
            try {
                while (true) {
                    synchronized (this) {
                        while (full() && !stopped) {
                            wait();
                        }
                        if (stopped) {
                            return;
                        }
                    }
                    if (!inputs.hasNext()) {
                        break;
                    }
                    Slot s = decode(inputs.next());
                    synchronized (this) {
                        queue.add(s);
                        images++;
                        pixels += s.pixels();
                        notifyAll();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                synchronized (this) {
                    crash = e;
                }
            } finally {
                synchronized (this) {
                    finished = true;
                    notifyAll();
                }
            }
        }

        @Override
        public synchronized Slot next(boolean wait) {
            while (queue.isEmpty()) {
                if (crash != null) {
                    throw crash;
                }
                if (finished) {
                    return null;
                }
                if (!wait || full()) {
                    return NONE; // the decoder waits for room that only handing out outcomes makes
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the next decoded image", e);
                }
            }
            return queue.poll();
        }

        @Override
        public synchronized void release(Slot s) {
            images--;
            pixels -= s.pixels();
            notifyAll();
        }

        synchronized void stop() {
            stopped = true;
            notifyAll();
        }
    }

    private final class Outcomes implements Iterator<ImageOutcome> {
        private final Source source;
        private final ArrayDeque<Slot> pending = new ArrayDeque<>();
        private Slot carry;
        private boolean exhausted;

        Outcomes(Source source) {
            this.source = source;
        }

        @Override
        public boolean hasNext() {
            while (!exhausted && (pending.isEmpty() || (overlap && !pending.peek().done.isDone()))) {
                if (!fill(pending.isEmpty())) {
                    break; // nothing decoded yet: wait for the oldest outcome instead
                }
            }
            return !pending.isEmpty();
        }

        @Override
        public ImageOutcome next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Slot s = pending.poll();
            try {
                return verify(s.done.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + s.input.name(), e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("encoding " + s.input.name() + " failed", e.getCause());
            } finally {
                source.release(s);
            }
        }

        /**
         * Gathers one batch, consecutive images of one size and output format (failures ride along in
         * order), and protects it.
         *
         * @return false if no slot was ready without waiting
         */
        private boolean fill(boolean mayWaitForFirst) {
            List<Slot> group = new ArrayList<>();
            int images = 0;
            long pixels = 0;
            Slot first = null;
            while (images < maxBatch && !exhausted) {
                Slot s = carry;
                carry = null;
                if (s == null) {
                    s = source.next(group.isEmpty() ? mayWaitForFirst : true);
                }
                if (s == NONE) {
                    break;
                }
                if (s == null) {
                    exhausted = true;
                    break;
                }
                if (s.outcome == null) {
                    long size = (long) s.rgb.width() * s.rgb.height();
                    if (first != null && (s.rgb.width() != first.rgb.width() || s.rgb.height() != first.rgb.height()
                            || s.jpegOutput != first.jpegOutput || pixels + size > maxBatchPixels)) {
                        carry = s;
                        break;
                    }
                    first = first == null ? s : first;
                    images++;
                    pixels += size;
                }
                group.add(s);
            }
            if (group.isEmpty()) {
                return false;
            }
            protect(group);
            pending.addAll(group);
            return true;
        }
    }

    private Slot decode(ImageInput in) {
        Slot s = new Slot(in, jpegOutput(in.name()));
        if (in.readError() != null) {
            String m = in.readError().contains(in.name()) ? in.readError() : in.name() + ": " + in.readError();
            s.outcome = ImageOutcome.failed(in.name(), "", m, null, null);
            return s;
        }
        Path file = in.file();
        boolean temporary = file == null;
        try {
            if (temporary) {
                s.hash = sha256(in.content());
                file = scratchFile(extension(in.name()));
                Files.write(file, in.content());
            } else {
                s.hash = sha256(file);
            }
            DecodedImage decoded = ImageFiles.decode(file, reading); // upright, sRGB, alpha kept apart
            if (decoded.hasMoreFrames()) {
                s.notice = decoded.frameCount() + " frames; only the first is protected and written (the output "
                        + "is not animated)";
            }
            RgbImage rgb = decoded.rgb();
            Mask alpha = decoded.alpha().orElse(null);
            if (alpha != null && s.jpegOutput) {
                throw new IllegalArgumentException("it has transparent pixels, which JPEG cannot hold (writing it as "
                        + "JPEG would reveal what lies under them); use --format png or --format same");
            }
            if (resize != null) {
                rgb = resize.apply(rgb);
                alpha = alpha == null ? null : Resize.mask(alpha, rgb.width(), rgb.height());
            }
            s.rgb = rgb;
            s.alpha = alpha;
            s.pixels = (long) decoded.rgb().width() * decoded.rgb().height();
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            rethrowUnlessPerImage(e);
            s.rgb = null;
            s.alpha = null;
            s.pixels = 0;
            s.outcome = ImageOutcome.failed(in.name(), s.hash, reason(e, temporary ? file : null, in.name()), s.notice,
                    e);
        } finally {
            if (temporary) {
                deleteQuietly(file);
            }
        }
        return s;
    }

    private void protect(List<Slot> group) {
        List<Slot> todo = new ArrayList<>();
        for (Slot s : group) {
            if (s.outcome == null) {
                todo.add(s);
            } else {
                s.done = CompletableFuture.completedFuture(s.outcome);
            }
        }
        if (todo.isEmpty()) {
            return;
        }
        Protector protector = todo.get(0).jpegOutput ? jpeg : png;
        List<ProtectionResult> results = null;
        if (todo.size() > 1) {
            try {
                // Each image's class is read from the first gradient call, as one image alone has it.
                results = protector.protectAtPrediction(todo.stream().map(s -> s.rgb).toList());
            } catch (RuntimeException | OutOfMemoryError e) {
                // One image spoiled the batch (or it did not fit): each is protected alone below, so each
                // failure names its own image.
                rethrowUnlessPerImage(e);
                results = null;
            }
        }
        for (int i = 0; i < todo.size(); i++) {
            Slot s = todo.get(i);
            try {
                ProtectionResult r = results != null ? results.get(i) : protector.protect(s.rgb);
                s.rgb = null; // the result holds the input; the slot's reference would only keep it longer
                finish(s, r);
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                rethrowUnlessPerImage(e);
                fail(s, e);
            }
        }
    }

    /** Returns when {@code e} is one image's failure; rethrows what should stop the run. */
    private void rethrowUnlessPerImage(Throwable e) {
        if (e instanceof IOException || e instanceof IllegalArgumentException || e instanceof PixelPrivacyException
                || (everyFailurePerImage && (e instanceof RuntimeException || e instanceof OutOfMemoryError))) {
            return;
        }
        if (e instanceof RuntimeException r) {
            throw r;
        }
        throw (Error) e;
    }

    private void fail(Slot s, Throwable e) {
        s.outcome = ImageOutcome.failed(s.input.name(), s.hash, reason(e, null, s.input.name()), s.notice, e);
        s.done = CompletableFuture.completedFuture(s.outcome);
    }

    /** JPEG outputs are encoded here (their prediction needs the network); PNGs behind, with overlap. */
    private void finish(Slot s, ProtectionResult r) throws IOException {
        if (s.jpegOutput) {
            byte[] bytes = ImageFiles.encodeJpeg(r.output(), settings.jpegQuality());
            RgbImage written = decodeJpeg(bytes);
            Prediction after = written.equals(r.output()) ? r.after() : networks.threatModel().predict(written);
            s.outcome = outcome(s, r, bytes, written, after, ".jpg");
            s.done = CompletableFuture.completedFuture(s.outcome);
        } else if (overlap) {
            s.done = CompletableFuture.supplyAsync(() -> encodePng(s, r), encoder());
        } else {
            s.outcome = encodePng(s, r);
            s.done = CompletableFuture.completedFuture(s.outcome);
        }
    }

    private ImageOutcome encodePng(Slot s, ProtectionResult r) {
        try {
            Mask alpha = s.alpha == null ? null : Resize.mask(s.alpha, r.output().width(), r.output().height());
            byte[] bytes = ImageFiles.encodePng(r.output(), alpha); // lossless: a reader sees r.output()
            return outcome(s, r, bytes, r.output(), r.after(), ".png");
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            rethrowUnlessPerImage(e);
            return ImageOutcome.failed(s.input.name(), s.hash, reason(e, null, s.input.name()), s.notice, e);
        }
    }

    /** The verification step, on the calling thread (the judges' thread). */
    private ImageOutcome verify(ImageOutcome o) {
        if (verifier == null || o.status() != ImageOutcome.Status.PROTECTED) {
            return o;
        }
        try {
            Verification v = verifier.verify(o.images().input(), o.images().written());
            return o.verified(v, keepImages ? o.images() : null);
        } catch (RuntimeException | OutOfMemoryError e) {
            rethrowUnlessPerImage(e);
            return ImageOutcome.failed(o.name(), o.contentHash(), reason(e, null, o.name()), o.notice(), e);
        }
    }

    private ImageOutcome outcome(Slot s, ProtectionResult r, byte[] bytes, RgbImage written, Prediction after,
                                 String extension) {
        return new ImageOutcome(s.input.name(), s.hash, ImageOutcome.Status.PROTECTED, null, r.before(),
                networks.name(r.before().label()), after, networks.name(after.label()),
                ImageMetrics.linf255(r.input(), written), ImageMetrics.psnr(r.input(), written),
                ssim ? ImageMetrics.ssim(r.input(), written) : Double.NaN, bytes, extension, s.notice, null,
                keepImages || verifier != null ? new ImageOutcome.Images(r.input(), written, r.mask()) : null);
    }

    private ExecutorService encoder() {
        if (encoder == null) {
            encoder = Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, "pixel-privacy-encode");
                t.setDaemon(true);
                return t;
            });
        }
        return encoder;
    }

    /**
     * @param bytes a JPEG this processor encoded
     * @return what a reader of the file sees
     * @throws IOException if it cannot be decoded
     */
    private static RgbImage decodeJpeg(byte[] bytes) throws IOException {
        // A memory cache: ImageIO.read(InputStream) may cache in java.io.tmpdir.
        BufferedImage decoded = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)));
        if (decoded == null) {
            throw new IOException("ImageIO could not decode the image it had just encoded");
        }
        return ImageConversions.toRgbImage(decoded);
    }

    private boolean jpegOutput(String name) {
        return settings.format() == OutputFormat.JPEG
                || (settings.format() == OutputFormat.SAME && isJpegExtension(extension(name)));
    }

    /**
     * @param extension a file name's extension with its dot, lower case
     * @return whether it names a JPEG file ({@code .jpg .jpeg .jpe .jfif})
     */
    static boolean isJpegExtension(String extension) {
        return extension.equals(".jpg") || extension.equals(".jpeg") || extension.equals(".jpe")
                || extension.equals(".jfif");
    }

    private synchronized Path scratchFile(String extension) throws IOException {
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
    private static String reason(Throwable e, Path scratchFile, String name) {
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

    /**
     * @param bytes any bytes
     * @return their SHA-256 in lower-case hex
     */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /**
     * @param file a file
     * @return the SHA-256 of its content in lower-case hex, read in chunks
     * @throws IOException if it cannot be read
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest sha = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
