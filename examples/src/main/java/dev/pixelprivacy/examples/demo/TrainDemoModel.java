package dev.pixelprivacy.examples.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pixelprivacy.core.attack.AttackResult;
import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.AtomicFiles;
import dev.pixelprivacy.core.model.Prediction;
import dev.pixelprivacy.core.model.ThreatModel;
import dev.pixelprivacy.dl4j.model.Preprocessing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains the demo scene CNN ({@link DemoCnn}) with SameDiff on {@link SceneGenerator}'s procedural
 * scenes and writes it as {@value DemoModel#RESOURCE} (ONNX) and {@code scene-demo.json} (how it was
 * made and how well it does) into a folder, by default the resource folder {@link DemoModel} loads
 * from.
 *
 * <p>The run is reproducible: parameters are initialised from a seeded {@link java.util.SplittableRandom}
 * ({@link DemoCnn#initialise}), the scene pool comes from fixed scene seeds, every minibatch choice
 * (scene, crop, colour jitter) from one seeded generator, and SameDiff's Adam updates run on the CPU
 * in a fixed order. On one machine the same settings give bit-identical weights (checked by the tests
 * on a short run).
 *
 * <p>Three choices make the network behave like a real threat model (fooled by FGSM at a few /255)
 * rather than a robust colour lookup: colour jitter (channels permuted, scaled and shifted) forces it
 * to read texture and layout; label smoothing keeps its logit margins moderate; average pooling
 * ({@link DemoCnn}) keeps it close to linear. Measured on 40 held-out 256x256 scenes, fraction still
 * correct after FGSM at 8/255: trained on colour without jitter or smoothing (max pooling), 100%;
 * with jitter, 100%; with jitter and smoothing 0.5, 100%; with jitter, smoothing 0.5 and average
 * pooling, 35%; with jitter and smoothing 0.7 (max pooling), 60%.
 *
 * <p>Held-out evaluation uses scene seeds from {@value #HELD_OUT_SEED} up, far from the training
 * seeds and from the sample seeds of {@link GenerateSamples}, at the tool's 256x256, through the
 * exported ONNX file loaded exactly as {@link DemoModel} loads it.
 *
 * <p>Run from the repository root after {@code mvn -o -pl examples -am package -DskipTests}:
 * <pre>{@code
 * java -cp examples/target/pixel-privacy.jar dev.pixelprivacy.examples.demo.TrainDemoModel \
 *     examples/src/main/resources/dev/pixelprivacy/examples/demo
 * }</pre>
 */
public final class TrainDemoModel {
    /** First scene seed of the held-out evaluation scenes. */
    public static final long HELD_OUT_SEED = 5_000_000L;
    /** The default output folder, relative to the repository root. */
    public static final String DEFAULT_OUTPUT = "examples/src/main/resources/dev/pixelprivacy/examples/demo";
    /** Per-channel mean subtracted from [0, 1] RGB before the network. */
    static final float[] MEAN = {0.5f, 0.5f, 0.5f};
    /** Per-channel standard deviation the centred pixels are divided by. */
    static final float[] STD = {0.25f, 0.25f, 0.25f};
    /** The input spec: the image's own size, RGB, {@code (x - 0.5) / 0.25}. */
    static final Preprocessing PREPROCESSING = Preprocessing.builder().resize(Preprocessing.ResizeRule.NONE)
            .mean(MEAN).std(STD).build();

    private TrainDemoModel() {}

    /**
     * What a training run does. A pool of scenes is drawn once ({@code scenesPerClass} per class from
     * scene seeds {@code firstSceneSeed + i}, at {@code sceneSize}); each minibatch then takes, per
     * image, a random scene of the class {@code j mod 4}, a random {@code cropSize} crop of it at its
     * native scale (so textures have the size they have in a 256x256 photo) and, optionally, colour
     * jitter; all choices come from one {@link SplittableRandom} seeded with {@code seed + 1}.
     *
     * @param seed seed of the parameter initialisation and of the minibatch choices
     * @param firstSceneSeed scene seed of the first pool scene
     * @param scenesPerClass pool scenes per class
     * @param sceneSize side length of the square pool scenes
     * @param cropSize side length of the square training crops, at most sceneSize
     * @param steps minibatch updates
     * @param batchSize images per minibatch, a multiple of the class count
     * @param learningRate Adam's step size
     * @param labelSmoothing weight moved from the true class to a uniform distribution in the targets
     * @param colourJitter whether to {@link #jitter} the crops
     */
    public record Settings(long seed, long firstSceneSeed, int scenesPerClass, int sceneSize, int cropSize, int steps,
                           int batchSize, double learningRate, double labelSmoothing, boolean colourJitter) {
        /** Validates. */
        public Settings {
            if (steps < 0 || batchSize < 1 || batchSize % DemoCnn.SCENES.classes() != 0) {
                throw new IllegalArgumentException("steps must be >= 0 and batchSize a positive multiple of "
                        + DemoCnn.SCENES.classes() + " but were " + steps + " and " + batchSize);
            }
            if (cropSize < DemoCnn.SCENES.minSize() || cropSize > sceneSize) {
                throw new IllegalArgumentException("cropSize must be at least " + DemoCnn.SCENES.minSize()
                        + " and at most sceneSize " + sceneSize + " but was " + cropSize);
            }
            if (!(learningRate > 0) || !(labelSmoothing >= 0 && labelSmoothing < 1) || scenesPerClass < 1) {
                throw new IllegalArgumentException("need learningRate > 0, labelSmoothing in [0, 1) and scenesPerClass >= 1");
            }
            if (firstSceneSeed + scenesPerClass > HELD_OUT_SEED || firstSceneSeed < 1000) {
                throw new IllegalArgumentException("training scene seeds must lie in [1000, " + HELD_OUT_SEED + ")");
            }
        }
    }

    /** The settings of the shipped model. */
    public static final Settings DEFAULT = new Settings(20_240_601L, 1_000_000L, 50, 256, 128, 200, 16, 1e-3, 0.5, true);

    /**
     * Runs the training.
     *
     * @param s the settings
     * @param reportEvery how often to compute the minibatch loss for progress (an extra forward pass)
     * @param progress told after every {@code reportEvery} steps and after the last, or null
     * @return the trained parameters
     */
    static DemoCnn.Parameters train(Settings s, int reportEvery, DemoCnn.Progress progress) {
        List<List<RgbImage>> pool = pool(s);
        SplittableRandom rng = new SplittableRandom(s.seed() + 1);
        int size = s.cropSize();
        int classes = DemoCnn.SCENES.classes();
        float off = (float) (s.labelSmoothing() / classes);
        float on = (float) (1 - s.labelSmoothing()) + off;
        DemoCnn.Batches batches = step -> {
            List<RgbImage> images = new ArrayList<>(s.batchSize());
            float[] target = new float[s.batchSize() * classes];
            for (int j = 0; j < s.batchSize(); j++) {
                int label = j % classes;
                RgbImage scene = pool.get(label).get(rng.nextInt(s.scenesPerClass()));
                RgbImage crop = crop(scene, rng.nextInt(s.sceneSize() - size + 1), rng.nextInt(s.sceneSize() - size + 1), size);
                long jitterSeed = rng.nextLong();
                images.add(s.colourJitter() ? jitter(crop, new SplittableRandom(jitterSeed)) : crop);
                for (int c = 0; c < classes; c++) {
                    target[j * classes + c] = c == label ? on : off;
                }
            }
            return new DemoCnn.Batch(PREPROCESSING.apply(ImageBatch.of(images)), new long[] {s.batchSize(), 3, size, size},
                    target);
        };
        return DemoCnn.train(DemoCnn.initialise(DemoCnn.SCENES, s.seed()), s.learningRate(), s.steps(), batches,
                reportEvery, progress);
    }

    /** @return the scene pool, per class, drawn in parallel (each scene depends on its seed alone) */
    static List<List<RgbImage>> pool(Settings s) {
        List<List<RgbImage>> pool = new ArrayList<>();
        for (int label = 0; label < DemoCnn.SCENES.classes(); label++) {
            final int l = label;
            pool.add(java.util.stream.IntStream.range(0, s.scenesPerClass()).parallel()
                    .mapToObj(i -> SceneGenerator.scene(l, s.sceneSize(), s.sceneSize(), s.firstSceneSeed() + i))
                    .toList());
        }
        return pool;
    }

    /** @return the size x size square of img whose top left corner is (x0, y0) */
    static RgbImage crop(RgbImage img, int x0, int y0, int size) {
        int w = img.width();
        int plane = w * img.height();
        float[] src = img.data();
        float[] out = new float[3 * size * size];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < size; y++) {
                System.arraycopy(src, c * plane + (y0 + y) * w + x0, out, (c * size + y) * size, size);
            }
        }
        return RgbImage.of(size, size, out);
    }

    /**
     * Colour jitter and mirroring of a training scene: channels in a random order, each with a random
     * gain in [0.6, 1.4] and offset in [-0.15, 0.15], clipped to [0, 1], and a left-right mirror half
     * of the time. With colour made unreliable the network has to recognise the scenes by their
     * texture and layout, as natural-image CNNs largely do; this is what makes it sensitive to small
     * perturbations the way a real threat model is (trained on colour, it shrugs off FGSM at 8/255).
     *
     * @param img the scene
     * @param r the source of randomness
     * @return the jittered scene
     */
    static RgbImage jitter(RgbImage img, SplittableRandom r) {
        int w = img.width();
        int h = img.height();
        int plane = w * h;
        int[] perm = {0, 1, 2};
        for (int i = 2; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        boolean mirror = r.nextBoolean();
        float[] src = img.data();
        float[] out = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            float gain = (float) (0.6 + 0.8 * r.nextDouble());
            float offset = (float) (-0.15 + 0.3 * r.nextDouble());
            int from = perm[c] * plane;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = src[from + y * w + (mirror ? w - 1 - x : x)] * gain + offset;
                    out[c * plane + y * w + x] = Math.min(1f, Math.max(0f, v));
                }
            }
        }
        return RgbImage.of(w, h, out);
    }

    /**
     * The ONNX model of trained parameters, with the metadata {@link DemoModel} reads.
     *
     * @param p the parameters
     * @param s the settings they were trained with
     * @return the model
     */
    static byte[] export(DemoCnn.Parameters p, Settings s) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(DemoModel.META_CLASSES, String.join(",", SceneGenerator.CLASSES));
        meta.put(DemoModel.META_MEAN, joined(MEAN));
        meta.put(DemoModel.META_STD, joined(STD));
        meta.put("pixelprivacy.trainer", TrainDemoModel.class.getName());
        meta.put("pixelprivacy.settings", describe(s));
        String doc = "pixel-privacy demo scene CNN (a demonstration, not a scene recogniser): input RGB in [0, 1] "
                + "normalised as (x - mean) / std per channel (see metadata), NCHW of any size >= 32x32; output logits of "
                + SceneGenerator.CLASSES + ". Trained by " + TrainDemoModel.class.getName() + ".";
        return DemoCnn.toOnnx(p, "scene_demo_cnn", "pixel-privacy TrainDemoModel", doc, meta);
    }

    private static String joined(float[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ",").append(v[i]);
        }
        return b.toString();
    }

    private static String describe(Settings s) {
        return String.format(Locale.ROOT, "seed=%d firstSceneSeed=%d scenesPerClass=%d sceneSize=%d cropSize=%d steps=%d "
                + "batchSize=%d learningRate=%s labelSmoothing=%s colourJitter=%s", s.seed(), s.firstSceneSeed(),
                s.scenesPerClass(), s.sceneSize(), s.cropSize(), s.steps(), s.batchSize(), s.learningRate(),
                s.labelSmoothing(), s.colourJitter());
    }

    /**
     * Accuracy of a model on images, clean and after FGSM at each budget.
     *
     * @param model the model
     * @param images the images
     * @param labels their labels
     * @param eps255 FGSM budgets in 8-bit levels
     * @return "clean" and "fgsm-E/255" to the fraction classified correctly
     */
    static Map<String, Double> accuracy(ThreatModel model, List<RgbImage> images, int[] labels, double... eps255) {
        Map<String, Double> out = new LinkedHashMap<>();
        int chunk = 8;
        int correct = 0;
        for (int i = 0; i < images.size(); i += chunk) {
            List<RgbImage> part = images.subList(i, Math.min(images.size(), i + chunk));
            Prediction[] p = model.predict(ImageBatch.of(part));
            for (int j = 0; j < p.length; j++) {
                correct += p[j].label() == labels[i + j] ? 1 : 0;
            }
        }
        out.put("clean", correct / (double) images.size());
        for (double e : eps255) {
            SignGradientAttack fgsm = SignGradientAttack.builder(model).method(SignGradientAttack.Method.FGSM)
                    .epsilon(Epsilon.of255(e)).robustTo8Bit(true).build();
            int still = 0;
            for (int i = 0; i < images.size(); i += chunk) {
                List<RgbImage> part = images.subList(i, Math.min(images.size(), i + chunk));
                List<AttackResult> r = fgsm.attackUntargeted(ImageBatch.of(part), Arrays.copyOfRange(labels, i, i + part.size()));
                for (int j = 0; j < r.size(); j++) {
                    still += r.get(j).after().label() == labels[i + j] ? 1 : 0;
                }
            }
            out.put(String.format(Locale.ROOT, "fgsm-%s/255", (long) e == e ? Long.toString((long) e) : Double.toString(e)),
                    still / (double) images.size());
        }
        return out;
    }

    /**
     * @param perClass scenes per class
     * @param size side length
     * @return held-out scenes, class-major, from seeds {@value #HELD_OUT_SEED} and up, rounded to 8 bits
     *     as the tool reads them from PNG files
     */
    static List<RgbImage> heldOut(int perClass, int size) {
        List<RgbImage> out = new ArrayList<>();
        for (int label = 0; label < DemoCnn.SCENES.classes(); label++) {
            for (int i = 0; i < perClass; i++) {
                out.add(SceneGenerator.scene(label, size, size, HELD_OUT_SEED + i).quantised8Bit());
            }
        }
        return out;
    }

    static int[] heldOutLabels(int perClass) {
        int[] l = new int[perClass * DemoCnn.SCENES.classes()];
        for (int i = 0; i < l.length; i++) {
            l[i] = i / perClass;
        }
        return l;
    }

    /**
     * Trains with {@link #DEFAULT}, evaluates, writes {@value DemoModel#RESOURCE} and
     * {@code scene-demo.json}.
     *
     * @param args optional output folder (default {@value #DEFAULT_OUTPUT})
     * @throws IOException if writing fails
     */
    public static void main(String[] args) throws IOException {
        if (args.length > 1) {
            throw new IllegalArgumentException("usage: TrainDemoModel [OUTPUT_DIR]");
        }
        Path dir = Path.of(args.length == 1 ? args[0] : DEFAULT_OUTPUT);
        Settings s = DEFAULT;
        System.out.println("training " + describe(s));
        long t0 = System.nanoTime();
        DemoCnn.Parameters p = train(s, 25, (step, loss) -> System.out.printf(Locale.ROOT,
                "step %5d  minibatch loss %.4f  %.0f s%n", step, loss, (System.nanoTime() - t0) / 1e9));
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        write(export(p, s), s, trainSeconds, dir);
    }

    /**
     * Evaluates an exported model and writes it with its record.
     *
     * @param onnx the model {@link #export} wrote for settings s
     * @param s the settings it was trained with
     * @param trainSeconds how long the training took
     * @param dir the output folder
     * @throws IOException if writing fails
     */
    static void write(byte[] onnx, Settings s, double trainSeconds, Path dir) throws IOException {
        DemoModel model = DemoModel.fromBytes(onnx);
        if (!describe(s).equals(model.metadata().get("pixelprivacy.settings"))) {
            throw new IllegalArgumentException("the model was trained with " + model.metadata().get("pixelprivacy.settings")
                    + ", not " + describe(s));
        }
        System.out.println("exported " + onnx.length + " bytes: " + model);

        Map<String, Object> eval = new LinkedHashMap<>();
        int perClass = 25;
        for (int size : new int[] {128, 256}) {
            long te = System.nanoTime();
            Map<String, Double> acc = size == 256
                    ? accuracy(model.threatModel(), heldOut(perClass, size), heldOutLabels(perClass), 2, 4, 8)
                    : accuracy(model.threatModel(), heldOut(perClass, size), heldOutLabels(perClass));
            eval.put("held-out " + size + "x" + size, acc);
            System.out.printf(Locale.ROOT, "held-out %dx%d (%d scenes): %s  %.0f s%n", size, size, perClass * 4, acc,
                    (System.nanoTime() - te) / 1e9);
        }
        List<RgbImage> samples = new ArrayList<>();
        List<Integer> sampleLabels = new ArrayList<>();
        for (int label = 0; label < DemoCnn.SCENES.classes(); label++) {
            for (long seed : GenerateSamples.SEEDS) {
                samples.add(SceneGenerator.scene(label, 256, 256, seed).quantised8Bit());
                sampleLabels.add(label);
            }
        }
        Map<String, Double> sampleAcc = accuracy(model.threatModel(), samples,
                sampleLabels.stream().mapToInt(Integer::intValue).toArray(), 2, 4, 8);
        eval.put("examples/samples", sampleAcc);
        System.out.println("samples: " + sampleAcc);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", DemoModel.RESOURCE);
        json.put("description", "pixel-privacy demo scene CNN: a demonstration threat model trained on procedural "
                + "scenes, not a scene recogniser");
        json.put("command", "java -cp examples/target/pixel-privacy.jar " + TrainDemoModel.class.getName() + " "
                + DEFAULT_OUTPUT);
        json.put("trainer", TrainDemoModel.class.getName());
        json.put("framework", "SameDiff (nd4j 1.0.0-M2.1, CPU), Adam, mean softmax cross-entropy");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("seed", s.seed());
        settings.put("firstSceneSeed", s.firstSceneSeed());
        settings.put("steps", s.steps());
        settings.put("batchSize", s.batchSize());
        settings.put("scenesPerClass", s.scenesPerClass());
        settings.put("sceneSize", s.sceneSize());
        settings.put("cropSize", s.cropSize());
        settings.put("learningRate", s.learningRate());
        settings.put("labelSmoothing", s.labelSmoothing());
        settings.put("colourJitter", s.colourJitter());
        settings.put("cropsSeen", (long) s.steps() * s.batchSize());
        settings.put("epochs", (double) s.steps() * s.batchSize() / (s.scenesPerClass() * DemoCnn.SCENES.classes()));
        settings.put("epochsNote", "crops seen / pool scenes; each crop is a fresh random square of a pool scene");
        json.put("training", settings);
        json.put("trainingSeconds", Math.round(trainSeconds));
        json.put("architecture", architecture());
        json.put("parameters", DemoCnn.initialise(DemoCnn.SCENES, 0).count());
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("opset", DemoCnn.OPSET);
        file.put("input", "input [N, 3, H, W] float, N/H/W symbolic");
        file.put("output", "logits [N, " + DemoCnn.SCENES.classes() + "]");
        file.put("operators", model.onnxModel().operatorCounts());
        file.put("bytes", onnx.length);
        json.put("onnx", file);
        json.put("classes", SceneGenerator.CLASSES);
        Map<String, Object> pre = new LinkedHashMap<>();
        pre.put("input", "RGB in [0, 1], NCHW, at the image's own size (no resize; at least 32x32)");
        pre.put("mean", MEAN);
        pre.put("std", STD);
        pre.put("formula", "(x - mean[c]) / std[c]");
        json.put("preprocessing", pre);
        Map<String, Object> evaluation = new LinkedHashMap<>();
        evaluation.put("heldOutSeeds", HELD_OUT_SEED + " .. " + (HELD_OUT_SEED + perClass - 1) + " per class");
        evaluation.put("attack", "FGSM (SignGradientAttack), untargeted, cross-entropy, robustTo8Bit; numbers are the "
                + "fraction still classified correctly");
        evaluation.putAll(eval);
        json.put("evaluation", evaluation);

        AtomicFiles.write(dir.resolve(DemoModel.RESOURCE), out -> out.write(onnx));
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.writeString(dir.resolve("scene-demo.json"), mapper.writeValueAsString(json) + "\n");
        System.out.println("wrote " + dir.resolve(DemoModel.RESOURCE) + " and scene-demo.json");
    }

    static String architecture() {
        return DemoCnn.SCENES.describe();
    }
}
