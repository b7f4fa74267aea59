package dev.pixelprivacy.bench.dl4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A/B of the libnd4j kernels a ResNet-50 gradient could run, one op at a time, in one process: for each
 * candidate pair the two kernels run alternately on the same arrays, several rounds, and the medians and
 * their ratio are printed (only ratios within one run mean anything on a shared machine), with the
 * largest difference of the two results. A diagnostic for the gradient part of issue 13, not a
 * benchmark: {@code java -cp privacy-bench/target/benchmarks.jar dev.pixelprivacy.bench.dl4j.Dl4jKernels 1 9}
 * (batch, rounds).
 *
 * <p>Pairs: ReLU backward ({@code thresholdedrelu_bp}, SameDiff's derivative of relu, against
 * {@code relu_bp}); the input gradient of each strided ResNet-50 convolution ({@code conv2d_bp}, which
 * also computes the weight gradient, against {@code deconv2d_tf} with its shape given); and for the
 * stride-1 convolutions {@code deconv2d_tf} against a forward {@code conv2d} of the output gradient with
 * the transposed (and for 3x3 flipped) weights, oneDNN's forward kernel.
 */
public final class Dl4jKernels {
    private Dl4jKernels() {
    }

    private interface Kernel {
        void run();
    }

    /**
     * @param args batch, rounds
     */
    public static void main(String[] args) {
        int batch = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Nd4j.getRandom().setSeed(1);
        System.out.printf("load average at start: %s%n", loadAverage());
        INDArray x = Nd4j.randn(DataType.FLOAT, batch, 256, 64, 64);
        INDArray g = Nd4j.randn(DataType.FLOAT, batch, 256, 64, 64);
        INDArray r1 = x.ulike();
        INDArray r2 = x.ulike();
        ab("relu backward " + shape(x), rounds, r1, r2,
                () -> exec("thresholdedrelu_bp", in(x, g), in(r1), new long[0], new double[] {0}, false),
                () -> exec("relu_bp", in(x, g), in(r2), new long[0], new double[0], false));
        // ResNet-50 at 256x256: {in channels, size, out channels, kernel, stride, pad}
        long[][] strided = {{3, 256, 64, 7, 2, 3}, {256, 64, 512, 1, 2, 0}, {128, 64, 128, 3, 2, 1},
            {512, 32, 1024, 1, 2, 0}, {256, 32, 256, 3, 2, 1}, {1024, 16, 2048, 1, 2, 0}, {512, 16, 512, 3, 2, 1}};
        for (long[] c : strided) {
            Conv v = new Conv(batch, c);
            ab("input gradient, conv " + Arrays.toString(c) + ": conv2d_bp | deconv2d_tf", rounds, v.gi, v.gi2,
                    () -> exec("conv2d_bp", in(v.x, v.w, v.b, v.go), in(v.gi, v.gw, v.gb), v.convArgs(), null, false),
                    () -> exec("deconv2d_tf", in(v.shape, v.w, v.go), in(v.gi2), v.deconvArgs(), null, true));
        }
        long[][] unit = {{64, 64, 64, 3, 1, 1}, {256, 64, 64, 1, 1, 0}, {64, 64, 256, 1, 1, 0},
            {512, 32, 128, 1, 1, 0}, {128, 32, 128, 3, 1, 1}, {1024, 16, 256, 1, 1, 0}, {256, 16, 256, 3, 1, 1},
            {2048, 8, 512, 1, 1, 0}, {512, 8, 512, 3, 1, 1}, {512, 8, 2048, 1, 1, 0}};
        for (long[] c : unit) {
            Conv v = new Conv(batch, c);
            INDArray wt = flipTranspose(v.w);
            long pad = c[3] - 1 - c[5];
            long[] fa = {c[3], c[3], 1, 1, pad, pad, 1, 1, 0, 0, 0};
            ab("input gradient, conv " + Arrays.toString(c) + ": deconv2d_tf | conv2d(flipped W^T)", rounds, v.gi, v.gi2,
                    () -> exec("deconv2d_tf", in(v.shape, v.w, v.go), in(v.gi), v.deconvArgs(), null, true),
                    () -> exec("conv2d", in(v.go, wt), in(v.gi2), fa, null, false));
        }
        System.out.printf("load average at end: %s%n", loadAverage());
    }

    /** Weights [kH, kW, iC, oC] of a convolution to those of its adjoint for stride 1: flipped, [kH, kW, oC, iC]. */
    static INDArray flipTranspose(INDArray w) {
        long kh = w.size(0);
        long kw = w.size(1);
        INDArray t = Nd4j.create(DataType.FLOAT, kh, kw, w.size(3), w.size(2));
        for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
                t.get(org.nd4j.linalg.indexing.NDArrayIndex.point(kh - 1 - i), org.nd4j.linalg.indexing.NDArrayIndex.point(kw - 1 - j))
                        .assign(w.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i), org.nd4j.linalg.indexing.NDArrayIndex.point(j)).transpose());
            }
        }
        return t;
    }

    private static final class Conv {
        final INDArray x;
        final INDArray w;
        final INDArray b;
        final INDArray go;
        final INDArray gi;
        final INDArray gi2;
        final INDArray gw;
        final INDArray gb;
        final INDArray shape;
        final long[] c;

        Conv(int batch, long[] c) {
            this.c = c;
            long o = (c[1] + 2 * c[5] - c[3]) / c[4] + 1;
            x = Nd4j.randn(DataType.FLOAT, batch, c[0], c[1], c[1]);
            w = Nd4j.randn(DataType.FLOAT, c[3], c[3], c[0], c[2]).muli(0.05);
            b = Nd4j.zeros(DataType.FLOAT, c[2]);
            go = Nd4j.randn(DataType.FLOAT, batch, c[2], o, o);
            gi = x.ulike();
            gi2 = x.ulike();
            gw = w.ulike();
            gb = b.ulike();
            shape = Nd4j.createFromArray(batch, c[0], c[1], c[1]);
        }

        long[] convArgs() {
            return new long[] {c[3], c[3], c[4], c[4], c[5], c[5], 1, 1, 0, 0, 0};
        }

        long[] deconvArgs() {
            return new long[] {c[3], c[3], c[4], c[4], c[5], c[5], 1, 1, 0, 0};
        }
    }

    private static INDArray[] in(INDArray... a) {
        return a;
    }

    private static String shape(INDArray a) {
        return Arrays.toString(a.shape());
    }

    private static void ab(String what, int rounds, INDArray outA, INDArray outB, Kernel a, Kernel b) {
        a.run();
        b.run();
        List<Double> ta = new ArrayList<>();
        List<Double> tb = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            a.run();
            long t1 = System.nanoTime();
            b.run();
            long t2 = System.nanoTime();
            ta.add((t1 - t0) / 1e6);
            tb.add((t2 - t1) / 1e6);
        }
        double ma = median(ta);
        double mb = median(tb);
        double diff = outA.sub(outB).amaxNumber().doubleValue();
        double scale = outA.amaxNumber().doubleValue();
        System.out.printf("%-90s A %8.2f ms  B %8.2f ms  A/B %.2f  max|A-B| %.2g of %.2g%n", what, ma, mb, ma / mb, diff, scale);
    }

    private static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String loadAverage() {
        try {
            return new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).trim();
        } catch (java.io.IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static void exec(String name, INDArray[] in, INDArray[] out, long[] iargs, double[] targs, boolean shapeGiven) {
        DynamicCustomOp.DynamicCustomOpsBuilder bld = DynamicCustomOp.builder(name).addInputs(in).addOutputs(out)
                .addIntegerArguments(Arrays.stream(iargs).mapToInt(v -> (int) v).toArray());
        if (targs != null && targs.length > 0) {
            bld.addFloatingPointArguments(Arrays.stream(targs).boxed().toArray(Double[]::new));
        }
        DynamicCustomOp op = bld.build();
        if (!shapeGiven) {
            Nd4j.exec(op);
            return;
        }
        try (OpContext ctx = Nd4j.getExecutioner().buildContext()) {
            ctx.setInputArrays(in);
            ctx.setOutputArrays(out);
            ctx.setIArguments(iargs);
            ctx.shapeFunctionOverride(true);
            Nd4j.exec(op, ctx);
        } catch (Exception e) {
            throw new IllegalStateException(name + " failed: " + e, e);
        }
    }
}
