package dev.pixelprivacy.examples.demo;

import static dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder.attr;
import static dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder.dim;

import dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * A family of small CNNs trained with SameDiff and exported to ONNX: the demo scene CNN
 * ({@link #SCENES}) and, with another {@link Architecture}, the networks the tests train (a two-class
 * classifier, a NIMA-style aesthetic scorer). This class holds the architecture, the parameters, the
 * SameDiff graph they are trained in, the training loop and the ONNX export.
 *
 * <p>Architecture, for an NCHW input of any batch size and any height and width of at least
 * {@link Architecture#minSize()}: convolution blocks, each a convolution with a bias followed by a
 * ReLU and, where {@link Architecture#pooled()} says so, a 2x2 average pooling of stride 2; then
 * global average pooling and a dense layer to {@link Architecture#classes()} logits, optionally
 * followed by a softmax (a NIMA-style distribution over ratings). Global average pooling makes the
 * network size-agnostic.
 *
 * <p>The scene CNN ({@link #SCENES}): a patch stem (4x4 convolution of stride 4, as in
 * patch-embedding networks, so the network reads every pixel of a 256x256 photo at the cost of a
 * 64x64 one), then three 3x3 convolutions (stride 1, zero padding 1), the first three blocks pooled.
 * Average rather than max pooling: the network is then closer to linear in its input, so a one-step
 * attack such as FGSM moves its logits about as far as the gradient predicts, as it does on real
 * threat models (measured with label smoothing 0.5 on 40 held-out 256x256 scenes: after FGSM at
 * 8/255, all stayed correct with max pooling, 35% with average pooling).
 *
 * <p>Parameters are kept in SameDiff's layouts: convolution weights {@code [kH, kW, in, out]}
 * (YXIO, the layout whose gradient works in nd4j 1.0.0-M2.1, DL4J-NOTES.md), the dense weight
 * {@code [in, classes]}. The ONNX export converts them to ONNX's {@code [out, in, kH, kW]} and
 * Gemm's {@code [classes, in]} with {@code transB = 1}.
 */
final class DemoCnn {
    /**
     * The shape of one network of the family.
     *
     * @param channels output channels of each convolution block
     * @param kernels kernel side of each convolution
     * @param strides stride of each convolution
     * @param pads zero padding on every side of each convolution
     * @param pooled whether a 2x2 average pooling of stride 2 follows each block
     * @param classes number of logits (ratings, for a scorer), at least 2
     * @param softmaxOutput whether the ONNX model ends in a softmax over the logits (a score
     *     distribution, as NIMA outputs) instead of the logits themselves
     */
    record Architecture(int[] channels, int[] kernels, int[] strides, int[] pads, boolean[] pooled, int classes,
                        boolean softmaxOutput) {
        /** Validates and copies the arrays. */
        Architecture {
            int n = channels.length;
            if (n < 1 || kernels.length != n || strides.length != n || pads.length != n || pooled.length != n) {
                throw new IllegalArgumentException("channels, kernels, strides, pads and pooled need one entry per block "
                        + "(at least one) but had " + channels.length + ", " + kernels.length + ", " + strides.length + ", "
                        + pads.length + " and " + pooled.length);
            }
            for (int i = 0; i < n; i++) {
                if (channels[i] < 1 || kernels[i] < 1 || strides[i] < 1 || pads[i] < 0) {
                    throw new IllegalArgumentException("block " + (i + 1) + " needs channels, kernel and stride >= 1 and "
                            + "padding >= 0 but had " + channels[i] + ", " + kernels[i] + ", " + strides[i] + " and " + pads[i]);
                }
            }
            if (classes < 2) {
                throw new IllegalArgumentException("classes must be at least 2 but was " + classes);
            }
            channels = channels.clone();
            kernels = kernels.clone();
            strides = strides.clone();
            pads = pads.clone();
            pooled = pooled.clone();
        }

        /** @return the number of convolution blocks */
        int blocks() {
            return channels.length;
        }

        /** @return the smallest input side: the product of the strides and poolings (at least 1) */
        int minSize() {
            int m = 1;
            for (int i = 0; i < blocks(); i++) {
                m *= strides[i] * (pooled[i] ? 2 : 1);
            }
            return m;
        }

        /** @return the names of the parameters, in order: conv1.weight, conv1.bias, ..., fc.weight, fc.bias */
        List<String> parameterNames() {
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= blocks(); i++) {
                names.add("conv" + i + ".weight");
                names.add("conv" + i + ".bias");
            }
            names.add("fc.weight");
            names.add("fc.bias");
            return names;
        }

        /**
         * @param name a parameter name from {@link #parameterNames()}
         * @return its shape in SameDiff's layout
         */
        long[] shapeOf(String name) {
            if (name.startsWith("fc.")) {
                int in = channels[blocks() - 1];
                return name.endsWith(".weight") ? new long[] {in, classes} : new long[] {classes};
            }
            int block = Integer.parseInt(name.substring(4, name.indexOf('.'))) - 1;
            int in = block == 0 ? 3 : channels[block - 1];
            int out = channels[block];
            return name.endsWith(".weight") ? new long[] {kernels[block], kernels[block], in, out} : new long[] {out};
        }

        /** @return the layers in words, e.g. {@code conv3x3/1(3->8, pad 1)+relu+avgpool2x2, ..., dense(16->2)} */
        String describe() {
            List<String> layers = new ArrayList<>();
            int in = 3;
            for (int i = 0; i < blocks(); i++) {
                layers.add("conv" + kernels[i] + "x" + kernels[i] + "/" + strides[i] + "(" + in + "->" + channels[i]
                        + ", pad " + pads[i] + ")+relu" + (pooled[i] ? "+avgpool2x2" : ""));
                in = channels[i];
            }
            layers.add("global average pool");
            layers.add("dense(" + in + "->" + classes + ")");
            if (softmaxOutput) {
                layers.add("softmax");
            }
            return String.join(", ", layers);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Architecture a && Arrays.equals(channels, a.channels) && Arrays.equals(kernels, a.kernels)
                    && Arrays.equals(strides, a.strides) && Arrays.equals(pads, a.pads) && Arrays.equals(pooled, a.pooled)
                    && classes == a.classes && softmaxOutput == a.softmaxOutput;
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(channels), Arrays.hashCode(kernels), Arrays.hashCode(strides),
                    Arrays.hashCode(pads), Arrays.hashCode(pooled), classes, softmaxOutput);
        }

        @Override
        public String toString() {
            return "Architecture[" + describe() + "]";
        }
    }

    /** The demo scene CNN: logits over {@link SceneGenerator#CLASSES}, inputs of at least 32x32. */
    static final Architecture SCENES = new Architecture(new int[] {16, 32, 64, 64}, new int[] {4, 3, 3, 3},
            new int[] {4, 1, 1, 1}, new int[] {0, 1, 1, 1}, new boolean[] {true, true, true, false},
            SceneGenerator.CLASSES.size(), false);
    /** Name of the input, in SameDiff and in the ONNX graph. */
    static final String INPUT = "input";
    /** Name of the logits, in SameDiff and in the ONNX graph. */
    static final String LOGITS = "logits";
    /** Name of the ONNX output of an architecture with {@link Architecture#softmaxOutput()}. */
    static final String PROBABILITIES = "probabilities";
    /** Name of the label placeholder of the training graph: a target distribution per image. */
    static final String LABEL = "label";
    /** Name of the training loss (mean softmax cross-entropy). */
    static final String LOSS = "loss";
    /** The ONNX opset the export declares. */
    static final long OPSET = 13;

    private DemoCnn() {}

    /**
     * A network's parameters by name, in SameDiff's layouts.
     *
     * @param architecture the network they belong to
     * @param values one flat row-major array per parameter, in {@link Architecture#parameterNames()} order
     */
    record Parameters(Architecture architecture, Map<String, float[]> values) {
        Parameters {
            List<String> names = architecture.parameterNames();
            if (!values.keySet().equals(new java.util.HashSet<>(names))) {
                throw new IllegalArgumentException("parameters must be " + names + " but were " + values.keySet());
            }
            LinkedHashMap<String, float[]> copy = new LinkedHashMap<>();
            for (String n : names) {
                float[] v = values.get(n);
                if (v.length != length(architecture.shapeOf(n))) {
                    throw new IllegalArgumentException(n + " must hold " + length(architecture.shapeOf(n))
                            + " values but held " + v.length);
                }
                copy.put(n, v.clone());
            }
            values = Collections.unmodifiableMap(copy);
        }

        /** @return the values of one parameter (a copy) */
        float[] get(String name) {
            return values.get(name).clone();
        }

        /** @return the number of scalar parameters */
        long count() {
            return values.values().stream().mapToLong(v -> v.length).sum();
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Parameters p) || !architecture.equals(p.architecture)) {
                return false;
            }
            for (String n : architecture.parameterNames()) {
                if (!Arrays.equals(values.get(n), p.values.get(n))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = architecture.hashCode();
            for (String n : architecture.parameterNames()) {
                h = 31 * h + Arrays.hashCode(values.get(n));
            }
            return h;
        }

        @Override
        public String toString() {
            return "DemoCnn.Parameters[" + count() + " values]";
        }
    }

    /**
     * He-normal initialisation (standard deviation sqrt(2 / fan-in)) of the weights, zero biases,
     * from a {@link SplittableRandom}: the same seed gives the same parameters on any machine.
     *
     * @param a the architecture
     * @param seed the seed
     * @return fresh parameters
     */
    static Parameters initialise(Architecture a, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, float[]> v = new LinkedHashMap<>();
        for (String n : a.parameterNames()) {
            long[] s = a.shapeOf(n);
            float[] w = new float[(int) length(s)];
            if (n.endsWith(".weight")) {
                long fanIn = n.startsWith("fc.") ? s[0] : s[0] * s[1] * s[2];
                double std = Math.sqrt(2.0 / fanIn);
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) (std * gaussian(r));
                }
            }
            v.put(n, w);
        }
        return new Parameters(a, v);
    }

    private static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    /**
     * Builds the network in SameDiff: a float placeholder {@value #INPUT} of shape [-1, 3, -1, -1]
     * (already normalised), the output {@value #LOGITS} [-1, classes]; with {@code training}, the
     * parameters are trainable variables and a placeholder {@value #LABEL} [-1, classes] for the
     * target distributions and the mean softmax cross-entropy {@value #LOSS} are added; otherwise the
     * parameters are constants. The graph ends at the logits even when the architecture has a softmax
     * output: the softmax is part of the loss here, and a node of the ONNX export.
     *
     * @param p the parameters
     * @param training whether to build the training graph
     * @return the graph
     */
    static SameDiff graph(Parameters p, boolean training) {
        Architecture a = p.architecture();
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder(INPUT, DataType.FLOAT, -1, 3, -1, -1);
        Pooling2DConfig pool = Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).pH(0).pW(0).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).isNHWC(false).type(Pooling2D.Pooling2DType.AVG)
                .divisor(Pooling2D.Divisor.INCLUDE_PADDING).build();
        SDVariable h = x;
        for (int i = 1; i <= a.blocks(); i++) {
            // the configuration privacy-dl4j's ONNX translator builds for such a Conv: explicit symmetric
            // padding, NCHW data, YXIO weights
            Conv2DConfig conv = Conv2DConfig.builder().kH(a.kernels()[i - 1]).kW(a.kernels()[i - 1])
                    .sH(a.strides()[i - 1]).sW(a.strides()[i - 1]).pH(a.pads()[i - 1]).pW(a.pads()[i - 1]).dH(1).dW(1)
                    .paddingMode(PaddingMode.VALID).dataFormat("NCHW").weightsFormat(WeightsFormat.YXIO).build();
            SDVariable w = param(sd, p, "conv" + i + ".weight", training);
            SDVariable b = param(sd, p, "conv" + i + ".bias", training);
            h = sd.nn().relu(sd.cnn().conv2d(h, w, b, conv), 0);
            if (a.pooled()[i - 1]) {
                h = sd.cnn().avgPooling2d(h, pool);
            }
        }
        SDVariable features = sd.mean(h, false, 2, 3);
        SDVariable logits = features.mmul(param(sd, p, "fc.weight", training)).add(param(sd, p, "fc.bias", training));
        sd.identity(LOGITS, logits);
        if (training) {
            SDVariable label = sd.placeHolder(LABEL, DataType.FLOAT, -1, a.classes());
            sd.loss().softmaxCrossEntropy(LOSS, label, sd.getVariable(LOGITS), null);
            sd.setLossVariables(LOSS);
        }
        return sd;
    }

    private static SDVariable param(SameDiff sd, Parameters p, String name, boolean training) {
        INDArray a = Nd4j.create(p.get(name), p.architecture().shapeOf(name), 'c');
        String n = name.replace('.', '_');
        return training ? sd.var(n, a) : sd.constant(n, a);
    }

    /**
     * @param sd a graph from {@link #graph}
     * @param a its architecture
     * @return its current parameter values
     */
    static Parameters read(SameDiff sd, Architecture a) {
        Map<String, float[]> v = new LinkedHashMap<>();
        for (String n : a.parameterNames()) {
            INDArray arr = sd.getArrForVarName(n.replace('.', '_'));
            v.put(n, arr.dup('c').reshape(arr.length()).toFloatVector());
        }
        return new Parameters(a, v);
    }

    /**
     * One minibatch.
     *
     * @param input the normalised NCHW input, row-major
     * @param shape its shape [N, 3, H, W]
     * @param targets one target distribution per image (one-hot, smoothed, or a rating distribution),
     *     row-major [N, classes]
     */
    record Batch(float[] input, long[] shape, float[] targets) {}

    /** Makes the minibatches of a training run, in order. */
    @FunctionalInterface
    interface Batches {
        /**
         * @param step the update this batch is for, from 0
         * @return the batch
         */
        Batch next(int step);
    }

    /** Receives training progress. */
    @FunctionalInterface
    interface Progress {
        /**
         * @param step the update just made, from 1
         * @param loss its minibatch's mean cross-entropy before the update
         */
        void step(int step, double loss);
    }

    /**
     * Trains with Adam on the mean softmax cross-entropy against the batches' target distributions.
     * Reproducible: given the same initial parameters and batches, SameDiff's updates run on the CPU
     * in a fixed order, and on one machine the result is bit-identical (checked by the tests).
     *
     * @param init the initial parameters (see {@link #initialise})
     * @param learningRate Adam's step size, &gt; 0
     * @param steps minibatch updates, &gt;= 0
     * @param batches makes the minibatch of each step
     * @param reportEvery how often to compute the minibatch loss for progress (an extra forward pass)
     * @param progress told after every {@code reportEvery} steps and after the last, or null
     * @return the trained parameters
     */
    static Parameters train(Parameters init, double learningRate, int steps, Batches batches, int reportEvery,
                            Progress progress) {
        if (!(learningRate > 0) || steps < 0 || (progress != null && reportEvery < 1)) {
            throw new IllegalArgumentException("need learningRate > 0, steps >= 0 and reportEvery >= 1 but got "
                    + learningRate + ", " + steps + " and " + reportEvery);
        }
        int classes = init.architecture().classes();
        SameDiff sd = graph(init, true);
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(learningRate))
                .dataSetFeatureMapping(INPUT).dataSetLabelMapping(LABEL).build());
        for (int step = 0; step < steps; step++) {
            Batch b = batches.next(step);
            long n = b.shape()[0];
            if (b.shape().length != 4 || b.shape()[1] != 3 || b.targets().length != n * classes) {
                throw new IllegalArgumentException("batch " + step + " must be [N, 3, H, W] with N x " + classes
                        + " targets but was " + Arrays.toString(b.shape()) + " with " + b.targets().length + " targets");
            }
            INDArray features = Nd4j.create(b.input(), b.shape(), 'c');
            INDArray labels = Nd4j.create(b.targets(), new long[] {n, classes}, 'c');
            boolean report = progress != null && ((step + 1) % reportEvery == 0 || step + 1 == steps);
            double loss = report
                    ? sd.output(Map.of(INPUT, features, LABEL, labels), LOSS).get(LOSS).getDouble(0)
                    : Double.NaN;
            sd.fit(new DataSet(features, labels));
            if (report) {
                progress.step(step + 1, loss);
            }
            if (step % 50 == 49) {
                System.gc(); // ND4J frees native buffers only when their Java objects are collected (DL4J-NOTES.md)
            }
        }
        return read(sd, init.architecture());
    }

    /**
     * Forward pass of a graph from {@link #graph}.
     *
     * @param sd the graph
     * @param input normalised NCHW input
     * @param shape its shape [N, 3, H, W]
     * @return the logits, row-major [N, classes]
     */
    static float[] logits(SameDiff sd, float[] input, long[] shape) {
        INDArray x = Nd4j.create(input, shape, 'c');
        INDArray z = sd.output(Map.of(INPUT, x), LOGITS).get(LOGITS);
        return z.dup('c').reshape(z.length()).toFloatVector();
    }

    /**
     * Writes the network as an ONNX model (opset {@value #OPSET}) with privacy-dl4j's
     * {@link OnnxModelBuilder}: input {@value #INPUT} of shape [N, 3, H, W] with symbolic N, H and W, output
     * {@value #LOGITS} [N, classes] (or {@value #PROBABILITIES}, their softmax, for an architecture with a
     * softmax output); nodes Conv, Relu, AveragePool, GlobalAveragePool, Flatten, Gemm (and Softmax).
     *
     * @param p the parameters
     * @param graphName the ONNX graph's name
     * @param producer the producer name recorded in the model
     * @param docString the model's documentation string
     * @param metadata metadata_props entries, in order
     * @return the serialised model
     */
    static byte[] toOnnx(Parameters p, String graphName, String producer, String docString,
                         Map<String, String> metadata) {
        Architecture a = p.architecture();
        String output = a.softmaxOutput() ? PROBABILITIES : LOGITS;
        OnnxModelBuilder g = new OnnxModelBuilder(OPSET).graphName(graphName).irVersion(7).producer(producer, "1")
                .modelDomainAndVersion("dev.pixelprivacy.examples", 1).docString(docString);
        g.input(INPUT, dim("N"), dim(3), dim("H"), dim("W"));
        g.output(output, dim("N"), dim(a.classes()));
        String h = INPUT;
        for (int i = 1; i <= a.blocks(); i++) {
            String w = "conv" + i + ".weight";
            String b = "conv" + i + ".bias";
            long[] s = a.shapeOf(w);
            int k = a.kernels()[i - 1];
            int pad = a.pads()[i - 1];
            int stride = a.strides()[i - 1];
            // YXIO [kH, kW, in, out] -> OIHW [out, in, kH, kW]
            INDArray oihw = Nd4j.create(p.get(w), s, 'c').permute(3, 2, 0, 1).dup('c');
            g.initializer(w, oihw.reshape(oihw.length()).toFloatVector(), s[3], s[2], s[0], s[1]);
            g.initializer(b, p.get(b), a.shapeOf(b));
            String c = "/conv" + i + "/Conv_output_0";
            g.namedNode("/conv" + i + "/Conv", "Conv", new String[] {h, w, b}, c,
                    attr("dilations", 1, 1), attr("group", 1), attr("kernel_shape", k, k),
                    attr("pads", pad, pad, pad, pad), attr("strides", stride, stride));
            String r = "/relu" + i + "/Relu_output_0";
            g.namedNode("/relu" + i + "/Relu", "Relu", new String[] {c}, r);
            h = r;
            if (a.pooled()[i - 1]) {
                String m = "/pool" + i + "/AveragePool_output_0";
                g.namedNode("/pool" + i + "/AveragePool", "AveragePool", new String[] {h}, m,
                        attr("ceil_mode", 0), attr("kernel_shape", 2, 2), attr("pads", 0, 0, 0, 0), attr("strides", 2, 2));
                h = m;
            }
        }
        g.namedNode("/gap/GlobalAveragePool", "GlobalAveragePool", new String[] {h}, "/gap/GlobalAveragePool_output_0");
        g.namedNode("/flatten/Flatten", "Flatten", new String[] {"/gap/GlobalAveragePool_output_0"},
                "/flatten/Flatten_output_0", attr("axis", 1));
        long[] fs = a.shapeOf("fc.weight");
        INDArray fcT = Nd4j.create(p.get("fc.weight"), fs, 'c').transpose().dup('c');
        g.initializer("fc.weight", fcT.reshape(fcT.length()).toFloatVector(), fs[1], fs[0]);
        g.initializer("fc.bias", p.get("fc.bias"), a.classes());
        g.namedNode("/fc/Gemm", "Gemm", new String[] {"/flatten/Flatten_output_0", "fc.weight", "fc.bias"}, LOGITS,
                attr("alpha", 1f), attr("beta", 1f), attr("transB", 1));
        if (a.softmaxOutput()) {
            g.namedNode("/softmax/Softmax", "Softmax", new String[] {LOGITS}, PROBABILITIES, attr("axis", 1));
        }
        metadata.forEach(g::metadata);
        return g.toBytes();
    }

    static long length(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
