package dev.pixelprivacy.dl4j.testing;

import dev.pixelprivacy.dl4j.tools.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PyTorch-made fixtures in {@code <shared>/fixtures/onnx}, located by the system property {@code pixelprivacy.shared}. */
public final class Fixtures {
    private Fixtures() {}

    /** @return the fixture directory; fails (never skips) when the property or directory is missing */
    public static Path onnxDir() {
        return dir("onnx");
    }

    /** @return the Keras and TensorFlow.js fixture directory; fails (never skips) when it is missing */
    public static Path kerasDir() {
        return dir("keras");
    }

    private static Path dir(String kind) {
        String shared = System.getProperty("pixelprivacy.shared");
        if (shared == null || shared.isBlank()) {
            throw new IllegalStateException("system property pixelprivacy.shared is not set; run the tests through Maven "
                    + "(the parent pom sets it to <repo>/../shared) or pass -Dpixelprivacy.shared=/path/to/shared");
        }
        Path dir = Path.of(shared, "fixtures", kind);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("fixture directory " + dir.toAbsolutePath() + " does not exist (pixelprivacy.shared="
                    + shared + ")");
        }
        return dir;
    }

    /**
     * One fixture model with PyTorch's numbers.
     *
     * @param name model name
     * @param model the .onnx file
     * @param input input batch
     * @param output PyTorch's output
     * @param grad PyTorch's input gradient of the objective
     * @param objective "cross_entropy" or "mean_score"
     * @param labels class labels for cross_entropy, else null
     * @param objectiveValue PyTorch's objective value
     */
    public record Fixture(String name, Path model, Npy.Array input, Npy.Array output, Npy.Array grad, String objective,
                          int[] labels, double objectiveValue) {
    }

    /** @return the fixture named {@code name} */
    public static Fixture load(String name) {
        Path dir = onnxDir();
        try {
            String json = Files.readString(dir.resolve(name + ".json"));
            String objective = string(json, "objective");
            Matcher lm = Pattern.compile("\"labels\"\\s*:\\s*(null|\\[[^\\]]*\\])").matcher(json);
            int[] labels = null;
            if (lm.find() && !lm.group(1).equals("null")) {
                labels = Arrays.stream(lm.group(1).replaceAll("[\\[\\]\\s]", "").split(",")).mapToInt(Integer::parseInt).toArray();
            }
            Matcher vm = Pattern.compile("\"objective_value\"\\s*:\\s*([-0-9.eE+]+)").matcher(json);
            if (!vm.find()) {
                throw new IllegalStateException(name + ".json has no objective_value");
            }
            return new Fixture(name, dir.resolve(name + ".onnx"), Npy.read(dir.resolve(name + ".input.npy")),
                    Npy.read(dir.resolve(name + ".output.npy")), Npy.read(dir.resolve(name + ".grad.npy")), objective,
                    labels, Double.parseDouble(vm.group(1)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + name + " in " + dir, e);
        }
    }

    private static String string(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no \"" + key + "\" in " + json);
        }
        return m.group(1);
    }

    /**
     * @param nhwc values [n, h, w, c], row-major
     * @return the same values [n, c, h, w]
     */
    public static float[] nhwcToNchw(float[] nhwc, int n, int h, int w, int c) {
        float[] r = new float[nhwc.length];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int k = 0; k < c; k++) {
                        r[((i * c + k) * h + y) * w + x] = nhwc[((i * h + y) * w + x) * c + k];
                    }
                }
            }
        }
        return r;
    }

    /**
     * @param nchw values [n, c, h, w], row-major
     * @return the same values [n, h, w, c]
     */
    public static float[] nchwToNhwc(float[] nchw, int n, int c, int h, int w) {
        float[] r = new float[nchw.length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        r[((i * h + y) * w + x) * c + k] = nchw[((i * c + k) * h + y) * w + x];
                    }
                }
            }
        }
        return r;
    }

    /**
     * The objective weights PyTorch's numbers were made with: one-hot label rows for cross-entropy, else
     * class j weighted j + 1 (the mean score of make_onnx_fixtures.py).
     *
     * @param f the fixture
     * @param outputShape the network's output shape [batch, classes]
     * @return the weights, row-major
     */
    public static float[] objectiveWeights(Fixture f, long[] outputShape) {
        boolean ce = f.objective().equals("cross_entropy");
        int classes = (int) outputShape[1];
        float[] w = new float[(int) (outputShape[0] * classes)];
        for (int i = 0; i < outputShape[0]; i++) {
            for (int j = 0; j < classes; j++) {
                w[i * classes + j] = ce ? (f.labels()[i] == j ? 1f : 0f) : j + 1;
            }
        }
        return w;
    }

    /** @return max |a - b| / max |b| */
    public static double maxAbsRelative(float[] a, float[] b) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < b.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return diff / scale;
    }

    /** @return ||a - b||_2 / ||b||_2 */
    public static double relativeL2(float[] a, float[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < b.length; i++) {
            double d = (double) a[i] - b[i];
            num += d * d;
            den += (double) b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }
}
