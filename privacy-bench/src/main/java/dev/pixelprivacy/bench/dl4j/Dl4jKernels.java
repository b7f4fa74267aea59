package dev.pixelprivacy.bench.dl4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
 * (batch, rounds), or with a third argument {@code layout}, {@code gemm}, {@code flip} or {@code relu} only that
 * comparison (below).
 *
 * <p>Pairs: ReLU backward ({@code thresholdedrelu_bp}, SameDiff's derivative of relu, against
 * {@code relu_bp}); the input gradient of each strided ResNet-50 convolution ({@code conv2d_bp}, which
 * also computes the weight gradient, against {@code deconv2d_tf} with its shape given); and for the
 * stride-1 convolutions {@code deconv2d_tf} against a forward {@code conv2d} of the output gradient with
 * the transposed (and for 3x3 flipped) weights, oneDNN's forward kernel.
 *
 * <p>{@code layout}: every distinct convolution of ResNet-50 at 256x256 ({@link #RESNET50_CONVS}, with how
 * often it occurs) as forward {@code conv2d} and as input gradient ({@code deconv2d_tf}, or
 * {@code conv2d_bp} where {@code deconv2d_tf} rejects the shape) in NCHW against the same data in NHWC,
 * then ReLU, its backward, Add and the stem's MaxPool with its backward; the NHWC result is compared
 * with the NCHW one after permuting back, and the totals weighted by occurrence estimate what an NHWC
 * graph would gain per forward and per gradient.
 *
 * <p>{@code gemm}: each stride-1 1x1 convolution of ResNet-50 is a matrix product, with no window and no
 * layout reorder; in NCHW, per image, {@code y[oC, HW] = W^T x[iC, HW]} and its input gradient
 * {@code W g[oC, HW]}. The {@code matmul} op (one call per image) against {@code conv2d} and
 * {@code deconv2d_tf}, weighted by occurrence as for {@code layout}; then the NHWC input gradient,
 * {@code deconv2d_tf} against one {@code matmul} of the [n h w, out] view of the output gradient with the
 * weights stored transposed [out, in], which needs no permute at any batch size.
 *
 * <p>{@code flip}: the gradient graph's convolutions as they were (NCHW forward, NCHW {@code deconv2d_tf})
 * against NHWC forward convolutions and, for stride 1, the NHWC adjoint convolution (flipped, transposed
 * weights: what {@code ConvInputGradients} now builds); for the strided ones NHWC {@code deconv2d_tf}
 * against its generic kernel and against oneDNN's {@code deconv2d} with the border cut.
 *
 * <p>{@code relu}: ReLU backward, {@code relu_bp} against {@code step} and {@code multiply}, and those
 * against the one pairwise {@code CompareAndReplace} (g where y > 0, else y, which is 0 there).
 *
 * <p>{@code wformat}: every NHWC forward convolution of ResNet-50 and the adjoint convolution of each
 * stride-1 one, with the weights stored YXIO (what the translation builds), OIYX and OYXI: oneDNN
 * reorders them on every call into its blocked layout, and how long that takes depends on where it
 * starts. Per shape the median of the three, interleaved, and the totals weighted by occurrence.
 */
public final class Dl4jKernels {
    private Dl4jKernels() {
    }

    interface Kernel {
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
        String mode = args.length > 2 ? args[2] : "pairs";
        switch (mode) {
            case "gemm" -> gemm(batch, rounds);
            case "flip" -> flip(batch, rounds);
            case "relu" -> reluBackward(batch, rounds);
            case "layout" -> layout(batch, rounds);
            case "wformat" -> weightFormats(batch, rounds);
            case "pairs" -> pairs(batch, rounds);
            default -> throw new IllegalArgumentException("mode must be pairs, gemm, flip, relu, layout or wformat but was '"
                    + mode + "'");
        }
        System.out.printf("load average at end: %s%n", loadAverage());
    }

    /** The default comparison: the pairs of the class comment. */
    private static void pairs(int batch, int rounds) {
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
    }

    /**
     * The 53 convolutions of torchvision's ResNet-50 at 256x256 input as distinct shapes: {in channels,
     * input size, out channels, kernel, stride, pad, occurrences}. Stem; per stage the first block's 1x1
     * reduce, 3x3 (stride 2 from stage 2 on), 1x1 expand and downsample, then the other blocks' 1x1
     * reduce, 3x3 and 1x1 expand.
     */
    static final long[][] RESNET50_CONVS = {{3, 256, 64, 7, 2, 3, 1},
        {64, 64, 64, 1, 1, 0, 1}, {64, 64, 64, 3, 1, 1, 3}, {64, 64, 256, 1, 1, 0, 4}, {256, 64, 64, 1, 1, 0, 2},
        {256, 64, 128, 1, 1, 0, 1}, {128, 64, 128, 3, 2, 1, 1}, {128, 32, 512, 1, 1, 0, 4}, {256, 64, 512, 1, 2, 0, 1},
        {512, 32, 128, 1, 1, 0, 3}, {128, 32, 128, 3, 1, 1, 3},
        {512, 32, 256, 1, 1, 0, 1}, {256, 32, 256, 3, 2, 1, 1}, {256, 16, 1024, 1, 1, 0, 6},
        {512, 32, 1024, 1, 2, 0, 1}, {1024, 16, 256, 1, 1, 0, 5}, {256, 16, 256, 3, 1, 1, 5},
        {1024, 16, 512, 1, 1, 0, 1}, {512, 16, 512, 3, 2, 1, 1}, {512, 8, 2048, 1, 1, 0, 3},
        {1024, 16, 2048, 1, 2, 0, 1}, {2048, 8, 512, 1, 1, 0, 2}, {512, 8, 512, 3, 1, 1, 2}};

    /** Medians of one A/B pair: A, B in ms. */
    record Pair(double a, double b) {
    }

    /** Forward and input-gradient medians of convolutions, summed weighted by occurrence. */
    private static final class Totals {
        private final double[] fwd = new double[2];
        private final double[] bwd = new double[2];
        private int count;

        void add(long occurrences, Pair forward, Pair backward) {
            count += (int) occurrences;
            fwd[0] += occurrences * forward.a();
            fwd[1] += occurrences * forward.b();
            bwd[0] += occurrences * backward.a();
            bwd[1] += occurrences * backward.b();
        }

        void print(String what, String fa, String fb, String ba, String bb) {
            System.out.printf("%d %s weighted by occurrence: forward %s %.1f ms, %s %.1f ms (%.2f); input gradient %s %.1f ms,"
                    + " %s %.1f ms (%.2f)%n", count, what, fa, fwd[0], fb, fwd[1], fwd[0] / fwd[1], ba, bwd[0], bb, bwd[1],
                    bwd[0] / bwd[1]);
        }
    }

    /** NCHW against NHWC for every ResNet-50 convolution and the elementwise and pooling ops around them. */
    private static void layout(int batch, int rounds) {
        Totals total = new Totals();
        for (long[] c : RESNET50_CONVS) {
            Conv v = new Conv(batch, c);
            INDArray xh = nhwc(v.x);
            INDArray goh = nhwc(v.go);
            long[] ca = v.convArgs();
            long[] ha = nhwcArgs(ca);
            Pair f = forwardAb(v, xh, goh, rounds);
            INDArray gih = xh.ulike();
            Pair b;
            if (deconvTakes(c)) {
                long[] da = v.deconvArgs();
                long[] dh = da.clone();
                dh[9] = 1;
                INDArray shapeH = Nd4j.createFromArray(batch, c[1], c[1], c[0]);
                b = ab("deconv2d_tf " + Arrays.toString(c) + ": NCHW | NHWC", rounds, v.gi, gih.permute(0, 3, 1, 2),
                        () -> exec("deconv2d_tf", in(v.shape, v.w, v.go), in(v.gi), da, null, true),
                        () -> exec("deconv2d_tf", in(shapeH, v.w, goh), in(gih), dh, null, true));
            } else {
                INDArray gwh = v.gw.ulike();
                INDArray gbh = v.gb.ulike();
                b = ab("conv2d_bp " + Arrays.toString(c) + ": NCHW | NHWC", rounds, v.gi, gih.permute(0, 3, 1, 2),
                        () -> exec("conv2d_bp", in(v.x, v.w, v.b, v.go), in(v.gi, v.gw, v.gb), ca, null, false),
                        () -> exec("conv2d_bp", in(xh, v.w, v.b, goh), in(gih, gwh, gbh), ha, null, false));
            }
            total.add(c[6], f, b);
        }
        Both p = Both.randn(batch, 64, 128, 128);
        Both pg = Both.randn(batch, 64, 64, 64);
        Both po = pg.ulike();
        long[] pa = {3, 3, 2, 2, 1, 1, 1, 1, 0, 0, 0};
        long[] pah = pa.clone();
        pah[10] = 1;
        Pair mp = ab("maxpool2d 3x3/2 " + shape(p.c) + ": NCHW | NHWC", rounds, po.c, po.back(),
                () -> exec("maxpool2d", in(p.c), in(po.c), pa, null, false),
                () -> exec("maxpool2d", in(p.h), in(po.h), pah, null, false));
        Both pgi = p.ulike();
        Pair mpb = ab("maxpool2d_bp 3x3/2 " + shape(p.c) + ": NCHW | NHWC", rounds, pgi.c, pgi.back(),
                () -> exec("maxpool2d_bp", in(p.c, pg.c), in(pgi.c), pa, null, false),
                () -> exec("maxpool2d_bp", in(p.h, pg.h), in(pgi.h), pah, null, false));
        Both e = Both.randn(batch, 256, 64, 64);
        Both e2 = Both.randn(batch, 256, 64, 64);
        Both eo = e.ulike();
        for (String op : List.of("relu", "relu_bp", "add")) {
            double[] t = op.equals("relu") ? new double[] {0} : new double[0];
            ab(op + " " + shape(e.c) + ": NCHW | NHWC", rounds, eo.c, eo.back(),
                    () -> exec(op, op.equals("relu") ? in(e.c) : in(e.c, e2.c), in(eo.c), new long[0], t, false),
                    () -> exec(op, op.equals("relu") ? in(e.h) : in(e.h, e2.h), in(eo.h), new long[0], t, false));
        }
        total.print("convolutions", "NCHW", "NHWC", "NCHW", "NHWC");
        System.out.printf("maxpool + its backward: NCHW %.1f ms, NHWC %.1f ms%n", mp.a() + mpb.a(), mp.b() + mpb.b());
    }

    /**
     * The gradient graph as it is (NCHW forward conv2d, NCHW deconv2d_tf or conv2d_bp) against an NHWC one
     * whose stride-1 input gradients are forward conv2d of the output gradient with flipped, transposed
     * weights (the strided ones NHWC deconv2d_tf or conv2d_bp), every ResNet-50 convolution, weighted.
     */
    private static void flip(int batch, int rounds) {
        Totals total = new Totals();
        for (long[] c : RESNET50_CONVS) {
            Conv v = new Conv(batch, c);
            INDArray xh = nhwc(v.x);
            INDArray goh = nhwc(v.go);
            Pair f = forwardAb(v, xh, goh, rounds);
            INDArray gih = xh.ulike();
            // as the gradient graph does: deconv2d_tf with the shape given, its shape function skipped
            long[] da = v.deconvArgs();
            Kernel now = () -> exec("deconv2d_tf", in(v.shape, v.w, v.go), in(v.gi), da, null, true);
            Kernel next;
            String how;
            if (c[4] == 1) {
                INDArray wt = flipTranspose(v.w);
                long pad = c[3] - 1 - c[5];
                long[] fa = {c[3], c[3], 1, 1, pad, pad, 1, 1, 0, 1, 0};
                next = () -> exec("conv2d", in(goh, wt), in(gih), fa, null, false);
                how = "conv2d(flipped W^T) NHWC";
            } else {
                long[] dh = da.clone();
                dh[9] = 1;
                INDArray shapeH = Nd4j.createFromArray(batch, c[1], c[1], c[0]);
                next = () -> exec("deconv2d_tf", in(shapeH, v.w, goh), in(gih), dh, null, true);
                how = "deconv2d_tf NHWC";
                // the same adjoint by oneDNN's deconvolution (forward) primitive: unpadded, then the rows
                // and columns of the input cut out (1x1: SAME mode gives exactly s * out rows)
                long o = goh.size(1);
                boolean same = c[3] == 1;
                long full = same ? o * c[4] : (o - 1) * c[4] + c[3];
                INDArray big = Nd4j.create(DataType.FLOAT, batch, full, full, c[0]);
                INDArray gid = xh.ulike();
                long[] ea = {c[3], c[3], c[4], c[4], 0, 0, 1, 1, same ? 1 : 0, 1, 0};
                long p0 = same ? 0 : c[5];
                long rows = Math.min(c[1], full - p0);
                if (c[0] == 3) {
                    stemAsMatmul(batch, rounds, c, v, goh, gih, next);
                }
                if (c[3] == 1 && c[1] % 2 == 0) {
                    pointwiseStrided(batch, rounds, c, v, goh, gih, next);
                }
                INDArray gig = xh.ulike();
                ab("  the strided adjoint " + Arrays.toString(c) + ": deconv2d_tf NHWC | the same, generic kernel", rounds, gih, gig,
                        next, () -> execGeneric("deconv2d_tf", in(shapeH, v.w, goh), in(gig), dh));
                ab("  the strided adjoint " + Arrays.toString(c) + ": deconv2d_tf NHWC | deconv2d NHWC + cut", rounds, gih, gid, next,
                        () -> {
                            exec("deconv2d", in(goh, v.w), in(big), ea, null, false);
                            gid.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, rows),
                                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, rows),
                                    org.nd4j.linalg.indexing.NDArrayIndex.all())
                                    .assign(big.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                                            org.nd4j.linalg.indexing.NDArrayIndex.interval(p0, p0 + rows),
                                            org.nd4j.linalg.indexing.NDArrayIndex.interval(p0, p0 + rows),
                                            org.nd4j.linalg.indexing.NDArrayIndex.all()));
                        });
            }
            Pair b = ab("input gradient " + Arrays.toString(c) + ": now NCHW | " + how, rounds, v.gi,
                    gih.permute(0, 3, 1, 2), now, next);
            total.add(c[6], f, b);
        }
        total.print("convolutions", "NCHW", "NHWC", "now", "NHWC flipped");
    }

    /**
     * ReLU backward on ResNet-50's activation sizes (NHWC): {@code relu_bp(y, g)} against the legacy
     * {@code step(y)} (1 where y > 0) and a pairwise {@code multiply} by g, two vectorised passes.
     */
    private static void reluBackward(int batch, int rounds) {
        long[][] shapes = {{batch, 128, 128, 64}, {batch, 64, 64, 256}, {batch, 64, 64, 64}, {batch, 32, 32, 512},
            {batch, 16, 16, 1024}, {batch, 8, 8, 2048}};
        for (long[] sh : shapes) {
            INDArray y = org.nd4j.linalg.ops.transforms.Transforms.relu(Nd4j.randn(DataType.FLOAT, sh), true);
            INDArray g = Nd4j.randn(DataType.FLOAT, sh);
            INDArray r1 = y.ulike();
            INDArray r2 = y.ulike();
            INDArray tmp = y.ulike();
            INDArray r3 = y.ulike();
            ab("relu " + shape(y) + " | relu_bp", rounds, r1, r2,
                    () -> exec("relu", in(g), in(r1), new long[0], new double[] {0}, false),
                    () -> exec("relu_bp", in(y, g), in(r2), new long[0], new double[0], false));
            Kernel stepMultiply = () -> {
                Nd4j.exec(new org.nd4j.linalg.api.ops.impl.scalar.Step(y, tmp, 0.0));
                Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp(tmp, g, r3));
            };
            ab("relu_bp " + shape(y) + " | step + multiply", rounds, r2, r3,
                    () -> exec("relu_bp", in(y, g), in(r2), new long[0], new double[0], false), stepMultiply);
            INDArray r4 = y.ulike();
            ab("step + multiply " + shape(y) + " | CompareAndReplace(y > 0: g)", rounds, r3, r4, stepMultiply,
                    () -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.comparison.CompareAndReplace(y, g, r4,
                            org.nd4j.linalg.indexing.conditions.Conditions.greaterThan(0.0))));
        }
    }

    /** conv2d and deconv2d_tf against matmul for the stride-1 1x1 convolutions of ResNet-50. */
    private static void gemm(int batch, int rounds) {
        Totals total = new Totals();
        for (long[] c : RESNET50_CONVS) {
            if (c[3] != 1 || c[4] != 1) {
                continue;
            }
            Conv v = new Conv(batch, c);
            INDArray w2 = v.w.reshape(c[0], c[2]);
            long hw = c[1] * c[1];
            INDArray[] xs = perImage(v.x, c[0], hw);
            INDArray[] gos = perImage(v.go, c[2], hw);
            INDArray yc = v.go.ulike();
            INDArray ym = v.go.ulike();
            INDArray[] yms = perImage(ym, c[2], hw);
            INDArray gim = v.x.ulike();
            INDArray[] gims = perImage(gim, c[0], hw);
            long[] ca = v.convArgs();
            long[] da = v.deconvArgs();
            Pair f = ab("conv2d " + Arrays.toString(c) + ": conv2d | matmul", rounds, yc, ym,
                    () -> exec("conv2d", in(v.x, v.w), in(yc), ca, null, false),
                    () -> {
                        for (int i = 0; i < xs.length; i++) {
                            exec("matmul", in(w2, xs[i]), in(yms[i]), new long[] {1, 0, 0}, null, false);
                        }
                    });
            Pair b = ab("input gradient " + Arrays.toString(c) + ": deconv2d_tf | matmul", rounds, v.gi, gim,
                    () -> exec("deconv2d_tf", in(v.shape, v.w, v.go), in(v.gi), da, null, true),
                    () -> {
                        for (int i = 0; i < gos.length; i++) {
                            exec("matmul", in(w2, gos[i]), in(gims[i]), new long[] {0, 0, 0}, null, false);
                        }
                    });
            total.add(c[6], f, b);
        }
        total.print("stride-1 1x1 convolutions", "conv2d", "matmul", "deconv2d_tf", "matmul");
        double[] nhwcTotal = new double[2];
        for (long[] c : RESNET50_CONVS) {
            if (c[3] != 1 || c[4] != 1) {
                continue;
            }
            long rows = batch * c[1] * c[1];
            INDArray w = Nd4j.randn(DataType.FLOAT, 1, 1, c[0], c[2]).muli(0.05);
            INDArray wt = w.reshape(c[0], c[2]).transpose().dup('c');
            INDArray g = Nd4j.randn(DataType.FLOAT, batch, c[1], c[1], c[2]);
            INDArray gi = Nd4j.create(DataType.FLOAT, batch, c[1], c[1], c[0]);
            INDArray gim = gi.ulike();
            INDArray g2 = g.reshape(rows, c[2]);
            INDArray gim2 = gim.reshape(rows, c[0]);
            INDArray shape = Nd4j.createFromArray((long) batch, c[1], c[1], c[0]);
            long[] da = {1, 1, 1, 1, 0, 0, 1, 1, 0, 1};
            Pair p = ab("NHWC input gradient " + Arrays.toString(c) + ": deconv2d_tf | matmul [nhw, out] x [out, in]", rounds,
                    gi, gim,
                    () -> exec("deconv2d_tf", in(shape, w, g), in(gi), da, null, true),
                    () -> exec("matmul", in(g2, wt), in(gim2), new long[] {0, 0, 0}, null, false));
            nhwcTotal[0] += c[6] * p.a();
            nhwcTotal[1] += c[6] * p.b();
        }
        System.out.printf("NHWC input gradients of the stride-1 1x1 convolutions weighted by occurrence: deconv2d_tf %.1f ms,"
                + " matmul %.1f ms (%.2f)%n", nhwcTotal[0], nhwcTotal[1], nhwcTotal[0] / nhwcTotal[1]);
    }

    /** Each image of an NCHW array as a [C, H*W] view. */
    private static INDArray[] perImage(INDArray nchw, long channels, long hw) {
        INDArray[] r = new INDArray[(int) nchw.size(0)];
        for (int i = 0; i < r.length; i++) {
            r[i] = nchw.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).reshape(channels, hw);
        }
        return r;
    }

    /** The same values in NCHW ({@code c}) and in NHWC ({@code h}) order, both C-contiguous. */
    private record Both(INDArray c, INDArray h) {
        static Both randn(long... nchwShape) {
            INDArray c = Nd4j.randn(DataType.FLOAT, nchwShape);
            return new Both(c, nhwc(c));
        }

        Both ulike() {
            return new Both(c.ulike(), h.ulike());
        }

        /** @return the NHWC array as an NCHW view, to compare with {@code c} */
        INDArray back() {
            return h.permute(0, 3, 1, 2);
        }
    }

    /** Conv2d arguments {@code a} with the data format NHWC. */
    private static long[] nhwcArgs(long[] a) {
        long[] h = a.clone();
        h[9] = 1;
        return h;
    }

    /** The forward convolution {@code v} in NCHW against the same on the NHWC copies {@code xh}, {@code goh}. */
    private static Pair forwardAb(Conv v, INDArray xh, INDArray goh, int rounds) {
        INDArray yc = v.go.ulike();
        INDArray yh = goh.ulike();
        long[] ca = v.convArgs();
        long[] ha = nhwcArgs(ca);
        return ab("conv2d " + Arrays.toString(v.c) + ": NCHW | NHWC", rounds, yc, yh.permute(0, 3, 1, 2),
                () -> exec("conv2d", in(v.x, v.w), in(yc), ca, null, false),
                () -> exec("conv2d", in(xh, v.w), in(yh), ha, null, false));
    }

    /** Whether libnd4j's deconv2d_tf shape function accepts the input size of convolution {@code c}. */
    private static boolean deconvTakes(long[] c) {
        long o = (c[1] + 2 * c[5] - c[3]) / c[4] + 1;
        return c[4] * (o - 1) + c[3] - 2 * c[5] == c[1];
    }

    /** The same values in NHWC order, C-contiguous. */
    private static INDArray nhwc(INDArray nchw) {
        return nchw.permute(0, 2, 3, 1).dup('c');
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

    /** See the class comment ({@code wformat}). */
    private static void weightFormats(int batch, int rounds) {
        List<long[]> convs = new ArrayList<>(); // {in, size, out, kernel, stride, pad, occurrences, adjoint?}
        for (long[] c : RESNET50_CONVS) {
            convs.add(new long[] {c[0], c[1], c[2], c[3], c[4], c[5], c[6], 0});
            if (c[4] == 1) { // the adjoint: the output gradient in, the input's channels out, pads k - 1 - p
                convs.add(new long[] {c[2], c[1], c[0], c[3], 1, c[3] - 1 - c[5], c[6], 1});
            }
        }
        org.nd4j.enums.WeightsFormat[] formats = {org.nd4j.enums.WeightsFormat.YXIO, org.nd4j.enums.WeightsFormat.OIYX,
            org.nd4j.enums.WeightsFormat.OYXI};
        double[] total = new double[formats.length];
        double best = 0;
        for (long[] c : convs) {
            long o = (c[1] + 2 * c[5] - c[3]) / c[4] + 1;
            INDArray x = Nd4j.rand(DataType.FLOAT, batch, c[1], c[1], c[0]);
            INDArray oihw = Nd4j.rand(DataType.FLOAT, c[2], c[0], c[3], c[3]).subi(0.5);
            INDArray bias = c[7] == 0 ? Nd4j.rand(DataType.FLOAT, c[2]) : null; // the adjoint has none
            INDArray[] outs = new INDArray[formats.length];
            Kernel[] runs = new Kernel[formats.length];
            for (int f = 0; f < formats.length; f++) {
                INDArray w = switch (formats[f]) {
                    case YXIO -> oihw.permute(2, 3, 1, 0).dup('c');
                    case OIYX -> oihw.dup('c');
                    default -> oihw.permute(0, 2, 3, 1).dup('c');
                };
                INDArray out = Nd4j.create(DataType.FLOAT, batch, o, o, c[2]);
                outs[f] = out;
                long[] args = {c[3], c[3], c[4], c[4], c[5], c[5], 1, 1, 0, 1, f}; // NHWC, weights format f
                INDArray[] ins = bias == null ? in(x, w) : in(x, w, bias);
                runs[f] = () -> exec("conv2d", ins, in(out), args, null, false);
                runs[f].run();
            }
            List<List<Double>> times = new ArrayList<>();
            for (int f = 0; f < formats.length; f++) {
                times.add(new ArrayList<>());
            }
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < formats.length; k++) {
                    int f = (k + r) % formats.length; // each format first in turn
                    long t0 = System.nanoTime();
                    runs[f].run();
                    times.get(f).add((System.nanoTime() - t0) / 1e6);
                }
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-7s %4d -> %4d at %3d, %dx%d stride %d, x%d:",
                    c[7] == 0 ? "forward" : "adjoint", c[0], c[2], c[1], c[3], c[3], c[4], c[6]));
            double min = Double.MAX_VALUE;
            for (int f = 0; f < formats.length; f++) {
                double m = median(times.get(f));
                total[f] += m * c[6];
                min = Math.min(min, m);
                line.append(String.format(Locale.ROOT, "  %s %.3f ms", formats[f], m));
            }
            best += min * c[6];
            double diff = Math.max(outs[0].sub(outs[1]).amaxNumber().doubleValue(), outs[0].sub(outs[2]).amaxNumber().doubleValue());
            System.out.println(line.append(String.format(Locale.ROOT, "  max|diff| %.2g", diff)));
        }
        System.out.printf(Locale.ROOT, "weighted by occurrence: YXIO %.1f ms, OIYX %.1f ms, OYXI %.1f ms, "
                + "the fastest per shape %.1f ms%n", total[0], total[1], total[2], best);
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

    static Pair ab(String what, int rounds, INDArray outA, INDArray outB, Kernel a, Kernel b) {
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
        return new Pair(ma, mb);
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

    /**
     * The stem's input gradient (3 input channels) as one batched matrix product of the weights
     * [iC kH kW, oC] with the NHWC output gradient, giving the columns [n, iC kH kW, oH oW] in col2im's
     * layout, then {@code col2im} to NCHW and a permute to NHWC; the reshape between them copied, as
     * M2.1's reshape op does.
     */
    private static void stemAsMatmul(int batch, int rounds, long[] c, Conv v, INDArray goh, INDArray gih, Kernel now) {
        long k = c[3];
        long oc = c[2];
        long ic = c[0];
        long o = goh.size(1);
        // [kH, kW, iC, oC] -> [iC, kH, kW, oC] -> [iC kH kW, oC], tiled over the batch
        INDArray wm = v.w.permute(2, 0, 1, 3).dup('c').reshape(ic * k * k, oc);
        INDArray w3 = Nd4j.create(DataType.FLOAT, batch, ic * k * k, oc);
        for (int i = 0; i < batch; i++) {
            w3.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).assign(wm);
        }
        INDArray g3 = goh.reshape(batch, o * o, oc);
        INDArray cols = Nd4j.create(DataType.FLOAT, batch, ic * k * k, o * o);
        INDArray cols6 = Nd4j.create(DataType.FLOAT, batch, ic, k, k, o, o);
        INDArray img = Nd4j.create(DataType.FLOAT, batch, ic, c[1], c[1]);
        INDArray out = gih.ulike();
        long[] ca = {c[4], c[4], c[5], c[5], c[1], c[1], 1, 1, 0};
        ab("  the stem's adjoint " + Arrays.toString(c) + ": deconv2d_tf NHWC | matmul + col2im + permute", rounds, gih, out, now,
                () -> {
                    exec("matmul", in(w3, g3), in(cols), new long[] {0, 1, 0}, null, false);
                    cols6.assign(cols.reshape(batch, ic, k, k, o, o));
                    exec("col2im", in(cols6), in(img), ca, null, false);
                    out.assign(img.permute(0, 2, 3, 1));
                });
    }

    /**
     * The input gradient of a 1x1 stride-2 convolution (even input) as the 1x1 adjoint convolution at the
     * output's resolution, then spread to the even rows and columns: reshape to [n, h, 1, w, 1, c], pad
     * to [n, h, 2, w, 2, c] with zeros, reshape to [n, 2h, 2w, c] (both reshapes copied, as M2.1's op does).
     */
    private static void pointwiseStrided(int batch, int rounds, long[] c, Conv v, INDArray goh, INDArray gih, Kernel now) {
        long o = goh.size(1);
        INDArray wt = flipTranspose(v.w);
        INDArray small = Nd4j.create(DataType.FLOAT, batch, o, o, c[0]);
        INDArray six = Nd4j.create(DataType.FLOAT, batch, o, 1, o, 1, c[0]);
        INDArray padded = Nd4j.create(DataType.FLOAT, batch, o, 2, o, 2, c[0]);
        INDArray out = gih.ulike();
        INDArray pads = Nd4j.createFromArray(new int[][] {{0, 0}, {0, 0}, {0, 1}, {0, 0}, {0, 1}, {0, 0}});
        long[] fa = {1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 0};
        ab("  the strided adjoint " + Arrays.toString(c) + ": deconv2d_tf NHWC | 1x1 adjoint + spread", rounds, gih, out, now,
                () -> {
                    exec("conv2d", in(goh, wt), in(small), fa, null, false);
                    six.assign(small.reshape(batch, o, 1, o, 1, c[0]));
                    exec("pad", in(six, pads), in(padded), new long[] {0}, new double[] {0}, false);
                    out.assign(padded.reshape(batch, 2 * o, 2 * o, c[0]));
                });
    }

    /** {@code name} with the shape given and libnd4j's helpers (oneDNN) off: its generic CPU kernel. */
    private static void execGeneric(String name, INDArray[] in, INDArray[] out, long[] iargs) {
        inContext(name, op(name, in, out, iargs, null), in, out, iargs, false);
    }

    private static void exec(String name, INDArray[] in, INDArray[] out, long[] iargs, double[] targs, boolean shapeGiven) {
        DynamicCustomOp op = op(name, in, out, iargs, targs);
        if (!shapeGiven) {
            Nd4j.exec(op);
            return;
        }
        inContext(name, op, in, out, iargs, true);
    }

    static DynamicCustomOp op(String name, INDArray[] in, INDArray[] out, long[] iargs, double[] targs) {
        DynamicCustomOp.DynamicCustomOpsBuilder bld = DynamicCustomOp.builder(name).addInputs(in).addOutputs(out)
                .addIntegerArguments(Arrays.stream(iargs).mapToInt(v -> (int) v).toArray());
        if (targs != null && targs.length > 0) {
            bld.addFloatingPointArguments(Arrays.stream(targs).boxed().toArray(Double[]::new));
        }
        return bld.build();
    }

    /** Runs {@code op} in a context of its own that skips its shape function, with or without helpers. */
    static void inContext(String name, DynamicCustomOp op, INDArray[] in, INDArray[] out, long[] iargs,
                          boolean helpers) {
        try (OpContext ctx = Nd4j.getExecutioner().buildContext()) {
            ctx.setInputArrays(in);
            ctx.setOutputArrays(out);
            ctx.setIArguments(iargs);
            ctx.shapeFunctionOverride(true);
            ctx.allowHelpers(helpers);
            Nd4j.exec(op, ctx);
        } catch (Exception e) {
            throw new IllegalStateException(name + " failed: " + e, e);
        }
    }
}
