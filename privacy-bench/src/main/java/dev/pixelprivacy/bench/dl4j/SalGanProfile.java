package dev.pixelprivacy.bench.dl4j;

import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.onnx.OnnxNetwork;
import dev.pixelprivacy.dl4j.onnx.internal.GraphTranslator;
import dev.pixelprivacy.dl4j.tools.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
 * Where the time of the SalGAN-sized saliency forward pass ({@link SalGanOnnx}, batch 1, 192x256, the
 * pipeline's saliency network) goes, for issue 13. A diagnostic for DL4J-RESULTS.md, not a benchmark:
 * {@code java -cp privacy-bench/target/benchmarks.jar dev.pixelprivacy.bench.dl4j.SalGanProfile ops 5}.
 *
 * <p>{@code ops CALLS [DIVISOR]}: translates the model in NCHW and in NHWC
 * ({@link GraphTranslator#NHWC_PROPERTY}) and times every op, calls of the graphs interleaved: as before
 * this work, NCHW and NHWC with helpers off for max pooling (what the library's {@code GenericKernels}
 * listener did in both layouts) and the plain upsampling ({@link #withUpsampledOutputs}); NHWC with
 * oneDNN's max pooling; and NHWC as the library builds it now, with oneDNN's max pooling and the
 * upsampling and 3x3 convolutions as stride-2 transposed convolutions. Prints per graph the median ms of each op (with its
 * output shape, in graph order, and each convolution's GFLOP/s) and their sums per op type. The timing
 * listener adds a little overhead per op; the wall time per call is printed without it.
 *
 * <p>{@code ab CALLS [DIVISOR]}: the NHWC networks as the library builds them ({@link OnnxModel#network}),
 * with the plain upsampling ({@link #withUpsampledOutputs}) against the transposed convolutions, calls
 * interleaved; medians, their ratio and the largest output difference. {@code dump CALLS DIVISOR DIR}:
 * the same, then writes the model, the input and both outputs to {@code DIR} for
 * {@code privacy-bench/anchors/salgan_float64_reference.py}, which compares both with a float64 forward pass.
 */
public final class SalGanProfile {
    private SalGanProfile() {
    }

    /** Times each op between pre- and post-execution, by op name, in first-execution order: ms per execution. */
    static final class OpClock extends BaseListener {
        final Map<String, List<Double>> byOp = new LinkedHashMap<>();
        final Map<String, String> typeOf = new HashMap<>();
        final Map<String, String> shapeOf = new HashMap<>();
        private final Map<String, Long> started = new HashMap<>();
        private final boolean genericMaxPool;
        boolean on;

        OpClock(boolean genericMaxPool) {
            this.genericMaxPool = genericMaxPool;
        }

        @Override
        public boolean isActive(Operation operation) {
            return true;
        }

        @Override
        public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext ctx) {
            if (genericMaxPool && ctx != null && op.getOp().opName().startsWith("maxpool2d")) {
                ctx.allowHelpers(false);
            }
            if (on) {
                started.put(op.getName(), System.nanoTime());
            }
        }

        @Override
        public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext ctx, INDArray[] outputs) {
            Long t0 = on ? started.remove(op.getName()) : null;
            if (t0 != null) {
                byOp.computeIfAbsent(op.getName(), k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e6);
                typeOf.putIfAbsent(op.getName(), op.getOp().opName());
                if (outputs != null && outputs.length > 0 && outputs[0] != null) {
                    shapeOf.putIfAbsent(op.getName(), Arrays.toString(outputs[0].shape()));
                }
            }
        }
    }

    /**
     * @param args {@code ops}, {@code ab} or {@code dump}, calls, optional channel divisor (default 1), for
     *     {@code dump} the directory
     */
    public static void main(String[] args) {
        String mode = args[0];
        int calls = Integer.parseInt(args[1]);
        int divisor = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        byte[] bytes = SalGanOnnx.build(divisor, 2017);
        long[] shape = {1, 3, SalGanOnnx.HEIGHT, SalGanOnnx.WIDTH};
        System.out.printf("load average at start: %s%n", Dl4jKernels.loadAverage());
        switch (mode) {
            case "ops" -> ops(bytes, shape, calls);
            case "ab" -> layoutAb(bytes, shape, calls, null);
            case "dump" -> layoutAb(bytes, shape, calls, Path.of(args[3]));
            default -> throw new IllegalArgumentException("mode must be ops, ab or dump but was " + mode);
        }
        System.out.printf("load average at end: %s%n", Dl4jKernels.loadAverage());
    }

    private static void ops(byte[] bytes, long[] shape, int calls) {
        Onnx.ModelProto model = Dl4jProfile.parse(bytes);
        Onnx.ModelProto plain = withUpsampledOutputs(model);
        Map<String, Long> macs = convMacs(model, shape);
        // before this work (plain upsampling, generic max pooling in both layouts), NHWC with only the
        // pooling change, and NHWC as the library now builds it
        String[] names = {"NCHW, before", "NHWC, before", "NHWC, oneDNN maxpool", "NHWC, oneDNN maxpool, transposed convolutions"};
        boolean[] nhwc = {false, true, true, true};
        boolean[] generic = {true, true, false, false};
        Onnx.ModelProto[] models = {plain, plain, plain, model};
        int v = names.length;
        SameDiff[] sd = new SameDiff[v];
        OpClock[] clocks = new OpClock[v];
        for (int k = 0; k < v; k++) {
            System.setProperty(GraphTranslator.NHWC_PROPERTY, Boolean.toString(nhwc[k]));
            sd[k] = GraphTranslator.translate(models[k], null, shape, GraphTranslator.Head.NONE, "saliency").sameDiff();
            clocks[k] = new OpClock(generic[k]);
            sd[k].setListeners(clocks[k]);
        }
        System.clearProperty(GraphTranslator.NHWC_PROPERTY);
        INDArray x = Nd4j.rand(DataType.FLOAT, shape).muli(255).subi(120);
        double[][] wall = new double[v][calls];
        double[][] timed = new double[v][calls];
        INDArray[] out = new INDArray[v];
        for (int i = 0; i < calls + 1; i++) {
            for (int k = 0; k < v; k++) {
                // alternate: one untimed call (wall time without the listener's bookkeeping), one timed
                clocks[k].on = false;
                long a = System.nanoTime();
                out[k] = sd[k].output(Map.of(GraphTranslator.INPUT, x), GraphTranslator.OUTPUT).get(GraphTranslator.OUTPUT)
                        .dup();
                long b = System.nanoTime();
                clocks[k].on = i > 0;
                sd[k].output(Map.of(GraphTranslator.INPUT, x), GraphTranslator.OUTPUT);
                long c = System.nanoTime();
                if (i > 0) {
                    wall[k][i - 1] = (b - a) / 1e6;
                    timed[k][i - 1] = (c - b) / 1e6;
                }
                System.gc();
            }
        }
        for (int k = 0; k < v; k++) {
            System.out.printf("%s: wall median %.1f ms per call, with the op timer %.1f ms; %d calls; max |output -"
                    + " NCHW output| %.3e%n", names[k], Dl4jProfile.median(wall[k]), Dl4jProfile.median(timed[k]), calls,
                    out[k].sub(out[0]).amaxNumber().doubleValue());
        }
        for (int k = 0; k < v; k++) {
            printOps(names[k], clocks[k], macs);
        }
    }

    /** Per op the median of its executions (robust to the load spikes of a shared machine), and per type their sum. */
    private static void printOps(String layout, OpClock c, Map<String, Long> macs) {
        Map<String, Double> medians = new LinkedHashMap<>();
        Map<String, double[]> byType = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, List<Double>> e : c.byOp.entrySet()) {
            double ms = Dl4jProfile.median(e.getValue().stream().mapToDouble(Double::doubleValue).toArray());
            medians.put(e.getKey(), ms);
            total += ms;
            double[] t = byType.computeIfAbsent(c.typeOf.get(e.getKey()), k -> new double[2]);
            t[0] += ms;
            t[1]++;
        }
        System.out.printf("== %s: sum of the ops' median ms per call, by op type (ops per call)%n", layout);
        byType.entrySet().stream().sorted((p, q) -> Double.compare(q.getValue()[0], p.getValue()[0]))
                .forEach(e -> System.out.printf("%-24s %8.1f ms  %4.0f%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
        System.out.printf("%-24s %8.1f ms%n", "sum of ops", total);
        System.out.printf("== %s: median ms per op, graph order (GFLOP/s: 2 x the ONNX Conv's multiply-adds / time,"
                + " effective for a transposed convolution that replaced an upsampling and its convolution)%n", layout);
        List<Long> convMacs = new ArrayList<>(macs.values());
        int conv = 0;
        for (Map.Entry<String, Double> e : medians.entrySet()) {
            double ms = e.getValue();
            String type = c.typeOf.get(e.getKey());
            String rate = "";
            if ((type.equals("conv2d") || type.equals("deconv2d")) && conv < convMacs.size()) {
                rate = String.format("  %.1f GFLOP/s", 2.0 * convMacs.get(conv++) / (ms * 1e6));
            }
            System.out.printf("%-44s %-18s %-22s %8.2f ms%s%n", e.getKey(), type, c.shapeOf.get(e.getKey()), ms, rate);
        }
    }

    /** Multiply-adds of each Conv node in graph order, from the weights' shapes and the running spatial size. */
    private static Map<String, Long> convMacs(Onnx.ModelProto model, long[] shape) {
        Map<String, long[]> weights = new HashMap<>();
        for (Onnx.TensorProto t : model.getGraph().getInitializerList()) {
            weights.put(t.getName(), t.getDimsList().stream().mapToLong(Long::longValue).toArray());
        }
        Map<String, Long> macs = new LinkedHashMap<>();
        long h = shape[2];
        long w = shape[3];
        for (Onnx.NodeProto n : model.getGraph().getNodeList()) {
            switch (n.getOpType()) {
                case "MaxPool" -> {
                    h /= 2;
                    w /= 2;
                }
                case "Resize" -> {
                    h *= 2;
                    w *= 2;
                }
                case "Conv" -> {
                    long[] ws = weights.get(n.getInput(1));
                    macs.put(n.getName(), h * w * ws[0] * ws[1] * ws[2] * ws[3]);
                }
                default -> {
                }
            }
        }
        return macs;
    }

    /**
     * The model with each Resize output also declared a graph output: a second consumer, so the
     * translator keeps the plain upsampling (a Resize node and its 3x3 convolution) as before the
     * transposed convolutions, for an A/B in one process.
     */
    static Onnx.ModelProto withUpsampledOutputs(Onnx.ModelProto model) {
        Onnx.ModelProto.Builder b = model.toBuilder();
        Onnx.TypeProto floatTensor = Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE)).build();
        for (Onnx.NodeProto n : model.getGraph().getNodeList()) {
            if (n.getOpType().equals("Resize")) {
                b.getGraphBuilder().addOutput(Onnx.ValueInfoProto.newBuilder().setName(n.getOutput(0)).setType(floatTensor));
            }
        }
        return b.build();
    }

    /** NHWC networks built by the library (whose pooling runs on oneDNN), with and without the transposed convolutions. */
    private static void layoutAb(byte[] bytes, long[] shape, int calls, Path dump) {
        OnnxModel[] models = {OnnxModel.fromBytes(withUpsampledOutputs(Dl4jProfile.parse(bytes)).toByteArray()),
            OnnxModel.fromBytes(bytes)};
        OnnxNetwork[] nets = new OnnxNetwork[2];
        for (int k = 0; k < 2; k++) {
            nets[k] = models[k].network(shape, null);
        }
        SplittableRandom r = new SplittableRandom(7);
        float[] x = new float[nets[0].inputLength()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 255 - 120);
        }
        double[][] t = new double[2][calls];
        float[][] out = new float[2][];
        for (int i = 0; i < calls + 1; i++) {
            for (int k = 0; k < 2; k++) {
                long a = System.nanoTime();
                out[k] = nets[k].output(x);
                if (i > 0) {
                    t[k][i - 1] = (System.nanoTime() - a) / 1e6;
                }
            }
        }
        double plain = Dl4jProfile.median(t[0]);
        double transposed = Dl4jProfile.median(t[1]);
        System.out.printf("forward, median of %d interleaved calls: plain upsampling %.1f ms, transposed convolutions %.1f ms"
                + " (%.2f)%n", calls, plain, transposed, plain / transposed);
        System.out.printf("per call plain %s%nper call transposed %s%n", Arrays.toString(t[0]), Arrays.toString(t[1]));
        double m = 0;
        for (int i = 0; i < out[0].length; i++) {
            m = Math.max(m, Math.abs(out[0][i] - out[1][i]));
        }
        System.out.printf("max |plain - transposed| of the output: %.3e of max %.3e%n", m, max(out[0]));
        if (dump != null) {
            try {
                Files.createDirectories(dump);
                Files.write(dump.resolve("salgan.onnx"), bytes);
                Npy.write(dump.resolve("input.npy"), shape, x);
                Npy.write(dump.resolve("plain.npy"), nets[0].outputShape(), out[0]);
                Npy.write(dump.resolve("transposed.npy"), nets[1].outputShape(), out[1]);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to " + dump, e);
            }
            System.out.printf("wrote salgan.onnx, input.npy, plain.npy and transposed.npy to %s%n", dump);
        }
        for (OnnxNetwork n : nets) {
            n.close();
        }
    }

    private static double max(float[] v) {
        double m = 0;
        for (float f : v) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }
}
