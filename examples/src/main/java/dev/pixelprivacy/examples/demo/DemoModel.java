package dev.pixelprivacy.examples.demo;

import dev.pixelprivacy.dl4j.model.OnnxThreatModel;
import dev.pixelprivacy.dl4j.model.Preprocessing;
import dev.pixelprivacy.dl4j.onnx.OnnxImportException;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The embedded demonstration threat model: the small scene CNN that {@link TrainDemoModel} trains on
 * {@link SceneGenerator}'s procedural scenes, shipped as the class-path resource
 * {@value #RESOURCE} beside this class and run through privacy-dl4j's ONNX import. It classifies
 * images of any size of at least 32x32 (global average pooling) into beach, forest, night-city and
 * desert; it is a stand-in for a real scene classifier, not one.
 *
 * <p>The ONNX file describes itself: its metadata properties name the classes
 * ({@value #META_CLASSES}, comma-separated, in logit order) and the input normalisation
 * ({@value #META_MEAN} and {@value #META_STD}, three numbers each, applied to RGB in [0, 1] at the
 * image's own size, or as block means for a photo above {@link #MAX_INPUT_PIXELS}). {@link #threatModel()} applies them, so callers pass plain [0, 1] images and get
 * gradients with respect to those pixels.
 *
 * <p>Immutable and thread-safe (the threat model builds SameDiff networks per thread).
 */
public final class DemoModel {
    /** Name of the ONNX resource, relative to this class. */
    public static final String RESOURCE = "scene-demo.onnx";
    /** Metadata key of the class names, comma-separated in logit order. */
    public static final String META_CLASSES = "pixelprivacy.classes";
    /** Metadata key of the per-channel mean (R, G, B) subtracted from [0, 1] pixels. */
    public static final String META_MEAN = "pixelprivacy.mean";
    /** Metadata key of the per-channel standard deviation (R, G, B) the pixels are divided by. */
    public static final String META_STD = "pixelprivacy.std";

    /**
     * The largest input the network is fed, in pixels (1024 x 1024): a larger photo reaches it as means
     * of k x k blocks ({@link Preprocessing.ResizeRule#AREA_WITHIN}). At its own size a 12-megapixel photo
     * took about 2 GB of native memory in the network's forward and backward pass; bounded, the network
     * costs the same for every photo above the limit, and the gradient still reaches every pixel.
     */
    public static final long MAX_INPUT_PIXELS = 1024 * 1024;

    private final OnnxModel onnx;
    private final Preprocessing preprocessing;
    private final List<String> classNames;
    private final OnnxThreatModel threatModel;
    private final Map<String, String> metadata;

    private DemoModel(OnnxModel onnx) {
        Map<String, String> meta = onnx.metadata();
        this.metadata = Map.copyOf(meta);
        this.classNames = List.of(require(meta, META_CLASSES).split(","));
        float[] mean = numbers(meta, META_MEAN);
        float[] std = numbers(meta, META_STD);
        this.preprocessing = Preprocessing.builder().resize(Preprocessing.ResizeRule.AREA_WITHIN)
                .maxPixels(MAX_INPUT_PIXELS).channelOrder(Preprocessing.ChannelOrder.RGB).scale(1f).mean(mean).std(std).build();
        this.onnx = onnx;
        this.threatModel = new OnnxThreatModel(onnx, preprocessing);
        if (threatModel.classCount() != classNames.size()) {
            throw new OnnxImportException("the demo model has " + threatModel.classCount() + " logits but names "
                    + classNames.size() + " classes: " + classNames);
        }
    }

    /** Loaded on first use, once per process. */
    private static final class Shared {
        static final DemoModel MODEL = load();
    }

    /**
     * @return the embedded model, loaded on first use (about a second) and shared afterwards
     * @throws UncheckedIOException if the resource is missing or unreadable
     */
    public static DemoModel shared() {
        return Shared.MODEL;
    }

    /**
     * Loads a new instance of the embedded model from the class path.
     *
     * @return the model
     * @throws UncheckedIOException if the resource is missing or unreadable
     * @throws OnnxImportException if it is not a valid demo model
     */
    public static DemoModel load() {
        try (InputStream in = DemoModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("class-path resource " + RESOURCE + " beside "
                        + DemoModel.class.getName() + " is missing; run TrainDemoModel to create it"));
            }
            return fromBytes(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo model " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /**
     * A demo model from serialised ONNX bytes, for the training program that checks what it exports.
     *
     * @param bytes a ModelProto carrying the metadata described in the class documentation
     * @return the model
     * @throws OnnxImportException if it cannot be parsed, imported, or lacks the metadata
     */
    public static DemoModel fromBytes(byte[] bytes) {
        return new DemoModel(OnnxModel.fromBytes(Objects.requireNonNull(bytes, "bytes")));
    }

    private static String require(Map<String, String> meta, String key) {
        String v = meta.get(key);
        if (v == null || v.isBlank()) {
            throw new OnnxImportException("the demo model lacks metadata property '" + key + "'; it has " + meta.keySet());
        }
        return v;
    }

    private static float[] numbers(Map<String, String> meta, String key) {
        String[] parts = require(meta, key).split(",");
        if (parts.length != 3) {
            throw new OnnxImportException("metadata property '" + key + "' must hold 3 numbers but was '" + meta.get(key) + "'");
        }
        float[] v = new float[3];
        for (int i = 0; i < 3; i++) {
            try {
                v[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new OnnxImportException("metadata property '" + key + "' must hold 3 numbers but was '"
                        + meta.get(key) + "'", e);
            }
        }
        return v;
    }

    /** @return the threat model: [0, 1] RGB images of any size of at least 32x32 in, logits out */
    public OnnxThreatModel threatModel() {
        return threatModel;
    }

    /** @return the class names, in logit order (beach, forest, night-city, desert) */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * @return the input spec the threat model applies: the image's own size up to {@link #MAX_INPUT_PIXELS}
     *     (block means beyond), RGB, normalised per channel
     */
    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** @return the imported ONNX model (its opset, input and operators) */
    public OnnxModel onnxModel() {
        return onnx;
    }

    /** @return the ONNX metadata properties the model was written with */
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public String toString() {
        return "DemoModel[scene CNN, classes=" + classNames + ", operators=" + onnx.operators() + ", "
                + preprocessing + ", input " + Arrays.toString(onnx.declaredInputShape()) + "]";
    }
}
