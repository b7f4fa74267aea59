package dev.pixelprivacy.bench.dl4j;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A/B of the libnd4j kernels around the convolutions of the SalGAN-sized saliency forward (issue 13),
 * one op at a time in one process, the two kernels alternating on the same arrays for several rounds;
 * prints the medians, their ratio and the largest difference of the two results. A diagnostic for
 * DL4J-RESULTS.md, not a benchmark:
 * {@code java -cp privacy-bench/target/benchmarks.jar dev.pixelprivacy.bench.dl4j.SalGanKernels 1 9} (batch, rounds).
 *
 * <p>Max pooling in NHWC, libnd4j's generic kernel (helpers off, what the library's
 * {@code GenericKernels} listener forced for every layout) against oneDNN's, forward and backward, on
 * SalGAN's four 2x2 poolings and ResNet-50's 3x3 stride-2 stem pooling; then, for SalGAN's four
 * upsampling-plus-convolution stages in NHWC, the 3x3 convolution of the nearest 2x upsampled input
 * against the same result computed from the low-resolution input as one 2x2 convolution with four
 * output phases, {@code depth_to_space} and a crop, and as one stride-2 transposed convolution with a
 * 4x4 kernel (the rewrite {@code GraphTranslator} makes, the faster of the two), and the nearest 2x
 * upsampling alone as libnd4j's {@code upsampling2d}, which has no oneDNN kernel (helpers on and off
 * run the same generic code).
 */
public final class SalGanKernels {
    private SalGanKernels() {
    }

    /** @param args batch, rounds */
    public static void main(String[] args) {
        int batch = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Nd4j.getRandom().setSeed(1);
        System.out.printf("load average at start: %s%n", Dl4jKernels.loadAverage());
        // {channels, height, width, kernel, stride, pad}
        long[][] pools = {{64, 192, 256, 2, 2, 0}, {128, 96, 128, 2, 2, 0}, {256, 48, 64, 2, 2, 0}, {512, 24, 32, 2, 2, 0},
            {64, 128, 128, 3, 2, 1}};
        double[] fwd = new double[2];
        double[] bwd = new double[2];
        for (long[] p : pools) {
            INDArray x = Nd4j.randn(DataType.FLOAT, batch, p[1], p[2], p[0]);
            long oh = (p[1] + 2 * p[5] - p[3]) / p[4] + 1;
            long ow = (p[2] + 2 * p[5] - p[3]) / p[4] + 1;
            INDArray y1 = Nd4j.create(DataType.FLOAT, batch, oh, ow, p[0]);
            INDArray y2 = y1.ulike();
            long[] ia = {p[3], p[3], p[4], p[4], p[5], p[5], 1, 1, 0, 0, 1};
            Dl4jKernels.Pair f = Dl4jKernels.ab("maxpool2d NHWC " + Arrays.toString(p) + ": generic | oneDNN", rounds, y1, y2,
                    () -> exec("maxpool2d", in(x), in(y1), ia, false),
                    () -> exec("maxpool2d", in(x), in(y2), ia, true));
            INDArray g = Nd4j.randn(DataType.FLOAT, y1.shape());
            INDArray gi1 = x.ulike();
            INDArray gi2 = x.ulike();
            Dl4jKernels.Pair b = Dl4jKernels.ab("maxpool2d_bp NHWC " + Arrays.toString(p) + ": generic | oneDNN", rounds, gi1, gi2,
                    () -> exec("maxpool2d_bp", in(x, g), in(gi1), ia, false),
                    () -> exec("maxpool2d_bp", in(x, g), in(gi2), ia, true));
            fwd[0] += f.a();
            fwd[1] += f.b();
            bwd[0] += b.a();
            bwd[1] += b.b();
        }
        System.out.printf("max pooling, all shapes: forward generic %.2f ms, oneDNN %.2f ms (%.2f); backward generic"
                + " %.2f ms, oneDNN %.2f ms (%.2f)%n", fwd[0], fwd[1], fwd[0] / fwd[1], bwd[0], bwd[1], bwd[0] / bwd[1]);
        upsampleConv(batch, rounds);
        System.out.printf("load average at end: %s%n", Dl4jKernels.loadAverage());
    }

    /** SalGAN's decoder: nearest 2x then 3x3 convolution, against the four-phase 2x2 and the transposed convolution. */
    private static void upsampleConv(int batch, int rounds) {
        // {in channels, low-resolution height, width, out channels}
        long[][] stages = {{512, 12, 16, 512}, {512, 24, 32, 256}, {256, 48, 64, 128}, {128, 96, 128, 64}};
        double[] total = new double[3];
        for (long[] c : stages) {
            long h = c[1];
            long w = c[2];
            INDArray x = Nd4j.randn(DataType.FLOAT, batch, h, w, c[0]);
            INDArray k3 = Nd4j.randn(DataType.FLOAT, 3, 3, c[0], c[3]).muli(0.05);
            INDArray up = Nd4j.create(DataType.FLOAT, batch, 2 * h, 2 * w, c[0]);
            INDArray y1 = Nd4j.create(DataType.FLOAT, batch, 2 * h, 2 * w, c[3]);
            INDArray k2 = phaseKernels(k3);
            INDArray z = Nd4j.create(DataType.FLOAT, batch, h + 1, w + 1, 4 * c[3]);
            INDArray d = Nd4j.create(DataType.FLOAT, batch, 2 * h + 2, 2 * w + 2, c[3]);
            INDArray y2 = y1.ulike();
            long[] a3 = {3, 3, 1, 1, 1, 1, 1, 1, 0, 1, 0};
            long[] a2 = {2, 2, 1, 1, 1, 1, 1, 1, 0, 1, 0};
            Dl4jKernels.ab("upsampling2d NHWC " + Arrays.toString(c) + " (alone): oneDNN build | generic", rounds, up, up,
                    () -> exec("upsampling2d", in(x), in(up), new long[] {2, 2, 0}, true),
                    () -> exec("upsampling2d", in(x), in(up), new long[] {2, 2, 0}, false));
            Dl4jKernels.Pair t = Dl4jKernels.ab("nearest 2x + conv 3x3 NHWC " + Arrays.toString(c) + ": upsampling2d + conv2d | phase conv2d"
                    + " 2x2 + depth_to_space + crop", rounds, y1, y2,
                    () -> {
                        exec("upsampling2d", in(x), in(up), new long[] {2, 2, 0}, true);
                        exec("conv2d", in(up, k3), in(y1), a3, true);
                    },
                    () -> {
                        exec("conv2d", in(x, k2), in(z), a2, true);
                        exec("depth_to_space", in(z), in(d), new long[] {2, 1}, true);
                        y2.assign(d.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2 * h + 1),
                                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2 * w + 1),
                                org.nd4j.linalg.indexing.NDArrayIndex.all()));
                    });
            INDArray kd = transposedKernel(k3);
            INDArray y3 = y1.ulike();
            long[] ad = {4, 4, 2, 2, 1, 1, 1, 1, 0, 1, 0};
            Dl4jKernels.Pair u = Dl4jKernels.ab("nearest 2x + conv 3x3 NHWC " + Arrays.toString(c) + ": upsampling2d + conv2d | deconv2d 4x4"
                    + " stride 2 pads 1", rounds, y1, y3,
                    () -> {
                        exec("upsampling2d", in(x), in(up), new long[] {2, 2, 0}, true);
                        exec("conv2d", in(up, k3), in(y1), a3, true);
                    },
                    () -> exec("deconv2d", in(x, kd), in(y3), ad, true));
            total[0] += t.a();
            total[1] += t.b();
            total[2] += u.b();
        }
        System.out.printf("the four stages: upsampling + conv %.2f ms, phase convolution %.2f ms (%.2f), transposed"
                + " convolution %.2f ms (%.2f)%n", total[0], total[1], total[0] / total[1], total[2], total[0] / total[2]);
    }

    /**
     * The four phases of a 3x3 kernel [3, 3, in, out] (YXIO) on a nearest 2x upsampled input as 2x2 kernels
     * [2, 2, in, 4 out]: phase (a, b) of the output, in depth_to_space slot (1 - a, 1 - b).
     */
    static INDArray phaseKernels(INDArray k3) {
        long cin = k3.size(2);
        long cout = k3.size(3);
        INDArray k2 = Nd4j.zeros(DataType.FLOAT, 2, 2, cin, 4 * cout);
        // rows of the 3x3 kernel each 2x2 tap sums, for output phase 0 and 1
        int[][][] taps = {{{0}, {1, 2}}, {{0, 1}, {2}}};
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                int slot = (1 - a) * 2 + (1 - b);
                for (int r = 0; r < 2; r++) {
                    for (int q = 0; q < 2; q++) {
                        INDArray sum = Nd4j.zeros(DataType.FLOAT, cin, cout);
                        for (int dy : taps[a][r]) {
                            for (int dx : taps[b][q]) {
                                sum.addi(k3.get(org.nd4j.linalg.indexing.NDArrayIndex.point(dy),
                                        org.nd4j.linalg.indexing.NDArrayIndex.point(dx)));
                            }
                        }
                        k2.get(org.nd4j.linalg.indexing.NDArrayIndex.point(r), org.nd4j.linalg.indexing.NDArrayIndex.point(q),
                                org.nd4j.linalg.indexing.NDArrayIndex.all(),
                                org.nd4j.linalg.indexing.NDArrayIndex.interval(slot * cout, (slot + 1) * cout)).assign(sum);
                    }
                }
            }
        }
        return k2;
    }

    /**
     * The same as a 4x4 kernel of a stride-2 transposed convolution with pads 1, [4, 4, out, in] (deconv2d's
     * weights): output row {@code 2m + a} gathers input rows {@code m - 1 + a} and {@code m + a}, which
     * the transposed convolution reaches through taps {@code 3 - a} and {@code 1 - a}; per axis the taps are
     * the 3x3 kernel's rows {2}, {1, 2}, {0, 1} and {0}.
     */
    static INDArray transposedKernel(INDArray k3) {
        long cin = k3.size(2);
        long cout = k3.size(3);
        INDArray kd = Nd4j.zeros(DataType.FLOAT, 4, 4, cout, cin);
        int[][] taps = {{2}, {1, 2}, {0, 1}, {0}};
        for (int t = 0; t < 4; t++) {
            for (int u = 0; u < 4; u++) {
                INDArray sum = Nd4j.zeros(DataType.FLOAT, cin, cout);
                for (int dy : taps[t]) {
                    for (int dx : taps[u]) {
                        sum.addi(k3.get(org.nd4j.linalg.indexing.NDArrayIndex.point(dy),
                                org.nd4j.linalg.indexing.NDArrayIndex.point(dx)));
                    }
                }
                kd.get(org.nd4j.linalg.indexing.NDArrayIndex.point(t), org.nd4j.linalg.indexing.NDArrayIndex.point(u))
                        .assign(sum.transpose());
            }
        }
        return kd;
    }

    private static INDArray[] in(INDArray... a) {
        return a;
    }

    private static void exec(String name, INDArray[] in, INDArray[] out, long[] iargs, boolean helpers) {
        Dl4jKernels.inContext(name, Dl4jKernels.op(name, in, out, iargs, null), in, out, iargs, helpers);
    }
}
