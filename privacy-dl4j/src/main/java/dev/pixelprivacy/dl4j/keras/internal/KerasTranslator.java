package dev.pixelprivacy.dl4j.keras.internal;

import static dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder.attr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixelprivacy.dl4j.keras.KerasImport.InputScaling;
import dev.pixelprivacy.dl4j.keras.KerasImport.Output;
import dev.pixelprivacy.dl4j.onnx.OnnxImportException;
import dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Keras front end: a Keras 2 model config (Sequential or functional, as {@code model.save} writes it
 * into an HDF5 file and TensorFlow.js into {@code model.json}) and its weights, written as the ONNX
 * graph the ONNX front end ({@code GraphTranslator}) turns into SameDiff. Both formats therefore share
 * one set of op builders, one BatchNormalization folding, the objective heads and the convolution
 * gradient rewrite.
 *
 * <p>Layout: Keras networks are channels-last; the graph written here is channels-first throughout. Its
 * input is NCHW, kernels are transposed to OIHW once at load, channel axes of Concatenate, Softmax and
 * BatchNormalization are mapped, and a Flatten or Reshape of a feature map first transposes it back to
 * NHWC so that the values reach Dense layers in Keras's order. TensorFlow's {@code same} padding
 * (the extra row or column at the end for even totals) is ONNX's {@code SAME_UPPER}; average pooling
 * divides by the samples inside the image, as TensorFlow does.
 *
 * <p>Layers are translated from their config only: Lambda layers and custom objects are refused with the
 * layer's name and the supported list, and no code in a model is ever executed.
 */
public final class KerasTranslator {
    /** Metadata key of the ONNX model written here: the {@link Output} it was written for. */
    public static final String METADATA_OUTPUT = "pixelprivacy.keras.output";
    /** Metadata key of the ONNX model written here: the {@link InputScaling} in front of the network. */
    public static final String METADATA_INPUT_SCALING = "pixelprivacy.keras.input_scaling";

    /** Metadata key of the ONNX model written here: how many layers of each Keras class the model has. */
    public static final String METADATA_LAYERS = "pixelprivacy.keras.layers";

    /** Where a layer's weights come from. */
    @FunctionalInterface
    public interface WeightSource {
        /**
         * @param layer a layer name
         * @return its weights in Keras's order, empty if it has none
         */
        List<LayerWeights.Weight> of(String layer);
    }

    /** Layer classes this front end translates, sorted. */
    public static final Set<String> SUPPORTED_LAYERS = Collections.unmodifiableSortedSet(new TreeSet<>(List.of(
            "InputLayer", "Conv2D", "DepthwiseConv2D", "SeparableConv2D", "BatchNormalization", "ReLU", "Activation",
            "ZeroPadding2D", "Add", "Subtract", "Multiply", "Average", "Concatenate", "MaxPooling2D", "AveragePooling2D",
            "GlobalAveragePooling2D", "GlobalMaxPooling2D", "Dense", "Dropout", "SpatialDropout2D", "Flatten", "Reshape",
            "Softmax", "Rescaling")));

    /** Activations (the {@code activation} setting and the Activation layer) this front end translates, sorted. */
    public static final Set<String> SUPPORTED_ACTIVATIONS = Collections.unmodifiableSortedSet(new TreeSet<>(List.of(
            "linear", "relu", "relu6", "sigmoid", "softmax", "tanh", "swish", "silu", "hard_sigmoid")));

    private static final String[] NONE = new String[0];

    /** A Keras tensor: its ONNX value and its Keras shape without the batch axis (-1 where unknown). */
    private record T(String onnx, long[] shape) {
        int rank() {
            return shape.length + 1;
        }

        boolean spatial() {
            return shape.length == 3;
        }
    }

    /** The result: the ONNX model and what was found. */
    public record Translated(byte[] onnx, String modelName, String inputLayer, String outputLayer, List<String> layerClasses) {
    }

    private final String source;
    private final WeightSource weights;
    private final OnnxModelBuilder b = new OnnxModelBuilder(13);
    private final Map<String, T> tensors = new HashMap<>();
    private int counter;
    private boolean softmaxStripped;

    private KerasTranslator(String source, WeightSource weights) {
        this.source = source;
        this.weights = weights;
    }

    /**
     * @param modelConfig the {@code model_config} object ({@code class_name} and {@code config})
     * @param weights the layers' weights
     * @param source the file, for messages
     * @param output what the network outputs
     * @param scaling the preprocessing to put in front
     * @return the ONNX model
     * @throws OnnxImportException naming the layer, the file and what is supported
     */
    public static Translated translate(JsonNode modelConfig, WeightSource weights, String source, Output output,
                                       InputScaling scaling) {
        KerasTranslator t = new KerasTranslator(source, weights);
        t.b.producer("pixel-privacy keras import");
        t.b.metadata(METADATA_OUTPUT, output.name());
        t.b.metadata(METADATA_INPUT_SCALING, scaling.name());
        return t.run(modelConfig, output, scaling);
    }

    // ---------------------------------------------------------------- the model

    private record Layer(String name, String className, JsonNode config, List<String> inbound) {
    }

    private Translated run(JsonNode modelConfig, Output output, InputScaling scaling) {
        String cls = modelConfig.path("class_name").asText();
        JsonNode cfg = modelConfig.path("config");
        List<Layer> layers = new ArrayList<>();
        String inputLayer;
        String outputKey;
        String modelName;
        if (cls.equals("Sequential")) {
            JsonNode list = cfg.isArray() ? cfg : cfg.path("layers");
            modelName = cfg.isArray() ? "sequential" : cfg.path("name").asText("sequential");
            String prev = null;
            inputLayer = null;
            for (JsonNode l : list) {
                String name = l.path("config").path("name").asText(l.path("name").asText());
                String lc = l.path("class_name").asText();
                if (prev == null) {
                    if (lc.equals("InputLayer")) {
                        layers.add(new Layer(name, lc, l.path("config"), List.of()));
                        prev = key(name);
                        inputLayer = name;
                        continue;
                    }
                    JsonNode shape = batchShape(l.path("config"));
                    if (shape == null) {
                        throw new OnnxImportException(source + ": the first layer '" + name + "' of the Sequential model declares no "
                                + "batch_input_shape; supported: Sequential models whose input shape is known");
                    }
                    layers.add(new Layer(name + "_input", "InputLayer", l.path("config"), List.of()));
                    inputLayer = name + "_input";
                    prev = key(inputLayer);
                }
                layers.add(new Layer(name, lc, l.path("config"), List.of(prev)));
                prev = key(name);
            }
            if (prev == null) {
                throw new OnnxImportException(source + ": the Sequential model has no layers");
            }
            outputKey = prev;
        } else if (cls.equals("Model") || cls.equals("Functional")) {
            modelName = cfg.path("name").asText("model");
            for (JsonNode l : cfg.path("layers")) {
                String name = l.path("name").asText(l.path("config").path("name").asText());
                layers.add(new Layer(name, l.path("class_name").asText(), l.path("config"), inbound(name, l)));
            }
            JsonNode ins = cfg.path("input_layers");
            JsonNode outs = cfg.path("output_layers");
            if (ins.size() != 1) {
                throw new OnnxImportException(source + ": model '" + modelName + "' has " + ins.size()
                        + " inputs; supported: models with one input");
            }
            if (outs.size() < 1) {
                throw new OnnxImportException(source + ": model '" + modelName + "' declares no output");
            }
            inputLayer = ins.get(0).get(0).asText();
            outputKey = tensorKey(outs.get(0));
        } else {
            throw new OnnxImportException(source + ": model class '" + cls + "'; supported: Sequential, Model, Functional");
        }
        // refuse unsupported layers before any work, naming them all
        List<String> refused = new ArrayList<>();
        for (Layer l : layers) {
            if (!SUPPORTED_LAYERS.contains(l.className())) {
                refused.add("'" + l.name() + "' (" + l.className() + ")");
            }
        }
        if (!refused.isEmpty()) {
            throw new OnnxImportException(source + ": unsupported layer" + (refused.size() > 1 ? "s " : " ") + String.join(", ", refused)
                    + "; Lambda layers and custom objects are refused, their code is never executed; supported layers: "
                    + SUPPORTED_LAYERS);
        }
        String outputLayer = outputKey.substring(0, outputKey.indexOf(':'));
        Set<String> classes = new TreeSet<>();
        // layers in dependency order (configs list them so, but do not rely on it)
        List<Layer> pending = new ArrayList<>(layers);
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                Layer l = it.next();
                if (!l.inbound().stream().allMatch(tensors::containsKey)) {
                    continue;
                }
                classes.add(l.className());
                try {
                    T out = layer(l, l.name().equals(inputLayer), scaling,
                            output == Output.LOGITS && key(l.name()).equals(outputKey));
                    tensors.put(key(l.name()), out);
                } catch (OnnxImportException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new OnnxImportException(describe(l) + " cannot be translated: " + e, e);
                }
                it.remove();
                progress = true;
            }
            if (!progress) {
                Layer l = pending.get(0);
                throw new OnnxImportException(describe(l) + " takes " + l.inbound() + ", which no layer of the model produces");
            }
        }
        T out = tensors.get(outputKey);
        if (out == null) {
            throw new OnnxImportException(source + ": the model output '" + outputKey + "' is produced by no layer");
        }
        if (output == Output.LOGITS && !softmaxStripped) {
            throw new OnnxImportException(source + ": logits were asked for but the output layer '" + outputLayer
                    + "' does not end in a softmax; supported: a softmax activation, Softmax layer or Activation('softmax') last");
        }
        b.namedNode(outputLayer + "/output", "Identity", new String[] {out.onnx()}, outputLayer);
        b.output(outputLayer);
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (Layer l : layers) {
            counts.merge(l.className(), 1, Integer::sum);
        }
        b.metadata(METADATA_LAYERS, counts.toString());
        return new Translated(b.toBytes(), modelName, inputLayer, outputLayer, List.copyOf(classes));
    }

    private List<String> inbound(String name, JsonNode l) {
        JsonNode nodes = l.path("inbound_nodes");
        if (nodes.size() == 0) {
            return List.of();
        }
        if (nodes.size() > 1) {
            throw new OnnxImportException(source + ": layer '" + name + "' is applied " + nodes.size()
                    + " times; supported: layers applied once (no shared layers)");
        }
        JsonNode first = nodes.get(0);
        if (!first.isArray()) {
            throw new OnnxImportException(source + ": layer '" + name + "' has inbound nodes in a format other than Keras 2's "
                    + "([[layer, node, tensor, kwargs]]); supported: Keras 2 configs (Keras 2.2 to 2.15, TensorFlow.js layers models)");
        }
        List<String> ins = new ArrayList<>();
        for (JsonNode t : first) {
            ins.add(tensorKey(t));
        }
        return ins;
    }

    private String tensorKey(JsonNode t) {
        if (t.path(1).asInt(0) != 0) {
            throw new OnnxImportException(source + ": a reference to node " + t.path(1).asInt() + " of layer '" + t.path(0).asText()
                    + "'; supported: layers applied once");
        }
        if (t.path(2).asInt(0) != 0) {
            throw new OnnxImportException(source + ": a reference to output " + t.path(2).asInt() + " of layer '" + t.path(0).asText()
                    + "'; supported: single-output layers");
        }
        return key(t.path(0).asText());
    }

    private static String key(String layer) {
        return layer + ":0:0";
    }

    private String describe(Layer l) {
        return "layer '" + l.name() + "' (" + l.className() + ") in " + source;
    }

    private OnnxImportException unsupported(Layer l, String what, String supported) {
        return new OnnxImportException(describe(l) + ": unsupported " + what + "; supported: " + supported);
    }

    private static JsonNode batchShape(JsonNode c) {
        for (String k : new String[] {"batch_input_shape", "batch_shape"}) {
            if (c.has(k) && c.get(k).isArray()) {
                return c.get(k);
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- graph helpers

    private String node(String layer, String op, String[] inputs, OnnxModelBuilder.Attribute... attrs) {
        String out = layer + "/" + op + "_" + (counter++);
        b.namedNode(out, op, inputs, out, attrs);
        return out;
    }

    private String floats(String layer, String what, float[] v, long... shape) {
        String name = layer + "/" + what + "_" + (counter++);
        b.initializer(name, v, shape);
        return name;
    }

    private String longs(String layer, String what, long... v) {
        String name = layer + "/" + what + "_" + (counter++);
        b.initializer(name, v, v.length);
        return name;
    }

    private String scalar(String layer, float v) {
        return floats(layer, "c", new float[] {v});
    }

    private List<T> inputs(Layer l) {
        List<T> r = new ArrayList<>();
        for (String k : l.inbound()) {
            r.add(tensors.get(k));
        }
        return r;
    }

    private T single(Layer l) {
        if (l.inbound().size() != 1) {
            throw new OnnxImportException(describe(l) + " has " + l.inbound().size() + " inputs; it takes one");
        }
        return tensors.get(l.inbound().get(0));
    }

    private T spatialInput(Layer l) {
        T x = single(l);
        if (!x.spatial()) {
            throw unsupported(l, "input of shape " + Arrays.toString(x.shape()), "feature maps [batch, rows, columns, channels]");
        }
        String fmt = l.config().path("data_format").asText("channels_last");
        if (!fmt.equals("channels_last") && !l.config().path("data_format").isNull()) {
            throw unsupported(l, "data_format " + fmt, "channels_last");
        }
        return x;
    }

    private Map<String, LayerWeights.Weight> weightsOf(Layer l, List<String> required, List<String> optional) {
        Map<String, LayerWeights.Weight> m = new LinkedHashMap<>();
        for (LayerWeights.Weight w : weights.of(l.name())) {
            m.put(w.name(), w);
        }
        for (String r : required) {
            if (!m.containsKey(r)) {
                throw new OnnxImportException(describe(l) + ": weight '" + r + "' is missing; the file has " + m.keySet());
            }
        }
        for (String k : m.keySet()) {
            if (!required.contains(k) && !optional.contains(k)) {
                throw new OnnxImportException(describe(l) + ": unexpected weight '" + k + "'; expected " + required
                        + (optional.isEmpty() ? "" : " and optionally " + optional));
            }
        }
        return m;
    }

    private void requireShape(Layer l, LayerWeights.Weight w, long... shape) {
        if (!Arrays.equals(w.shape(), shape)) {
            throw new OnnxImportException(describe(l) + ": weight '" + w.name() + "' has shape " + Arrays.toString(w.shape())
                    + " but the config implies " + Arrays.toString(shape));
        }
    }

    private static long[] ints2(JsonNode n, long dflt) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return new long[] {dflt, dflt};
        }
        if (n.isNumber()) {
            return new long[] {n.asLong(), n.asLong()};
        }
        return new long[] {n.get(0).asLong(), n.get(1).asLong()};
    }

    private String padding(Layer l) {
        String p = l.config().path("padding").asText("valid");
        return switch (p) {
            case "same" -> "SAME_UPPER"; // TensorFlow: floor(total / 2) before, the rest after
            case "valid" -> "VALID";
            default -> throw unsupported(l, "padding '" + p + "'", "valid, same");
        };
    }

    /** Output size of one axis per TensorFlow's rules; -1 stays unknown. */
    private static long outSize(long in, long k, long s, long d, String autoPad) {
        if (in < 0) {
            return -1;
        }
        long eff = (k - 1) * d + 1;
        return autoPad.equals("VALID") ? (in - eff) / s + 1 : (in + s - 1) / s;
    }

    /** Maps a Keras axis of a tensor (batch axis 0) to the axis of the channels-first value. */
    private int axisOf(Layer l, T x, long kerasAxis) {
        int r = x.rank();
        long a = kerasAxis < 0 ? kerasAxis + r : kerasAxis;
        if (a < 1 || a >= r) {
            throw unsupported(l, "axis " + kerasAxis + " of a rank-" + r + " tensor", "axes other than the batch axis");
        }
        if (!x.spatial()) {
            return (int) a;
        }
        return switch ((int) a) {
            case 3 -> 1;
            case 1 -> 2;
            default -> 3;
        };
    }

    // ---------------------------------------------------------------- layers

    private T layer(Layer l, boolean isInput, InputScaling scaling, boolean stripSoftmax) {
        JsonNode c = l.config();
        return switch (l.className()) {
            case "InputLayer" -> inputLayer(l, isInput, scaling);
            case "Conv2D" -> conv(l, stripSoftmax);
            case "DepthwiseConv2D" -> depthwise(l, stripSoftmax);
            case "SeparableConv2D" -> separable(l, stripSoftmax);
            case "BatchNormalization" -> batchNorm(l);
            case "ReLU" -> relu(l);
            case "Activation" -> activation(l, single(l), c.path("activation").asText(), stripSoftmax);
            case "Softmax" -> softmaxLayer(l, stripSoftmax);
            case "ZeroPadding2D" -> zeroPadding(l);
            case "Add", "Subtract", "Multiply", "Average" -> merge(l);
            case "Concatenate" -> concatenate(l);
            case "MaxPooling2D", "AveragePooling2D" -> pool(l);
            case "GlobalAveragePooling2D", "GlobalMaxPooling2D" -> globalPool(l);
            case "Dense" -> dense(l, stripSoftmax);
            case "Dropout", "SpatialDropout2D" -> single(l);
            case "Flatten" -> flatten(l);
            case "Reshape" -> reshape(l);
            case "Rescaling" -> rescaling(l);
            default -> throw new IllegalStateException(l.className());
        };
    }

    private T inputLayer(Layer l, boolean isInput, InputScaling scaling) {
        if (!isInput) {
            throw new OnnxImportException(describe(l) + " is not the model's input; supported: one input");
        }
        JsonNode s = batchShape(l.config());
        if (s == null) {
            throw new OnnxImportException(describe(l) + " declares no batch_input_shape");
        }
        String dtype = l.config().path("dtype").asText("float32");
        if (!dtype.equals("float32")) {
            throw unsupported(l, "input dtype " + dtype, "float32");
        }
        long[] shape = new long[s.size() - 1];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = s.get(i + 1).isNull() ? -1 : s.get(i + 1).asLong();
        }
        String name = l.name();
        if (shape.length == 3) {
            if (shape[2] < 0) {
                throw unsupported(l, "an unknown channel count", "inputs [batch, rows, columns, channels] with known channels");
            }
            b.input(name, OnnxModelBuilder.dim("N"), OnnxModelBuilder.dim(shape[2]), dim(shape[0], "H"), dim(shape[1], "W"));
        } else if (shape.length == 1 && shape[0] > 0) {
            b.input(name, OnnxModelBuilder.dim("N"), OnnxModelBuilder.dim(shape[0]));
        } else {
            throw unsupported(l, "input shape " + Arrays.toString(shape), "[batch, rows, columns, channels] and [batch, features]");
        }
        T x = new T(name, shape);
        return switch (scaling) {
            case NONE -> x;
            case MINUS_ONE_TO_ONE -> new T(node(l.name(), "Add", new String[] {
                    node(l.name(), "Mul", new String[] {name, scalar(l.name(), 2f)}), scalar(l.name(), -1f)}), shape);
            case CAFFE -> {
                if (!x.spatial() || shape[2] != 3) {
                    throw unsupported(l, "caffe preprocessing of input " + Arrays.toString(shape), "RGB images (3 channels)");
                }
                // one 1x1 convolution: channel o takes 255 * RGB channel (2 - o) minus the BGR mean of o
                float[] w = new float[9];
                for (int o = 0; o < 3; o++) {
                    w[o * 3 + (2 - o)] = 255f;
                }
                String wn = floats(l.name(), "caffe_w", w, 3, 3, 1, 1);
                String bn = floats(l.name(), "caffe_b", new float[] {-103.939f, -116.779f, -123.68f}, 3);
                yield new T(node(l.name(), "Conv", new String[] {name, wn, bn}), shape);
            }
        };
    }

    private static OnnxModelBuilder.Dim dim(long size, String symbol) {
        return size > 0 ? OnnxModelBuilder.dim(size) : OnnxModelBuilder.dim(symbol);
    }

    /** The settings Conv2D, DepthwiseConv2D and SeparableConv2D share, as their configs give them. */
    private record ConvConfig(long[] k, long[] s, long[] d, String pad, long mult, long filters, boolean useBias) {
        /** @return the Keras output shape [rows, columns, channels] for input x */
        long[] outShape(T x, long channels) {
            return new long[] {outSize(x.shape()[0], k[0], s[0], d[0], pad), outSize(x.shape()[1], k[1], s[1], d[1], pad), channels};
        }
    }

    private ConvConfig convConfig(Layer l) {
        JsonNode c = l.config();
        return new ConvConfig(ints2(c.get("kernel_size"), 1), ints2(c.get("strides"), 1), ints2(c.get("dilation_rate"), 1),
                padding(l), c.path("depth_multiplier").asLong(1), c.path("filters").asLong(), c.path("use_bias").asBoolean(true));
    }

    private T conv(Layer l, boolean stripSoftmax) {
        JsonNode c = l.config();
        T x = spatialInput(l);
        ConvConfig cc = convConfig(l);
        long[] k = cc.k();
        long[] s = cc.s();
        long[] d = cc.d();
        long groups = c.path("groups").asLong(1);
        long filters = cc.filters();
        boolean useBias = cc.useBias();
        String pad = cc.pad();
        long cin = x.shape()[2];
        if (groups < 1 || cin % groups != 0 || filters % groups != 0) {
            throw new OnnxImportException(describe(l) + ": groups " + groups + " does not divide input channels " + cin
                    + " and filters " + filters);
        }
        Map<String, LayerWeights.Weight> w = weightsOf(l, useBias ? List.of("kernel", "bias") : List.of("kernel"), List.of());
        LayerWeights.Weight kernel = w.get("kernel");
        requireShape(l, kernel, k[0], k[1], cin / groups, filters);
        String wn = floats(l.name(), "kernel", hwioToOihw(kernel.values(), k[0], k[1], cin / groups, filters),
                filters, cin / groups, k[0], k[1]);
        List<String> ins = new ArrayList<>(List.of(x.onnx(), wn));
        if (useBias) {
            requireShape(l, w.get("bias"), filters);
            ins.add(floats(l.name(), "bias", w.get("bias").values(), filters));
        }
        String y = node(l.name(), "Conv", ins.toArray(NONE), attr("kernel_shape", k[0], k[1]), attr("strides", s[0], s[1]),
                attr("dilations", d[0], d[1]), attr("group", groups), attr("auto_pad", pad));
        return activation(l, new T(y, cc.outShape(x, filters)), c.path("activation").asText("linear"), stripSoftmax);
    }

    private static float[] hwioToOihw(float[] v, long kh, long kw, long ci, long co) {
        float[] r = new float[v.length];
        for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
                for (int a = 0; a < ci; a++) {
                    for (int o = 0; o < co; o++) {
                        r[(int) (((o * ci + a) * kh + i) * kw + j)] = v[(int) (((i * kw + j) * ci + a) * co + o)];
                    }
                }
            }
        }
        return r;
    }

    /** A depthwise convolution of x; returns the ONNX value. Keras channel order: out = c * multiplier + m. */
    private String depthwiseConv(Layer l, T x, LayerWeights.Weight kernel, LayerWeights.Weight bias, ConvConfig cc) {
        long[] k = cc.k();
        long[] s = cc.s();
        long[] d = cc.d();
        long mult = cc.mult();
        long cin = x.shape()[2];
        requireShape(l, kernel, k[0], k[1], cin, mult);
        // [kH, kW, in, mult] -> [in * mult, 1, kH, kW]
        float[] v = kernel.values();
        float[] r = new float[v.length];
        for (int i = 0; i < k[0]; i++) {
            for (int j = 0; j < k[1]; j++) {
                for (int ch = 0; ch < cin; ch++) {
                    for (int m = 0; m < mult; m++) {
                        r[(int) (((ch * mult + m) * k[0] + i) * k[1] + j)] = v[(int) (((i * k[1] + j) * cin + ch) * mult + m)];
                    }
                }
            }
        }
        List<String> ins = new ArrayList<>(List.of(x.onnx(), floats(l.name(), "depthwise_kernel", r, cin * mult, 1, k[0], k[1])));
        if (bias != null) {
            requireShape(l, bias, cin * mult);
            ins.add(floats(l.name(), "bias", bias.values(), cin * mult));
        }
        return node(l.name(), "Conv", ins.toArray(NONE), attr("kernel_shape", k[0], k[1]), attr("strides", s[0], s[1]),
                attr("dilations", d[0], d[1]), attr("group", cin), attr("auto_pad", cc.pad()));
    }

    private T depthwise(Layer l, boolean stripSoftmax) {
        T x = spatialInput(l);
        ConvConfig cc = convConfig(l);
        Map<String, LayerWeights.Weight> w = weightsOf(l,
                cc.useBias() ? List.of("depthwise_kernel", "bias") : List.of("depthwise_kernel"), List.of());
        String y = depthwiseConv(l, x, w.get("depthwise_kernel"), w.get("bias"), cc);
        return activation(l, new T(y, cc.outShape(x, x.shape()[2] * cc.mult())), l.config().path("activation").asText("linear"),
                stripSoftmax);
    }

    private T separable(Layer l, boolean stripSoftmax) {
        T x = spatialInput(l);
        ConvConfig cc = convConfig(l);
        long filters = cc.filters();
        boolean useBias = cc.useBias();
        Map<String, LayerWeights.Weight> w = weightsOf(l, useBias ? List.of("depthwise_kernel", "pointwise_kernel", "bias")
                : List.of("depthwise_kernel", "pointwise_kernel"), List.of());
        String dw = depthwiseConv(l, x, w.get("depthwise_kernel"), null, cc);
        long mid = x.shape()[2] * cc.mult();
        LayerWeights.Weight pw = w.get("pointwise_kernel");
        requireShape(l, pw, 1, 1, mid, filters);
        List<String> ins = new ArrayList<>(List.of(dw, floats(l.name(), "pointwise_kernel",
                hwioToOihw(pw.values(), 1, 1, mid, filters), filters, mid, 1, 1)));
        if (useBias) {
            requireShape(l, w.get("bias"), filters);
            ins.add(floats(l.name(), "bias", w.get("bias").values(), filters));
        }
        String y = node(l.name(), "Conv", ins.toArray(NONE), attr("kernel_shape", 1L, 1L));
        return activation(l, new T(y, cc.outShape(x, filters)), l.config().path("activation").asText("linear"), stripSoftmax);
    }

    private T batchNorm(Layer l) {
        JsonNode c = l.config();
        T x = single(l);
        JsonNode ax = c.path("axis");
        long axis = ax.isArray() ? (ax.size() == 1 ? ax.get(0).asLong() : Long.MIN_VALUE) : ax.asLong(-1);
        long last = x.shape().length; // the channel axis in Keras's own order (batch axis 0)
        if (axis != -1 && axis != last) {
            throw unsupported(l, "axis " + ax, "the channel (last) axis, -1 or " + last);
        }
        boolean center = c.path("center").asBoolean(true);
        boolean scale = c.path("scale").asBoolean(true);
        List<String> req = new ArrayList<>();
        if (scale) {
            req.add("gamma");
        }
        if (center) {
            req.add("beta");
        }
        req.add("moving_mean");
        req.add("moving_variance");
        Map<String, LayerWeights.Weight> w = weightsOf(l, req, List.of());
        int ch = (int) w.get("moving_mean").shape()[0];
        if (x.shape()[x.shape().length - 1] >= 0 && x.shape()[x.shape().length - 1] != ch) {
            throw new OnnxImportException(describe(l) + ": " + ch + " statistics for " + x.shape()[x.shape().length - 1] + " channels");
        }
        float[] ones = new float[ch];
        Arrays.fill(ones, 1f);
        for (String n : req) {
            requireShape(l, w.get(n), ch);
        }
        String g = floats(l.name(), "gamma", scale ? w.get("gamma").values() : ones, ch);
        String be = floats(l.name(), "beta", center ? w.get("beta").values() : new float[ch], ch);
        String m = floats(l.name(), "moving_mean", w.get("moving_mean").values(), ch);
        String v = floats(l.name(), "moving_variance", w.get("moving_variance").values(), ch);
        String in = x.onnx();
        if (!x.spatial() && x.shape().length != 1) {
            throw unsupported(l, "input of shape " + Arrays.toString(x.shape()), "feature maps and [batch, features]");
        }
        String y = node(l.name(), "BatchNormalization", new String[] {in, g, be, m, v},
                attr("epsilon", (float) c.path("epsilon").asDouble(1e-3)));
        return new T(y, x.shape());
    }

    private T relu(Layer l) {
        JsonNode c = l.config();
        T x = single(l);
        double threshold = c.path("threshold").asDouble(0);
        double slope = c.path("negative_slope").asDouble(0);
        JsonNode max = c.path("max_value");
        boolean hasMax = !max.isNull() && !max.isMissingNode();
        String y;
        if (threshold != 0) {
            // Keras: x * (x > threshold), clipped to [0, max_value], minus negative_slope * relu(threshold - x)
            y = node(l.name(), "ThresholdedRelu", new String[] {x.onnx()}, attr("alpha", (float) threshold));
            if (hasMax) {
                y = node(l.name(), "Clip", new String[] {y, scalar(l.name(), 0f), scalar(l.name(), (float) max.asDouble())});
            }
            if (slope != 0) {
                String below = node(l.name(), "Relu", new String[] {node(l.name(), "Sub",
                        new String[] {scalar(l.name(), (float) threshold), x.onnx()})});
                y = node(l.name(), "Sub", new String[] {y, node(l.name(), "Mul", new String[] {below, scalar(l.name(), (float) slope)})});
            }
        } else if (slope != 0) {
            y = node(l.name(), "LeakyRelu", new String[] {x.onnx()}, attr("alpha", (float) slope));
            if (hasMax) {
                y = node(l.name(), "Clip", new String[] {y, "", scalar(l.name(), (float) max.asDouble())});
            }
        } else if (hasMax) {
            y = node(l.name(), "Clip", new String[] {x.onnx(), scalar(l.name(), 0f), scalar(l.name(), (float) max.asDouble())});
        } else {
            y = node(l.name(), "Relu", new String[] {x.onnx()});
        }
        return new T(y, x.shape());
    }

    private T activation(Layer l, T x, String act, boolean stripSoftmax) {
        String n = l.name();
        String y = switch (act) {
            case "linear" -> null;
            case "relu" -> node(n, "Relu", new String[] {x.onnx()});
            case "relu6" -> node(n, "Clip", new String[] {x.onnx(), scalar(n, 0f), scalar(n, 6f)});
            case "sigmoid" -> node(n, "Sigmoid", new String[] {x.onnx()});
            case "tanh" -> node(n, "Tanh", new String[] {x.onnx()});
            case "hard_sigmoid" -> node(n, "HardSigmoid", new String[] {x.onnx()}, attr("alpha", 0.2f), attr("beta", 0.5f));
            case "swish", "silu" -> node(n, "Mul", new String[] {x.onnx(), node(n, "Sigmoid", new String[] {x.onnx()})});
            case "softmax" -> softmax(l, x, -1, stripSoftmax);
            default -> throw unsupported(l, "activation '" + act + "'", "activations " + SUPPORTED_ACTIVATIONS);
        };
        return y == null ? x : new T(y, x.shape());
    }

    private String softmax(Layer l, T x, long kerasAxis, boolean strip) {
        if (strip) {
            softmaxStripped = true;
            return null;
        }
        return node(l.name(), "Softmax", new String[] {x.onnx()}, attr("axis", (long) axisOf(l, x, kerasAxis)));
    }

    private T softmaxLayer(Layer l, boolean stripSoftmax) {
        T x = single(l);
        JsonNode ax = l.config().path("axis");
        long a = ax.isArray() ? ax.get(0).asLong() : ax.asLong(-1);
        if (ax.isArray() && ax.size() != 1) {
            throw unsupported(l, "axes " + ax, "one axis");
        }
        String y = softmax(l, x, a, stripSoftmax);
        return y == null ? x : new T(y, x.shape());
    }

    private T zeroPadding(Layer l) {
        T x = spatialInput(l);
        JsonNode p = l.config().path("padding");
        long t;
        long bo;
        long le;
        long ri;
        if (p.isNumber()) {
            t = bo = le = ri = p.asLong();
        } else if (p.size() == 2 && p.get(0).isNumber()) {
            t = bo = p.get(0).asLong();
            le = ri = p.get(1).asLong();
        } else if (p.size() == 2 && p.get(0).isArray()) {
            t = p.get(0).get(0).asLong();
            bo = p.get(0).get(1).asLong();
            le = p.get(1).get(0).asLong();
            ri = p.get(1).get(1).asLong();
        } else {
            throw unsupported(l, "padding " + p, "an int, [rows, columns] or [[top, bottom], [left, right]]");
        }
        String pads = longs(l.name(), "pads", 0, 0, t, le, 0, 0, bo, ri);
        String y = node(l.name(), "Pad", new String[] {x.onnx(), pads}, attr("mode", "constant"));
        long[] s = x.shape();
        return new T(y, new long[] {s[0] < 0 ? -1 : s[0] + t + bo, s[1] < 0 ? -1 : s[1] + le + ri, s[2]});
    }

    private T merge(Layer l) {
        List<T> ins = inputs(l);
        if (ins.size() < 2) {
            throw new OnnxImportException(describe(l) + " has " + ins.size() + " inputs; it needs at least 2");
        }
        String op = switch (l.className()) {
            case "Subtract" -> "Sub";
            case "Multiply" -> "Mul";
            default -> "Add";
        };
        if (op.equals("Sub") && ins.size() != 2) {
            throw new OnnxImportException(describe(l) + " has " + ins.size() + " inputs; Subtract takes 2");
        }
        long[] shape = ins.get(0).shape();
        for (T t : ins) {
            if (t.rank() != ins.get(0).rank()) {
                throw unsupported(l, "inputs of different ranks", "inputs of one rank");
            }
            if (Arrays.stream(t.shape()).sum() > Arrays.stream(shape).sum()) {
                shape = t.shape();
            }
        }
        String y = ins.get(0).onnx();
        for (int i = 1; i < ins.size(); i++) {
            y = node(l.name(), op, new String[] {y, ins.get(i).onnx()});
        }
        if (l.className().equals("Average")) {
            y = node(l.name(), "Mul", new String[] {y, scalar(l.name(), 1f / ins.size())});
        }
        return new T(y, shape);
    }

    private T concatenate(Layer l) {
        List<T> ins = inputs(l);
        long a = l.config().path("axis").asLong(-1);
        T first = ins.get(0);
        int ax = axisOf(l, first, a);
        long[] shape = first.shape().clone();
        int kAxis = (int) ((a < 0 ? a + first.rank() : a) - 1);
        for (int i = 1; i < ins.size(); i++) {
            long v = ins.get(i).shape()[kAxis];
            shape[kAxis] = shape[kAxis] < 0 || v < 0 ? -1 : shape[kAxis] + v;
        }
        String[] names = ins.stream().map(T::onnx).toArray(String[]::new);
        return new T(node(l.name(), "Concat", names, attr("axis", (long) ax)), shape);
    }

    private T pool(Layer l) {
        JsonNode c = l.config();
        T x = spatialInput(l);
        long[] k = ints2(c.get("pool_size"), 2);
        long[] s = c.path("strides").isNull() || c.path("strides").isMissingNode() ? k.clone() : ints2(c.get("strides"), 1);
        String pad = padding(l);
        boolean max = l.className().equals("MaxPooling2D");
        String y = max
                ? node(l.name(), "MaxPool", new String[] {x.onnx()}, attr("kernel_shape", k[0], k[1]), attr("strides", s[0], s[1]),
                        attr("auto_pad", pad))
                : node(l.name(), "AveragePool", new String[] {x.onnx()}, attr("kernel_shape", k[0], k[1]),
                        attr("strides", s[0], s[1]), attr("auto_pad", pad), attr("count_include_pad", 0L));
        long[] shape = {outSize(x.shape()[0], k[0], s[0], 1, pad), outSize(x.shape()[1], k[1], s[1], 1, pad), x.shape()[2]};
        return new T(y, shape);
    }

    private T globalPool(Layer l) {
        T x = spatialInput(l);
        boolean keep = l.config().path("keepdims").asBoolean(false);
        String y;
        if (l.className().equals("GlobalAveragePooling2D")) {
            y = node(l.name(), "GlobalAveragePool", new String[] {x.onnx()});
        } else {
            if (x.shape()[0] < 0 || x.shape()[1] < 0) {
                throw unsupported(l, "an input of unknown size " + Arrays.toString(x.shape()), "inputs of known rows and columns");
            }
            y = node(l.name(), "MaxPool", new String[] {x.onnx()}, attr("kernel_shape", x.shape()[0], x.shape()[1]));
        }
        if (keep) {
            return new T(y, new long[] {1, 1, x.shape()[2]});
        }
        return new T(node(l.name(), "Flatten", new String[] {y}, attr("axis", 1L)), new long[] {x.shape()[2]});
    }

    private T dense(Layer l, boolean stripSoftmax) {
        JsonNode c = l.config();
        T x = single(l);
        if (x.shape().length != 1) {
            throw unsupported(l, "input of shape " + Arrays.toString(x.shape()), "[batch, features] inputs (Flatten or global pooling first)");
        }
        long units = c.path("units").asLong();
        boolean useBias = c.path("use_bias").asBoolean(true);
        Map<String, LayerWeights.Weight> w = weightsOf(l, useBias ? List.of("kernel", "bias") : List.of("kernel"), List.of());
        long in = w.get("kernel").shape()[0];
        if (x.shape()[0] >= 0 && x.shape()[0] != in) {
            throw new OnnxImportException(describe(l) + ": its kernel " + Arrays.toString(w.get("kernel").shape())
                    + " does not take " + x.shape()[0] + " features");
        }
        requireShape(l, w.get("kernel"), in, units);
        List<String> ins = new ArrayList<>(List.of(x.onnx(), floats(l.name(), "kernel", w.get("kernel").values(), in, units)));
        if (useBias) {
            requireShape(l, w.get("bias"), units);
            ins.add(floats(l.name(), "bias", w.get("bias").values(), units));
        }
        String y = node(l.name(), "Gemm", ins.toArray(NONE));
        return activation(l, new T(y, new long[] {units}), c.path("activation").asText("linear"), stripSoftmax);
    }

    /** The value in Keras's own (channels-last) order. */
    private String kerasOrder(Layer l, T x) {
        return x.spatial() ? node(l.name(), "Transpose", new String[] {x.onnx()}, attr("perm", 0L, 2L, 3L, 1L)) : x.onnx();
    }

    private T flatten(Layer l) {
        T x = single(l);
        if (x.shape().length == 1) {
            return x;
        }
        long n = 1;
        for (long d : x.shape()) {
            n = n < 0 || d < 0 ? -1 : n * d;
        }
        return new T(node(l.name(), "Flatten", new String[] {kerasOrder(l, x)}, attr("axis", 1L)), new long[] {n});
    }

    private T reshape(Layer l) {
        T x = single(l);
        JsonNode ts = l.config().path("target_shape");
        long[] target = new long[ts.size()];
        for (int i = 0; i < target.length; i++) {
            target[i] = ts.get(i).asLong();
        }
        long total = 1;
        for (long d : x.shape()) {
            total = total < 0 || d < 0 ? -1 : total * d;
        }
        int infer = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1) {
                infer = i;
            } else {
                known *= target[i];
            }
        }
        if (infer >= 0 && total > 0) {
            target[infer] = total / known;
        }
        long[] onnxShape = new long[target.length + 1];
        System.arraycopy(target, 0, onnxShape, 1, target.length); // 0: the batch axis as it is
        String y = node(l.name(), "Reshape", new String[] {kerasOrder(l, x), longs(l.name(), "shape", onnxShape)});
        T r = new T(y, target);
        if (r.spatial()) {
            r = new T(node(l.name(), "Transpose", new String[] {y}, attr("perm", 0L, 3L, 1L, 2L)), target);
        }
        return r;
    }

    private T rescaling(Layer l) {
        T x = single(l);
        JsonNode sc = l.config().path("scale");
        JsonNode of = l.config().path("offset");
        if (sc.isArray() || of.isArray()) {
            throw unsupported(l, "per-channel scale or offset", "scalar scale and offset");
        }
        String y = node(l.name(), "Mul", new String[] {x.onnx(), scalar(l.name(), (float) sc.asDouble(1))});
        double off = of.asDouble(0);
        if (off != 0) {
            y = node(l.name(), "Add", new String[] {y, scalar(l.name(), (float) off)});
        }
        return new T(y, x.shape());
    }
}
