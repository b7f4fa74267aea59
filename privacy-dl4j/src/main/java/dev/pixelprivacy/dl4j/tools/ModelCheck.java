package dev.pixelprivacy.dl4j.tools;

import dev.pixelprivacy.dl4j.keras.KerasImport;
import dev.pixelprivacy.dl4j.keras.ModelFormat;
import dev.pixelprivacy.dl4j.model.ModelFiles;
import dev.pixelprivacy.dl4j.onnx.Objective;
import dev.pixelprivacy.dl4j.onnx.OnnxImportException;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.onnx.OnnxNetwork;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Checks whether a user's exported model imports and what its input gradient is:
 * <pre>
 * ModelCheck --model M.onnx|M.h5|model.json --input X.npy --objective cross_entropy|mean_score|mean_output
 *            [--labels 0,3] [--out-output O.npy] [--out-grad G.npy]
 * </pre>
 * Prints the operators found, the output shape, the objective's value and the time per forward pass
 * and per gradient. The input is fed as it is (no preprocessing). Objectives: {@code cross_entropy}
 * sums softmax cross-entropy of the [batch, classes] output against the labels; {@code mean_score}
 * sums {@code sum_i i * p_i}, i = 1..K, of a [batch, K] distribution; {@code mean_output} is the mean
 * of all outputs. The model's format is told by content (ONNX, Keras .h5, TF.js model.json); a Keras
 * model takes its input (and gives the gradient) NHWC, as Keras does, or NCHW. Exit status 0 on success, 1 if the model cannot be loaded or run (the loader's
 * message is printed), 2 for bad arguments.
 */
public final class ModelCheck {
    private ModelCheck() {}

    /** @param args see the class documentation */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @param args command-line arguments
     * @param out where the report goes
     * @param err where errors go
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                err.println("bad argument '" + args[i] + "'; usage: --model M.onnx --input X.npy "
                        + "--objective cross_entropy|mean_score|mean_output [--labels 0,3] [--out-output O.npy] [--out-grad G.npy]");
                return 2;
            }
            a.put(args[i].substring(2), args[++i]);
        }
        for (String req : new String[] {"model", "input", "objective"}) {
            if (!a.containsKey(req)) {
                err.println("missing --" + req);
                return 2;
            }
        }
        String objective = a.get("objective");
        if (!objective.equals("cross_entropy") && !objective.equals("mean_score") && !objective.equals("mean_output")) {
            err.println("--objective must be cross_entropy, mean_score or mean_output but was '" + objective + "'");
            return 2;
        }
        try {
            ModelFiles.Role role = switch (objective) {
                case "cross_entropy" -> ModelFiles.Role.CLASSIFIER;
                case "mean_score" -> ModelFiles.Role.DISTRIBUTION;
                default -> ModelFiles.Role.MAP;
            };
            Path file = Path.of(a.get("model"));
            OnnxModel model = ModelFiles.load(file, role);
            out.println("model: " + a.get("model") + " (" + ModelFormat.detect(file) + ", opset " + model.opset() + ")");
            String layers = model.metadata().get("pixelprivacy.keras.layers");
            if (layers != null) {
                out.println("Keras layers: " + layers);
            }
            out.println("operators: " + model.operatorCounts());
            Npy.Array x = Npy.read(Path.of(a.get("input")));
            boolean nhwc = channelsLast(model, x.shape());
            if (nhwc) {
                // a Keras model's input as Keras takes it: [n, rows, columns, channels]
                long[] s = x.shape();
                x = new Npy.Array(new long[] {s[0], s[3], s[1], s[2]}, transpose(x.data(), s, true));
            }
            out.println("input '" + model.inputName() + "': " + Arrays.toString(x.shape()));
            OnnxNetwork net = model.network(x.shape(), objective.equals("cross_entropy")
                    ? Objective.SOFTMAX_CROSS_ENTROPY : Objective.WEIGHTED_SUM);
            long[] os = net.outputShape();
            out.println("output '" + model.outputName() + "': " + Arrays.toString(os));
            float[] w = weights(objective, os, net.outputLength(), a.get("labels"));
            long t0 = System.nanoTime();
            net.output(x.data());
            long t1 = System.nanoTime();
            float[] y = net.output(x.data());
            long t2 = System.nanoTime();
            net.gradient(x.data(), w);
            long t3 = System.nanoTime();
            OnnxNetwork.Evaluation e = net.gradient(x.data(), w);
            long t4 = System.nanoTime();
            out.printf(Locale.ROOT, "objective %s: %.8g%n", objective, e.objective());
            out.printf(Locale.ROOT, "forward: %.1f ms (first call %.1f ms)%n", (t2 - t1) / 1e6, (t1 - t0) / 1e6);
            out.printf(Locale.ROOT, "gradient: %.1f ms (first call %.1f ms)%n", (t4 - t3) / 1e6, (t3 - t2) / 1e6);
            if (a.containsKey("out-output")) {
                Npy.write(Path.of(a.get("out-output")), os, y);
            }
            if (a.containsKey("out-grad")) {
                long[] s = x.shape();
                Npy.write(Path.of(a.get("out-grad")), nhwc ? new long[] {s[0], s[2], s[3], s[1]} : s,
                        nhwc ? transpose(e.inputGradient(), s, false) : e.inputGradient());
            }
            return 0;
        } catch (OnnxImportException e) {
            err.println("cannot use the model: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("I/O error: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    /** A Keras import fed NHWC: rank 4, the last axis the model's channel count and the second not. */
    private static boolean channelsLast(OnnxModel model, long[] s) {
        long[] d = model.declaredInputShape();
        return KerasImport.isKerasImport(model) && s.length == 4 && d.length == 4 && s[3] == d[1] && s[1] != d[1];
    }

    /** NHWC to NCHW ({@code toChannelsFirst}, s the NHWC shape) or NCHW to NHWC (s the NCHW shape). */
    private static float[] transpose(float[] v, long[] s, boolean toChannelsFirst) {
        int n = (int) s[0];
        int c = (int) (toChannelsFirst ? s[3] : s[1]);
        int h = (int) (toChannelsFirst ? s[1] : s[2]);
        int w = (int) (toChannelsFirst ? s[2] : s[3]);
        float[] r = new float[v.length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int chw = ((i * c + k) * h + y) * w + x;
                        int hwc = ((i * h + y) * w + x) * c + k;
                        if (toChannelsFirst) {
                            r[chw] = v[hwc];
                        } else {
                            r[hwc] = v[chw];
                        }
                    }
                }
            }
        }
        return r;
    }

    private static float[] weights(String objective, long[] os, int n, String labels) {
        float[] w = new float[n];
        switch (objective) {
            case "mean_output" -> Arrays.fill(w, 1f / n);
            case "mean_score" -> {
                requireRank2(os, objective);
                for (int i = 0; i < n; i++) {
                    w[i] = 1 + i % (int) os[1];
                }
            }
            default -> {
                requireRank2(os, objective);
                if (labels == null) {
                    throw new IllegalArgumentException("cross_entropy needs --labels with " + os[0] + " class indices");
                }
                String[] parts = labels.split(",");
                if (parts.length != os[0]) {
                    throw new IllegalArgumentException("--labels needs " + os[0] + " values but was '" + labels + "'");
                }
                for (int i = 0; i < parts.length; i++) {
                    int l;
                    try {
                        l = Integer.parseInt(parts[i].trim());
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException("--labels value '" + parts[i] + "' is not an integer");
                    }
                    if (l < 0 || l >= os[1]) {
                        throw new IllegalArgumentException("label " + l + " outside [0, " + os[1] + ")");
                    }
                    w[(int) (i * os[1] + l)] = 1f;
                }
            }
        }
        return w;
    }

    private static void requireRank2(long[] os, String objective) {
        if (os.length != 2) {
            throw new IllegalArgumentException(objective + " needs a [batch, classes] output but the output is " + Arrays.toString(os));
        }
    }
}
