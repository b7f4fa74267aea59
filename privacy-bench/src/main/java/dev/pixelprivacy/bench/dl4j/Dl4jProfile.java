package dev.pixelprivacy.bench.dl4j;

import dev.pixelprivacy.dl4j.onnx.Objective;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.onnx.OnnxNetwork;
import dev.pixelprivacy.dl4j.onnx.internal.GraphTranslator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import onnx.Onnx;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the time of a ResNet-50 forward pass and FGSM gradient goes: wall time per call, and with
 * {@code --ops} the time per SameDiff op type (a listener timing each op execution; it adds its own
 * overhead). A diagnostic for DL4J-RESULTS.md, not a benchmark:
 * {@code java -cp privacy-bench/target/benchmarks.jar dev.pixelprivacy.bench.dl4j.Dl4jProfile 1 256 5 --ops}.
 *
 * <p>{@code --layout-ab} instead builds the forward and gradient {@link OnnxNetwork}s twice through
 * {@link OnnxModel}, as a user would, once in NCHW and once with {@link GraphTranslator#NHWC_PROPERTY},
 * and times their calls interleaved in this process; it prints the medians and the largest differences
 * of the two layouts' logits and input gradients.
 */
public final class Dl4jProfile {
    private Dl4jProfile() {
    }

    /** Times each op type between pre- and post-execution. */
    static final class OpTimer extends BaseListener {
        final Map<String, long[]> byType = new TreeMap<>();
        private final Map<String, Long> started = new HashMap<>();
        boolean on;

        @Override
        public boolean isActive(Operation operation) {
            return on;
        }

        @Override
        public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext ctx) {
            started.put(op.getName(), System.nanoTime());
        }

        @Override
        public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext ctx, INDArray[] outputs) {
            Long t0 = started.remove(op.getName());
            if (t0 != null) {
                long[] a = byType.computeIfAbsent(op.getOp().opName(), k -> new long[2]);
                a[0] += System.nanoTime() - t0;
                a[1]++;
            }
        }
    }

    /**
     * @param args batch, size, calls, then optional flags: {@code --ops} (time per op type),
     *     {@code --stock-conv-gradient} (differentiate convolutions with SameDiff's conv2d_bp),
     *     {@code --ab} (then also time the stock and data-only gradient graphs, calls interleaved)
     *     or {@code --layout-ab} (only the NCHW against NHWC networks, see the class comment)
     */
    public static void main(String[] args) {
        int batch = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        int calls = Integer.parseInt(args[2]);
        List<String> flags = List.of(args).subList(3, args.length);
        boolean ops = flags.contains("--ops");
        boolean dataOnly = !flags.contains("--stock-conv-gradient");
        byte[] bytes = ResNet50Onnx.build(365, 2024);
        long[] shape = {batch, 3, size, size};
        if (flags.contains("--layout-ab")) {
            layoutAb(bytes, shape, calls);
            return;
        }
        Onnx.ModelProto model = parse(bytes);
        long t0 = System.nanoTime();
        GraphTranslator.Translated fwd = GraphTranslator.translate(model, null, shape, GraphTranslator.Head.NONE, "logits");
        GraphTranslator.Translated grad = GraphTranslator.translate(model, null, shape,
                GraphTranslator.Head.SOFTMAX_CROSS_ENTROPY, "logits", dataOnly);
        grad.sameDiff().createGradFunction(GraphTranslator.INPUT);
        System.out.printf("translate both + grad function: %.0f ms%n", (System.nanoTime() - t0) / 1e6);
        SplittableRandom r = new SplittableRandom(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, shape);
        INDArray w = Nd4j.zeros(DataType.FLOAT, batch, 365);
        for (int b = 0; b < batch; b++) {
            w.putScalar(b, r.nextInt(365), 1.0 / batch);
        }
        OpTimer tf = new OpTimer();
        OpTimer tg = new OpTimer();
        if (ops) {
            fwd.sameDiff().setListeners(tf);
            grad.sameDiff().setListeners(tg);
        }
        for (int i = 0; i < calls + 2; i++) {
            boolean measured = i >= 2;
            tf.on = measured && ops;
            tg.on = measured && ops;
            long a = System.nanoTime();
            fwd.sameDiff().output(Map.of(GraphTranslator.INPUT, x), GraphTranslator.OUTPUT);
            long b = System.nanoTime();
            grad.sameDiff().calculateGradientsAndOutputs(Map.of(GraphTranslator.INPUT, x, GraphTranslator.WEIGHTS, w),
                    List.of(GraphTranslator.OUTPUT, GraphTranslator.OBJECTIVE), List.of(GraphTranslator.INPUT));
            long c = System.nanoTime();
            System.out.printf("call %d: forward %.1f ms, gradient %.1f ms%n", i, (b - a) / 1e6, (c - b) / 1e6);
            if (i % 3 == 2) {
                System.gc();
            }
        }
        if (ops) {
            print("forward", tf, calls);
            print("gradient", tg, calls);
        }
        if (flags.contains("--ab")) {
            abConvGradient(model, shape, x, w, calls);
        }
    }

    /**
     * A/B of the convolution gradient in one process, calls interleaved so both see the same machine
     * load: the stock conv2d_bp graph against the data-only (deconv2d_tf) graph.
     */
    private static void abConvGradient(Onnx.ModelProto model, long[] shape, INDArray x, INDArray w, int calls) {
        SameDiff[] g = new SameDiff[2];
        for (int k = 0; k < 2; k++) {
            g[k] = GraphTranslator.translate(model, null, shape, GraphTranslator.Head.SOFTMAX_CROSS_ENTROPY, "logits",
                    k == 1).sameDiff();
        }
        double[][] t = new double[2][calls];
        for (int i = 0; i < calls + 1; i++) {
            for (int k = 0; k < 2; k++) {
                long a = System.nanoTime();
                g[k].calculateGradientsAndOutputs(Map.of(GraphTranslator.INPUT, x, GraphTranslator.WEIGHTS, w),
                        List.of(GraphTranslator.OUTPUT, GraphTranslator.OBJECTIVE), List.of(GraphTranslator.INPUT));
                if (i > 0) {
                    t[k][i - 1] = (System.nanoTime() - a) / 1e6;
                }
                System.gc();
            }
        }
        double stock = median(t[0]);
        double fast = median(t[1]);
        System.out.printf("A/B gradient, median of %d interleaved calls: conv2d_bp %.1f ms, deconv2d_tf %.1f ms (%.2fx)%n",
                calls, stock, fast, stock / fast);
    }

    /** NCHW against NHWC networks of the same model, calls interleaved: forward, then gradient. */
    private static void layoutAb(byte[] bytes, long[] shape, int calls) {
        System.out.printf("load average at start: %s%n", Dl4jKernels.loadAverage());
        OnnxModel model = OnnxModel.fromBytes(bytes);
        OnnxNetwork[][] nets = new OnnxNetwork[2][2];
        for (int k = 0; k < 2; k++) {
            System.setProperty(GraphTranslator.NHWC_PROPERTY, Boolean.toString(k == 1));
            nets[k][0] = model.network(shape, null);
            nets[k][1] = model.network(shape, Objective.SOFTMAX_CROSS_ENTROPY);
        }
        System.clearProperty(GraphTranslator.NHWC_PROPERTY);
        SplittableRandom r = new SplittableRandom(7);
        float[] x = new float[nets[0][0].inputLength()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        float[] w = new float[nets[0][0].outputLength()];
        int classes = (int) nets[0][0].outputShape()[1];
        for (int b = 0; b < shape[0]; b++) {
            w[b * classes + r.nextInt(classes)] = 1f / shape[0];
        }
        double[][][] t = new double[2][2][calls];
        float[][] out = new float[2][];
        OnnxNetwork.Evaluation[] ev = new OnnxNetwork.Evaluation[2];
        for (int i = 0; i < calls + 1; i++) {
            for (int k = 0; k < 2; k++) {
                long a = System.nanoTime();
                out[k] = nets[k][0].output(x);
                long b = System.nanoTime();
                ev[k] = nets[k][1].gradient(x, w);
                long c = System.nanoTime();
                if (i > 0) {
                    t[k][0][i - 1] = (b - a) / 1e6;
                    t[k][1][i - 1] = (c - b) / 1e6;
                }
            }
        }
        for (int p = 0; p < 2; p++) {
            double nchw = median(t[0][p]);
            double nhwc = median(t[1][p]);
            System.out.printf("%s, median of %d interleaved calls: NCHW %.1f ms, NHWC %.1f ms (NCHW / NHWC %.2f)%n",
                    p == 0 ? "forward" : "gradient", calls, nchw, nhwc, nchw / nhwc);
        }
        System.out.printf("max |logits NCHW - NHWC| %.3e (forward), %.3e (gradient network); max |input gradient"
                + " NCHW - NHWC| %.3e of max %.3e%n", maxDiff(out[0], out[1]), maxDiff(ev[0].output(), ev[1].output()),
                maxDiff(ev[0].inputGradient(), ev[1].inputGradient()), maxDiff(ev[0].inputGradient(), new float[x.length]));
        System.out.printf("load average at end: %s%n", Dl4jKernels.loadAverage());
        for (OnnxNetwork[] n : nets) {
            n[0].close();
            n[1].close();
        }
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void print(String what, OpTimer t, int calls) {
        System.out.println("== " + what + ": ms per call by op type (count per call)");
        long total = 0;
        for (long[] a : t.byType.values()) {
            total += a[0];
        }
        t.byType.entrySet().stream().sorted((p, q) -> Long.compare(q.getValue()[0], p.getValue()[0]))
                .forEach(e -> System.out.printf("%-28s %8.1f ms  %5d%n", e.getKey(), e.getValue()[0] / 1e6 / calls,
                        e.getValue()[1] / calls));
        System.out.printf("%-28s %8.1f ms%n", "sum of ops", total / 1e6 / calls);
    }

    /** The translator is internal and reads the protobuf; the model builder gives bytes. */
    static Onnx.ModelProto parse(byte[] model) {
        try {
            return Onnx.ModelProto.parseFrom(model);
        } catch (org.nd4j.shade.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        }
    }
}
