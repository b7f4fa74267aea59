package dev.pixelprivacy.examples.demo;

import dev.pixelprivacy.dl4j.onnx.OnnxProtos;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import onnx.Onnx;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The demo scene CNN: its architecture, its parameters, the SameDiff graph it is trained in and its
 * ONNX export.
 *
 * <p>Architecture, for an NCHW input of any batch size and any height and width of at least 32:
 * a patch stem (4x4 convolution of stride 4, as in patch-embedding networks, so the network reads
 * every pixel of a 256x256 photo at the cost of a 64x64 one), then three 3x3 convolutions (stride 1,
 * zero padding 1); each of the four convolutions has a bias and is followed by a ReLU, the first
 * three also by a 2x2 average pooling of stride 2; then global average pooling and a dense layer to
 * {@link #CLASSES} logits. {@link #CHANNELS} gives the output channels. Global average pooling makes
 * the network size-agnostic. Average rather than max pooling: the network is then closer to linear
 * in its input, so a one-step attack such as FGSM moves its logits about as far as the gradient
 * predicts, as it does on real threat models (measured with label smoothing 0.5 on 40 held-out
 * 256x256 scenes: after FGSM at 8/255, all stayed correct with max pooling, 35% with average pooling).
 *
 * <p>Parameters are kept in SameDiff's layouts: convolution weights {@code [kH, kW, in, out]}
 * (YXIO, the layout whose gradient works in nd4j 1.0.0-M2.1, DL4J-NOTES.md), the dense weight
 * {@code [in, classes]}. The ONNX export converts them to ONNX's {@code [out, in, kH, kW]} and
 * Gemm's {@code [classes, in]} with {@code transB = 1}.
 */
final class DemoCnn {
    /** Output channels of the four convolution blocks. */
    static final int[] CHANNELS = {16, 32, 64, 64};
    /** Number of logits. */
    static final int CLASSES = SceneGenerator.CLASSES.size();
    /** Kernel side of each convolution. */
    static final int[] KERNELS = {4, 3, 3, 3};
    /** Stride of each convolution. */
    static final int[] STRIDES = {4, 1, 1, 1};
    /** Zero padding on every side of each convolution. */
    static final int[] PADS = {0, 1, 1, 1};
    /** Whether a 2x2 average pooling of stride 2 follows each convolution block. */
    static final boolean[] POOLED = {true, true, true, false};
    /** The smallest input side: the product of the strides and poolings. */
    static final int MIN_SIZE = 32;
    /** Name of the input, in SameDiff and in the ONNX graph. */
    static final String INPUT = "input";
    /** Name of the logits, in SameDiff and in the ONNX graph. */
    static final String LOGITS = "logits";
    /** Name of the one-hot label placeholder of the training graph. */
    static final String LABEL = "label";
    /** Name of the training loss (mean softmax cross-entropy). */
    static final String LOSS = "loss";
    /** The ONNX opset the export declares. */
    static final long OPSET = 13;

    private DemoCnn() {}

    /** @return the names of the parameters, in order: conv1.weight, conv1.bias, ..., fc.weight, fc.bias */
    static List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= CHANNELS.length; i++) {
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
    static long[] shapeOf(String name) {
        if (name.startsWith("fc.")) {
            int in = CHANNELS[CHANNELS.length - 1];
            return name.endsWith(".weight") ? new long[] {in, CLASSES} : new long[] {CLASSES};
        }
        int block = Integer.parseInt(name.substring(4, name.indexOf('.'))) - 1;
        int in = block == 0 ? 3 : CHANNELS[block - 1];
        int out = CHANNELS[block];
        return name.endsWith(".weight") ? new long[] {KERNELS[block], KERNELS[block], in, out} : new long[] {out};
    }

    /**
     * The network's parameters by name, in SameDiff's layouts.
     *
     * @param values one flat row-major array per parameter, in {@link #parameterNames()} order
     */
    record Parameters(Map<String, float[]> values) {
        Parameters {
            if (!values.keySet().equals(new java.util.HashSet<>(parameterNames()))) {
                throw new IllegalArgumentException("parameters must be " + parameterNames() + " but were " + values.keySet());
            }
            LinkedHashMap<String, float[]> copy = new LinkedHashMap<>();
            for (String n : parameterNames()) {
                float[] v = values.get(n);
                if (v.length != length(shapeOf(n))) {
                    throw new IllegalArgumentException(n + " must hold " + length(shapeOf(n)) + " values but held " + v.length);
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
            if (!(o instanceof Parameters p)) {
                return false;
            }
            for (String n : parameterNames()) {
                if (!Arrays.equals(values.get(n), p.values.get(n))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (String n : parameterNames()) {
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
     * @param seed the seed
     * @return fresh parameters
     */
    static Parameters initialise(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, float[]> v = new LinkedHashMap<>();
        for (String n : parameterNames()) {
            long[] s = shapeOf(n);
            float[] a = new float[(int) length(s)];
            if (n.endsWith(".weight")) {
                long fanIn = n.startsWith("fc.") ? s[0] : s[0] * s[1] * s[2];
                double std = Math.sqrt(2.0 / fanIn);
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) (std * gaussian(r));
                }
            }
            v.put(n, a);
        }
        return new Parameters(v);
    }

    private static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    /**
     * Builds the network in SameDiff: a float placeholder {@value #INPUT} of shape [-1, 3, -1, -1]
     * (already normalised), the output {@value #LOGITS} [-1, classes]; with {@code training}, the
     * parameters are trainable variables and a one-hot placeholder {@value #LABEL} and the mean
     * softmax cross-entropy {@value #LOSS} are added; otherwise the parameters are constants.
     *
     * @param p the parameters
     * @param training whether to build the training graph
     * @return the graph
     */
    static SameDiff graph(Parameters p, boolean training) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder(INPUT, DataType.FLOAT, -1, 3, -1, -1);
        Pooling2DConfig pool = Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).pH(0).pW(0).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).isNHWC(false).type(Pooling2D.Pooling2DType.AVG)
                .divisor(Pooling2D.Divisor.INCLUDE_PADDING).build();
        SDVariable h = x;
        for (int i = 1; i <= CHANNELS.length; i++) {
            // the configuration privacy-dl4j's ONNX translator builds for such a Conv: explicit symmetric
            // padding, NCHW data, YXIO weights
            Conv2DConfig conv = Conv2DConfig.builder().kH(KERNELS[i - 1]).kW(KERNELS[i - 1]).sH(STRIDES[i - 1])
                    .sW(STRIDES[i - 1]).pH(PADS[i - 1]).pW(PADS[i - 1]).dH(1).dW(1).paddingMode(PaddingMode.VALID)
                    .dataFormat("NCHW").weightsFormat(WeightsFormat.YXIO).build();
            SDVariable w = param(sd, p, "conv" + i + ".weight", training);
            SDVariable b = param(sd, p, "conv" + i + ".bias", training);
            h = sd.nn().relu(sd.cnn().conv2d(h, w, b, conv), 0);
            if (POOLED[i - 1]) {
                h = sd.cnn().avgPooling2d(h, pool);
            }
        }
        SDVariable features = sd.mean(h, false, 2, 3);
        SDVariable logits = features.mmul(param(sd, p, "fc.weight", training)).add(param(sd, p, "fc.bias", training));
        sd.identity(LOGITS, logits);
        if (training) {
            SDVariable label = sd.placeHolder(LABEL, DataType.FLOAT, -1, CLASSES);
            sd.loss().softmaxCrossEntropy(LOSS, label, sd.getVariable(LOGITS), null);
            sd.setLossVariables(LOSS);
        }
        return sd;
    }

    private static SDVariable param(SameDiff sd, Parameters p, String name, boolean training) {
        INDArray a = Nd4j.create(p.get(name), shapeOf(name), 'c');
        String n = name.replace('.', '_');
        return training ? sd.var(n, a) : sd.constant(n, a);
    }

    /**
     * @param sd a graph from {@link #graph}
     * @return its current parameter values
     */
    static Parameters read(SameDiff sd) {
        Map<String, float[]> v = new LinkedHashMap<>();
        for (String n : parameterNames()) {
            INDArray a = sd.getArrForVarName(n.replace('.', '_'));
            v.put(n, a.dup('c').reshape(a.length()).toFloatVector());
        }
        return new Parameters(v);
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
     * Writes the network as an ONNX model (opset {@value #OPSET}) with the protobuf builders that ship
     * in nd4j-api: input {@value #INPUT} of shape [N, 3, H, W] with symbolic N, H and W, output
     * {@value #LOGITS} [N, classes]; nodes Conv, Relu, AveragePool, GlobalAveragePool, Flatten, Gemm.
     *
     * @param p the parameters
     * @param docString the model's documentation string
     * @param metadata metadata_props entries, in order
     * @return the model
     */
    static Onnx.ModelProto toOnnx(Parameters p, String docString, Map<String, String> metadata) {
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("scene_demo_cnn");
        g.addInput(OnnxProtos.floatValue(INPUT, OnnxProtos.dim("N"), OnnxProtos.dim(3), OnnxProtos.dim("H"), OnnxProtos.dim("W")));
        g.addOutput(OnnxProtos.floatValue(LOGITS, OnnxProtos.dim("N"), OnnxProtos.dim(CLASSES)));
        String h = INPUT;
        for (int i = 1; i <= CHANNELS.length; i++) {
            String w = "conv" + i + ".weight";
            String b = "conv" + i + ".bias";
            long[] s = shapeOf(w);
            // YXIO [kH, kW, in, out] -> OIHW [out, in, kH, kW]
            INDArray oihw = Nd4j.create(p.get(w), s, 'c').permute(3, 2, 0, 1).dup('c');
            g.addInitializer(OnnxProtos.floatTensor(w, oihw.reshape(oihw.length()).toFloatVector(), s[3], s[2], s[0], s[1]));
            g.addInitializer(OnnxProtos.floatTensor(b, p.get(b), shapeOf(b)));
            String c = "/conv" + i + "/Conv_output_0";
            g.addNode(node("Conv", "/conv" + i + "/Conv", new String[] {h, w, b}, c,
                    OnnxProtos.ints("dilations", 1, 1), OnnxProtos.attribute("group", 1), OnnxProtos.ints("kernel_shape", KERNELS[i - 1], KERNELS[i - 1]),
                    OnnxProtos.ints("pads", PADS[i - 1], PADS[i - 1], PADS[i - 1], PADS[i - 1]),
                    OnnxProtos.ints("strides", STRIDES[i - 1], STRIDES[i - 1])));
            String r = "/relu" + i + "/Relu_output_0";
            g.addNode(node("Relu", "/relu" + i + "/Relu", new String[] {c}, r));
            h = r;
            if (POOLED[i - 1]) {
                String m = "/pool" + i + "/AveragePool_output_0";
                g.addNode(node("AveragePool", "/pool" + i + "/AveragePool", new String[] {h}, m,
                        OnnxProtos.attribute("ceil_mode", 0), OnnxProtos.ints("kernel_shape", 2, 2), OnnxProtos.ints("pads", 0, 0, 0, 0), OnnxProtos.ints("strides", 2, 2)));
                h = m;
            }
        }
        g.addNode(node("GlobalAveragePool", "/gap/GlobalAveragePool", new String[] {h}, "/gap/GlobalAveragePool_output_0"));
        g.addNode(node("Flatten", "/flatten/Flatten", new String[] {"/gap/GlobalAveragePool_output_0"},
                "/flatten/Flatten_output_0", OnnxProtos.attribute("axis", 1)));
        long[] fs = shapeOf("fc.weight");
        INDArray fcT = Nd4j.create(p.get("fc.weight"), fs, 'c').transpose().dup('c');
        g.addInitializer(OnnxProtos.floatTensor("fc.weight", fcT.reshape(fcT.length()).toFloatVector(), fs[1], fs[0]));
        g.addInitializer(OnnxProtos.floatTensor("fc.bias", p.get("fc.bias"), CLASSES));
        g.addNode(node("Gemm", "/fc/Gemm", new String[] {"/flatten/Flatten_output_0", "fc.weight", "fc.bias"}, LOGITS,
                OnnxProtos.attribute("alpha", 1f), OnnxProtos.attribute("beta", 1f), OnnxProtos.attribute("transB", 1)));
        Onnx.ModelProto.Builder m = Onnx.ModelProto.newBuilder().setIrVersion(7)
                .setProducerName("pixel-privacy TrainDemoModel").setProducerVersion("1")
                .setDomain("dev.pixelprivacy.examples").setModelVersion(1).setDocString(docString)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(g);
        metadata.forEach((k, v) -> m.addMetadataProps(Onnx.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    private static Onnx.NodeProto node(String op, String name, String[] inputs, String output,
                                       Onnx.AttributeProto... attrs) {
        Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setOpType(op).setName(name).addOutput(output);
        for (String i : inputs) {
            n.addInput(i);
        }
        for (Onnx.AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        return n.build();
    }

    static long length(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
