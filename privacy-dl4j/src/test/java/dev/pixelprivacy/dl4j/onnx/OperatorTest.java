package dev.pixelprivacy.dl4j.onnx;

import static dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder.attr;
import static dev.pixelprivacy.dl4j.testing.Weights.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.PixelPrivacyException;
import dev.pixelprivacy.dl4j.testing.OpCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each operator and attribute combination, on a small model built here: the forward pass against ONNX
 * Runtime (within 1e-5 of the largest output: both engines compute in float32, so only summation
 * order differs), and the input gradient of sum(w * y) against central differences of our own forward
 * pass, on a seeded subset of coordinates away from kinks (within 1e-2 relative L2: h = 1e-3 in float32 leaves about 1e-4
 * absolute rounding noise per coordinate; a wrong layout or rule gives errors of order 1).
 */
class OperatorTest {

    private static Arguments c(String name, long[] shape, boolean grad, Function<OnnxModelBuilder, OnnxModelBuilder> body) {
        return c(name, 13, shape, grad, body);
    }

    private static Arguments c(String name, long opset, long[] shape, boolean grad, Function<OnnxModelBuilder, OnnxModelBuilder> body) {
        byte[] model = body.apply(new OnnxModelBuilder(opset).input("x", shape)).output("y").toBytes();
        return Arguments.of(name, model, shape, grad);
    }

    private static long[] s(long... d) {
        return d;
    }

    static List<Arguments> cases() {
        Random r = new Random(42);
        long[] img = s(2, 3, 7, 8);
        List<Arguments> a = new ArrayList<>();
        a.add(c("Conv 3x3 pads 1 bias", img, true, b -> b.initializer("w", uniform(r, -1, 1, 4, 3, 3, 3), 4, 3, 3, 3).initializer("b", uniform(r, -1, 1, 4), 4)
                .node("Conv", new String[] {"x", "w", "b"}, "y", attr("pads", 1L, 1, 1, 1))));
        a.add(c("Conv stride 2 dilation 2 asymmetric pads", img, true, b -> b.initializer("w", uniform(r, -1, 1, 4, 3, 3, 3), 4, 3, 3, 3)
                .node("Conv", new String[] {"x", "w"}, "y", attr("pads", 0L, 1, 2, 1), attr("strides", 2L, 2), attr("dilations", 2L, 1))));
        a.add(c("Conv auto_pad SAME_UPPER stride 2", img, true, b -> b.initializer("w", uniform(r, -1, 1, 2, 3, 4, 4), 2, 3, 4, 4)
                .node("Conv", new String[] {"x", "w"}, "y", attr("auto_pad", "SAME_UPPER"), attr("strides", 2L, 2))));
        a.add(c("Conv auto_pad SAME_LOWER", img, true, b -> b.initializer("w", uniform(r, -1, 1, 2, 3, 2, 2), 2, 3, 2, 2)
                .node("Conv", new String[] {"x", "w"}, "y", attr("auto_pad", "SAME_LOWER"))));
        a.add(c("Conv auto_pad VALID", img, true, b -> b.initializer("w", uniform(r, -1, 1, 2, 3, 3, 3), 2, 3, 3, 3)
                .node("Conv", new String[] {"x", "w"}, "y", attr("auto_pad", "VALID"))));
        a.add(c("Conv depthwise multiplier 2", s(1, 3, 6, 6), true, b -> b.initializer("w", uniform(r, -1, 1, 6, 1, 3, 3), 6, 1, 3, 3)
                .initializer("b", uniform(r, -1, 1, 6), 6).node("Conv", new String[] {"x", "w", "b"}, "y", attr("group", 3L), attr("pads", 1L, 1, 1, 1))));
        a.add(c("Conv groups 2", s(1, 4, 5, 5), true, b -> b.initializer("w", uniform(r, -1, 1, 6, 2, 3, 3), 6, 2, 3, 3)
                .initializer("b", uniform(r, -1, 1, 6), 6).node("Conv", new String[] {"x", "w", "b"}, "y", attr("group", 2L))));
        a.add(c("ConvTranspose stride 2 pads output_padding", s(1, 3, 4, 5), true, b -> b.initializer("w", uniform(r, -1, 1, 3, 2, 3, 3), 3, 2, 3, 3)
                .initializer("b", uniform(r, -1, 1, 2), 2).node("ConvTranspose", new String[] {"x", "w", "b"}, "y", attr("strides", 2L, 2),
                        attr("pads", 1L, 0, 0, 1), attr("output_padding", 1L, 1))));
        a.add(c("ConvTranspose groups 3 dilation 2", s(1, 3, 4, 4), true, b -> b.initializer("w", uniform(r, -1, 1, 3, 1, 2, 2), 3, 1, 2, 2)
                .node("ConvTranspose", new String[] {"x", "w"}, "y", attr("group", 3L), attr("dilations", 2L, 2))));
        a.add(c("ConvTranspose output_shape", s(1, 2, 3, 3), true, b -> b.initializer("w", uniform(r, -1, 1, 2, 2, 3, 3), 2, 2, 3, 3)
                .node("ConvTranspose", new String[] {"x", "w"}, "y", attr("strides", 2L, 2), attr("output_shape", 6L, 6))));
        a.add(c("BatchNormalization after Conv (folded)", img, true, b -> b.initializer("w", uniform(r, -1, 1, 4, 3, 3, 3), 4, 3, 3, 3)
                .initializer("g", uniform(r, 0.5f, 1.5f, 4), 4).initializer("be", uniform(r, -1, 1, 4), 4).initializer("m", uniform(r, -1, 1, 4), 4)
                .initializer("v", uniform(r, 0.5f, 1.5f, 4), 4).node("Conv", new String[] {"x", "w"}, "c")
                .node("BatchNormalization", new String[] {"c", "g", "be", "m", "v"}, "y", attr("epsilon", 1e-3f))));
        a.add(c("BatchNormalization standalone", img, true, b -> b.initializer("g", uniform(r, 0.5f, 1.5f, 3), 3).initializer("be", uniform(r, -1, 1, 3), 3)
                .initializer("m", uniform(r, -1, 1, 3), 3).initializer("v", uniform(r, 0.5f, 1.5f, 3), 3)
                .node("BatchNormalization", new String[] {"x", "g", "be", "m", "v"}, "y")));
        a.add(c("Relu", img, true, b -> b.node("Relu", new String[] {"x"}, "y")));
        a.add(c("LeakyRelu alpha 0.2", img, true, b -> b.node("LeakyRelu", new String[] {"x"}, "y", attr("alpha", 0.2f))));
        a.add(c("LeakyRelu default", img, true, b -> b.node("LeakyRelu", new String[] {"x"}, "y")));
        a.add(c("Clip min/max inputs", img, true, b -> b.initializer("lo", new float[] {-0.5f}).initializer("hi", new float[] {0.4f})
                .node("Clip", new String[] {"x", "lo", "hi"}, "y")));
        a.add(c("Clip max only", img, true, b -> b.initializer("hi", new float[] {0.3f}).node("Clip", new String[] {"x", "", "hi"}, "y")));
        a.add(c("Clip attributes (opset 11 inputs absent)", 11, img, true, b -> b.node("Clip", new String[] {"x"}, "y")));
        a.add(c("ThresholdedRelu alpha 0.3", img, true, b -> b.node("ThresholdedRelu", new String[] {"x"}, "y", attr("alpha", 0.3f))));
        a.add(c("ThresholdedRelu default alpha 1 (scaled input)", img, true, b -> b.initializer("k", new float[] {3f}, 1)
                .node("Mul", new String[] {"x", "k"}, "z").node("ThresholdedRelu", new String[] {"z"}, "y")));
        a.add(c("Sigmoid", img, true, b -> b.node("Sigmoid", new String[] {"x"}, "y")));
        a.add(c("Tanh", img, true, b -> b.node("Tanh", new String[] {"x"}, "y")));
        a.add(c("HardSigmoid", img, true, b -> b.node("HardSigmoid", new String[] {"x"}, "y", attr("alpha", 0.7f), attr("beta", 0.4f))));
        a.add(c("HardSwish", 14, s(1, 3, 5, 5), true, b -> b.node("Mul", new String[] {"x", "k"}, "z").initializer("k", new float[] {5f})
                .node("HardSwish", new String[] {"z"}, "y")));
        a.add(c("Softmax default axis (opset 13: last)", s(2, 3, 4), true, b -> b.node("Softmax", new String[] {"x"}, "y")));
        a.add(c("Softmax axis 1 of a rank-4 tensor (nd4j's own is wrong there)", s(2, 4, 3, 3), true,
                b -> b.node("Softmax", new String[] {"x"}, "y", attr("axis", 1L))));
        a.add(c("Softmax axis 1 opset 11 (2-D coercion)", 11, s(2, 3, 4), true, b -> b.node("Softmax", new String[] {"x"}, "y")));
        a.add(c("MaxPool 3x3 s2 pads 1", img, true, b -> b.node("MaxPool", new String[] {"x"}, "y", attr("kernel_shape", 3L, 3),
                attr("strides", 2L, 2), attr("pads", 1L, 1, 1, 1))));
        a.add(c("MaxPool ceil_mode", s(1, 2, 9, 8), true, b -> b.node("MaxPool", new String[] {"x"}, "y", attr("kernel_shape", 2L, 3),
                attr("strides", 2L, 2), attr("ceil_mode", 1L))));
        a.add(c("MaxPool ceil_mode pads last window rule", s(1, 2, 6, 6), true, b -> b.node("MaxPool", new String[] {"x"}, "y", attr("kernel_shape", 2L, 2),
                attr("strides", 2L, 2), attr("ceil_mode", 1L), attr("pads", 1L, 1, 1, 1))));
        a.add(c("MaxPool SAME_UPPER", img, true, b -> b.node("MaxPool", new String[] {"x"}, "y", attr("kernel_shape", 3L, 3),
                attr("strides", 2L, 2), attr("auto_pad", "SAME_UPPER"))));
        a.add(c("AveragePool pads exclude", img, true, b -> b.node("AveragePool", new String[] {"x"}, "y", attr("kernel_shape", 3L, 3),
                attr("strides", 2L, 2), attr("pads", 1L, 1, 1, 1))));
        a.add(c("AveragePool pads include", img, true, b -> b.node("AveragePool", new String[] {"x"}, "y", attr("kernel_shape", 3L, 3),
                attr("strides", 2L, 2), attr("pads", 1L, 0, 1, 2), attr("count_include_pad", 1L))));
        a.add(c("AveragePool ceil_mode", s(1, 2, 7, 7), true, b -> b.node("AveragePool", new String[] {"x"}, "y", attr("kernel_shape", 2L, 2),
                attr("strides", 2L, 2), attr("ceil_mode", 1L))));
        a.add(c("GlobalAveragePool", img, true, b -> b.node("GlobalAveragePool", new String[] {"x"}, "y")));
        a.add(c("ReduceMean axes keepdims 0", img, true, b -> b.node("ReduceMean", new String[] {"x"}, "y", attr("axes", 1L, 3), attr("keepdims", 0L))));
        a.add(c("ReduceMean all", img, true, b -> b.node("ReduceMean", new String[] {"x"}, "y")));
        a.add(c("Flatten axis 2", img, true, b -> b.node("Flatten", new String[] {"x"}, "y", attr("axis", 2L))));
        a.add(c("Reshape 0 and -1", img, true, b -> b.initializer("s", new long[] {0, -1, 4}, 3).node("Reshape", new String[] {"x", "s"}, "y")));
        a.add(c("Transpose perm", img, true, b -> b.node("Transpose", new String[] {"x"}, "y", attr("perm", 0L, 2, 3, 1))));
        a.add(c("Transpose default", s(2, 3, 4), true, b -> b.node("Transpose", new String[] {"x"}, "y")));
        a.add(c("Gemm alpha beta transB", s(3, 5), true, b -> b.initializer("B", uniform(r, -1, 1, 4, 5), 4, 5).initializer("C", uniform(r, -1, 1, 4), 4)
                .node("Gemm", new String[] {"x", "B", "C"}, "y", attr("alpha", 0.5f), attr("beta", 2f), attr("transB", 1L))));
        a.add(c("Gemm transA no C", s(5, 3), true, b -> b.initializer("B", uniform(r, -1, 1, 5, 4), 5, 4)
                .node("Gemm", new String[] {"x", "B"}, "y", attr("transA", 1L))));
        a.add(c("MatMul rank 3 by 2", s(2, 3, 5), true, b -> b.initializer("B", uniform(r, -1, 1, 5, 4), 5, 4).node("MatMul", new String[] {"x", "B"}, "y")));
        a.add(c("Add Sub Mul Div broadcasting", img, true, b -> b.initializer("p", uniform(r, 0.5f, 1.5f, 3, 1, 1), 3, 1, 1).initializer("q", uniform(r, -1, 1, 8), 8)
                .node("Add", new String[] {"x", "p"}, "a").node("Mul", new String[] {"a", "q"}, "m").node("Sub", new String[] {"p", "m"}, "s")
                .node("Div", new String[] {"s", "p"}, "y")));
        a.add(c("Div by a tensor", img, true, b -> b.node("Sigmoid", new String[] {"x"}, "sg").node("Div", new String[] {"x", "sg"}, "y")));
        a.add(c("Concat axis 1 with itself", img, true, b -> b.node("Relu", new String[] {"x"}, "q").node("Concat", new String[] {"x", "q"}, "y", attr("axis", 1L))));
        a.add(c("Resize nearest scales half_pixel round_prefer_floor", img, true, b -> b.initializer("sc", new float[] {1, 1, 2, 1.5f}, 4)
                .node("Resize", new String[] {"x", "", "sc"}, "y")));
        a.add(c("Resize nearest sizes asymmetric floor", img, true, b -> b.initializer("sz", new long[] {2, 3, 11, 5}, 4)
                .node("Resize", new String[] {"x", "", "", "sz"}, "y", attr("coordinate_transformation_mode", "asymmetric"), attr("nearest_mode", "floor"))));
        a.add(c("Resize nearest align_corners round_prefer_ceil", img, true, b -> b.initializer("sz", new long[] {2, 3, 13, 17}, 4)
                .node("Resize", new String[] {"x", "", "", "sz"}, "y", attr("coordinate_transformation_mode", "align_corners"), attr("nearest_mode", "round_prefer_ceil"))));
        a.add(c("Resize linear half_pixel", img, true, b -> b.initializer("sz", new long[] {2, 3, 12, 5}, 4)
                .node("Resize", new String[] {"x", "", "", "sz"}, "y", attr("mode", "linear"))));
        a.add(c("Resize linear align_corners", img, true, b -> b.initializer("sc", new float[] {1, 1, 2, 2}, 4)
                .node("Resize", new String[] {"x", "", "sc"}, "y", attr("mode", "linear"), attr("coordinate_transformation_mode", "align_corners"))));
        a.add(c("Resize linear pytorch_half_pixel", img, true, b -> b.initializer("sz", new long[] {2, 3, 1, 9}, 4)
                .node("Resize", new String[] {"x", "", "", "sz"}, "y", attr("mode", "linear"), attr("coordinate_transformation_mode", "pytorch_half_pixel"))));
        a.add(c("Resize linear asymmetric", img, true, b -> b.initializer("sc", new float[] {1, 1, 1.5f, 0.5f}, 4)
                .node("Resize", new String[] {"x", "", "sc"}, "y", attr("mode", "linear"), attr("coordinate_transformation_mode", "asymmetric"))));
        a.add(c("Pad constant value negative crop", img, true, b -> b.initializer("p", new long[] {0, 0, 1, -1, 0, 1, 2, 0}, 8)
                .initializer("v", new float[] {0.7f}).node("Pad", new String[] {"x", "p", "v"}, "y")));
        // F.pad(x, (1, 2, 0, 3)) as PyTorch exports it: the pads computed by a chain of constant operators
        a.add(c("Pad with PyTorch's ConstantOfShape pads chain", img, true, b -> b
                .initializer("torch_pads", new long[] {1, 2, 0, 3}, 4).initializer("four", new long[] {4}, 1)
                .initializer("rows", new long[] {-1, 2}, 2).initializer("flat", new long[] {-1}, 1)
                .initializer("st", new long[] {-1}, 1).initializer("en", new long[] {-9223372036854775807L}, 1)
                .initializer("ax", new long[] {0}, 1).initializer("step", new long[] {-1}, 1)
                .node("ConstantOfShape", new String[] {"four"}, "zeros",
                        attr("value", OnnxModelBuilder.longTensor("v", new long[] {0}, 1)))
                .node("Concat", new String[] {"torch_pads", "zeros"}, "p8", attr("axis", 0L))
                .node("Reshape", new String[] {"p8", "rows"}, "p42")
                .node("Slice", new String[] {"p42", "st", "en", "ax", "step"}, "rev")
                .node("Transpose", new String[] {"rev"}, "t", attr("perm", 1L, 0L))
                .node("Reshape", new String[] {"t", "flat"}, "onnx_pads")
                .node("Cast", new String[] {"onnx_pads"}, "pads", attr("to", 7L))
                .node("Pad", new String[] {"x", "pads"}, "y", attr("mode", "constant"))));
        // general constant folding: operators that build graph ops on tensors (Sigmoid, MatMul, Transpose, Softmax,
        // Conv) evaluated at load when all their inputs are constants, so their result can be Conv weights
        a.add(c("Constant subgraph of run-time operators folded into Conv weights", img, true, b -> b
                .initializer("w0", uniform(r, -1, 1, 4, 27), 4, 27).initializer("mix", uniform(r, -1, 1, 27, 27), 27, 27)
                .initializer("ws", new long[] {4, 3, 3, 3}, 4).initializer("k", uniform(r, -1, 1, 3, 3, 1, 1), 3, 3, 1, 1)
                .node("MatMul", new String[] {"w0", "mix"}, "w1").node("Sigmoid", new String[] {"w1"}, "w2")
                .node("Softmax", new String[] {"w2"}, "w3", attr("axis", 1L)).node("Reshape", new String[] {"w3", "ws"}, "w4")
                .node("Conv", new String[] {"w4", "k"}, "w5").node("Transpose", new String[] {"w5"}, "w6", attr("perm", 0L, 1, 3, 2))
                .node("Conv", new String[] {"x", "w6"}, "y", attr("pads", 1L, 1, 1, 1))));
        // F.interpolate(x, scale_factor=1.5) as older exporters write it: sizes from Shape, Cast, Mul, Floor;
        // Equal, Where, Not, Max, Min, Range, ReduceProd and Expand only ever see constants here
        a.add(c("Load-only operators in size arithmetic: Floor Equal Where Not Max Min Range ReduceProd Expand Size", img, true, b -> b
                .node("Shape", new String[] {"x"}, "sh").initializer("i23", new long[] {2, 3}, 2)
                .node("Gather", new String[] {"sh", "i23"}, "hw").node("Cast", new String[] {"hw"}, "hwf", attr("to", 1L))
                .initializer("sc", new float[] {1.5f}, 1).node("Mul", new String[] {"hwf", "sc"}, "hws")
                .node("Floor", new String[] {"hws"}, "hwfl").node("Cast", new String[] {"hwfl"}, "hwi", attr("to", 7L))
                .initializer("i01", new long[] {0, 1}, 2).node("Gather", new String[] {"sh", "i01"}, "nc")
                .node("Concat", new String[] {"nc", "hwi"}, "sz0", attr("axis", 0L))
                .initializer("zero", new long[] {0}, 1).node("Equal", new String[] {"sz0", "zero"}, "isz")
                .node("Not", new String[] {"isz"}, "nz").node("Where", new String[] {"nz", "sz0", "sh"}, "sz1")
                .initializer("lo", new long[] {1}, 1).initializer("hi", new long[] {100}, 1)
                .node("Max", new String[] {"sz1", "lo"}, "sz2").node("Min", new String[] {"sz2", "hi"}, "sz")
                .node("Resize", new String[] {"x", "", "", "sz"}, "up", attr("mode", "linear"))
                .initializer("r0", new long[] {0}).initializer("r1", new long[] {2}).initializer("r2", new long[] {1})
                .node("Range", new String[] {"r0", "r1", "r2"}, "rg").node("Gather", new String[] {"sh", "rg"}, "lead")
                .node("ReduceProd", new String[] {"lead"}, "rows", attr("keepdims", 1L))
                .node("Size", new String[] {"x"}, "total").node("Div", new String[] {"total", "rows"}, "colsS")
                .initializer("one", new long[] {1}, 1).node("Expand", new String[] {"colsS", "one"}, "cols")
                .node("Concat", new String[] {"rows", "cols"}, "flat2", attr("axis", 0L))
                .node("Reshape", new String[] {"x", "flat2"}, "xf").node("ReduceMean", new String[] {"up"}, "m", attr("axes", 2L, 3))
                .initializer("m2", new long[] {6, 1}, 2).node("Reshape", new String[] {"m", "m2"}, "mr")
                .node("Mul", new String[] {"xf", "mr"}, "y")));
        // the other load-only operators, on float constants whose results scale the run-time tensor
        a.add(c("Load-only operators on float constants: unary, Pow, Mod, Sum, comparisons, logic, ReduceSum/Max/Min", img, true, b -> b
                .initializer("v", new float[] {-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f, 3.7f, -3.2f}, 8)
                .initializer("one", new float[] {1f}, 1).initializer("two", new float[] {2f}, 1)
                .initializer("tenth", new float[] {0.1f}, 1).initializer("zero", new float[] {0f}, 1)
                .initializer("m1", new float[] {-1f}, 1).initializer("p15", new float[] {1.5f}, 1)
                .node("Neg", new String[] {"v"}, "nv").node("Abs", new String[] {"nv"}, "av")
                .node("Ceil", new String[] {"v"}, "cv").node("Round", new String[] {"v"}, "rv").node("Sign", new String[] {"v"}, "sv")
                .node("Sqrt", new String[] {"av"}, "qv").node("Add", new String[] {"av", "one"}, "av1")
                .node("Reciprocal", new String[] {"av1"}, "rec").node("Mul", new String[] {"v", "tenth"}, "v10")
                .node("Exp", new String[] {"v10"}, "ev").node("Log", new String[] {"av1"}, "lv")
                .node("Pow", new String[] {"av", "two"}, "pv").node("Mod", new String[] {"v", "two"}, "mv", attr("fmod", 1L))
                .node("Sum", new String[] {"nv", "av", "cv", "rv", "sv", "qv"}, "s1")
                .node("Sum", new String[] {"rec", "ev", "lv", "pv", "mv"}, "s2").node("Add", new String[] {"s1", "s2"}, "c1")
                .node("Less", new String[] {"v", "zero"}, "lt").node("GreaterOrEqual", new String[] {"v", "two"}, "ge")
                .node("Xor", new String[] {"lt", "ge"}, "xo").node("Where", new String[] {"xo", "av", "v"}, "w1")
                .node("Greater", new String[] {"v", "m1"}, "gt").node("LessOrEqual", new String[] {"v", "p15"}, "le")
                .node("And", new String[] {"gt", "le"}, "an").node("Or", new String[] {"an", "ge"}, "or")
                .node("Where", new String[] {"or", "pv", "nv"}, "w2")
                .initializer("s24", new long[] {2, 4}, 2).node("Reshape", new String[] {"v", "s24"}, "v24")
                .node("ReduceMax", new String[] {"v24"}, "rmax", attr("axes", new long[] {0}), attr("keepdims", 0L))
                .node("ReduceMin", new String[] {"v24"}, "rmin", attr("axes", new long[] {0}), attr("keepdims", 0L))
                .node("Concat", new String[] {"rmax", "rmin"}, "c3", attr("axis", 0L))
                .node("Sum", new String[] {"c1", "w1", "w2", "c3"}, "c4")
                .initializer("ax1", new long[] {1}, 1).node("ReduceSum", new String[] {"v24", "ax1"}, "rs", attr("keepdims", 0L))
                .initializer("s2111", new long[] {2, 1, 1, 1}, 4).node("Reshape", new String[] {"rs", "s2111"}, "rs4")
                .node("Mul", new String[] {"x", "c4"}, "xc").node("Add", new String[] {"xc", "rs4"}, "y")));
        a.add(c("Pad reflect", img, true, b -> b.initializer("p", new long[] {0, 0, 2, 1, 0, 0, 1, 3}, 8)
                .node("Pad", new String[] {"x", "p"}, "y", attr("mode", "reflect"))));
        a.add(c("Pad edge", img, true, b -> b.initializer("p", new long[] {0, 0, 3, 1, 0, 0, 1, 2}, 8)
                .node("Pad", new String[] {"x", "p"}, "y", attr("mode", "edge"))));
        a.add(c("Constant, Identity, Dropout", img, true, b -> b.node("Constant", new String[] {}, "k",
                attr("value", OnnxModelBuilder.floatTensor("k", new float[] {2f}, 1))).node("Identity", new String[] {"x"}, "i")
                .node("Dropout", new String[] {"i"}, "d").node("Mul", new String[] {"d", "k"}, "y")));
        a.add(c("Shape arithmetic folded: Shape Gather Slice Unsqueeze Squeeze Cast Concat", img, true, b -> b
                .node("Shape", new String[] {"x"}, "sh")
                .initializer("i0", new long[] {0}, 1).node("Gather", new String[] {"sh", "i0"}, "n")
                .initializer("st", new long[] {1}, 1).initializer("en", new long[] {2}, 1).node("Slice", new String[] {"sh", "st", "en"}, "cdim")
                .node("Squeeze", new String[] {"cdim", "ax0"}, "cs").initializer("ax0", new long[] {0}, 1)
                .node("Unsqueeze", new String[] {"cs", "ax0"}, "cu")
                .node("Cast", new String[] {"cu"}, "cf", attr("to", 1L)).node("Cast", new String[] {"cf"}, "ci", attr("to", 7L))
                .initializer("m1", new long[] {-1}, 1)
                .node("Concat", new String[] {"n", "ci", "m1"}, "target", attr("axis", 0L))
                .node("Reshape", new String[] {"x", "target"}, "y")));
        a.add(c("Gather on a tensor (axis 1, negative index) and Slice with steps folded", img, true, b -> b
                .initializer("idx", new long[] {2, -3, 2}, 3).node("Gather", new String[] {"x", "idx"}, "g", attr("axis", 1L))
                .initializer("st", new long[] {1}, 1).initializer("en", new long[] {6}, 1).initializer("ax", new long[] {3}, 1)
                .node("Slice", new String[] {"g", "st", "en", "ax"}, "y")));
        a.add(c("Unsqueeze opset 11 attribute", 11, s(2, 3), true, b -> b.node("Unsqueeze", new String[] {"x"}, "y", attr("axes", 0L, 3))));
        return a;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesOnnxRuntimeAndFiniteDifferences(String name, byte[] model, long[] shape, boolean grad) {
        OpCheck.Result r = OpCheck.check(model, shape, 7, grad);
        assertThat(r.forwardError()).as("forward vs ONNX Runtime").isLessThan(1e-5);
        assertThat(r.gradientError()).as("gradient vs central differences").isLessThan(1e-2);
    }

    @Test
    void unsupportedOperatorNamesOperatorNodeAndSupportedSet() {
        byte[] m = new OnnxModelBuilder(13).input("x", 1, 3, 4, 4).node("Elu", new String[] {"x"}, "y").output("y").toBytes();
        assertThatThrownBy(() -> OnnxModel.fromBytes(m)).isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("Elu").hasMessageContaining("/Elu_0").hasMessageContaining("Conv").hasMessageContaining("Resize");
    }

    @Test
    void aLoadOnlyOperatorOnARunTimeTensorIsRefusedNamingTheRule() {
        byte[] m = new OnnxModelBuilder(13).input("x", 1, 3, 4, 4).node("Floor", new String[] {"x"}, "y").output("y").toBytes();
        assertThatThrownBy(() -> OnnxModel.fromBytes(m).network(new long[] {1, 3, 4, 4}, null)).isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("Floor on a tensor computed at run time")
                .hasMessageContaining("only when all its inputs are constants");
    }

    @Test
    void anUnsupportedOperatorIsAPixelPrivacyException() {
        byte[] m = new OnnxModelBuilder(13).input("x", 1, 3, 4, 4).node("Elu", new String[] {"x"}, "y").output("y").toBytes();
        assertThatThrownBy(() -> OnnxModel.fromBytes(m)).isInstanceOf(OnnxImportException.class)
                .isInstanceOf(PixelPrivacyException.class);
    }

    @Test
    void unsupportedAttributeValueFailsAtLoad() {
        byte[] m = new OnnxModelBuilder(13).input("x", 1, 3, 4, 4).initializer("sc", new float[] {1, 1, 2, 2}, 4)
                .node("Resize", new String[] {"x", "", "sc"}, "y", attr("mode", "cubic")).output("y").toBytes();
        assertThatThrownBy(() -> OnnxModel.fromBytes(m)).isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("mode='cubic'").hasMessageContaining("/Resize_0").hasMessageContaining("linear");
    }

    @Test
    void dilatedMaxPoolIsRefusedAtLoad() {
        byte[] m = new OnnxModelBuilder(13).input("x", 1, 3, 8, 8).node("MaxPool", new String[] {"x"}, "y", attr("kernel_shape", 2L, 2),
                attr("dilations", 2L, 2)).output("y").toBytes();
        assertThatThrownBy(() -> OnnxModel.fromBytes(m)).isInstanceOf(OnnxImportException.class).hasMessageContaining("dilations [2, 2]");
    }

    @Test
    void opsetOutsideElevenToSeventeenIsRefused() {
        byte[] m = new OnnxModelBuilder(9).input("x", 1, 3).node("Relu", new String[] {"x"}, "y").output("y").toBytes();
        assertThatThrownBy(() -> OnnxModel.fromBytes(m)).isInstanceOf(OnnxImportException.class).hasMessageContaining("opset 9");
    }

    @Test
    void namesOfAnyFormWork() {
        byte[] m = new OnnxModelBuilder(13).input("onnx::input:0", 1, 2, 3, 3)
                .node("Relu", new String[] {"onnx::input:0"}, "add")
                .node("Sigmoid", new String[] {"add"}, "/layer1/Conv_output_0")
                .node("Add", new String[] {"/layer1/Conv_output_0", "add"}, "onnx::Conv_497").output("onnx::Conv_497").toBytes();
        OnnxNetwork net = OnnxModel.fromBytes(m).network(new long[] {1, 2, 3, 3}, null);
        float[] x = OpCheck.random(18, 3, -1, 1);
        float[] y = net.output(x);
        for (int i = 0; i < x.length; i++) {
            double relu = Math.max(0, x[i]);
            assertThat((double) y[i]).isCloseTo(relu + 1 / (1 + Math.exp(-relu)), org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    /**
     * Concat's gradient is exact, not approximate: y = Concat(x, 2x, x) along {@code axis}, objective sum(w * y)
     * with small integer weights, so dy/dx = w_part0 + 2 w_part1 + w_part2 holds exactly in float32. Part of
     * the InceptionV3 gradient investigation (README, ONNX import): a Concat fault would show here at once.
     */
    @ParameterizedTest(name = "axis {0}")
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3})
    void concatGradientIsExactlyTheSumOfTheRoutedParts(long axis) {
        long[] shape = {2, 3, 4, 5};
        byte[] m = new OnnxModelBuilder(13).input("x", shape).initializer("k", new float[] {2f}, 1)
                .node("Mul", new String[] {"x", "k"}, "x2").node("Concat", new String[] {"x", "x2", "x"}, "y", attr("axis", axis))
                .output("y").toBytes();
        try (OnnxNetwork net = OnnxModel.fromBytes(m).network(shape, Objective.WEIGHTED_SUM)) {
            float[] w = new float[net.outputLength()];
            for (int i = 0; i < w.length; i++) {
                w[i] = (i * 7 % 11) - 5;
            }
            float[] x = OpCheck.random(120, 5, -1, 1);
            float[] g = net.gradient(x, w).inputGradient();
            int ax = (int) axis;
            long[] os = net.outputShape();
            float[] want = new float[x.length];
            for (int o = 0; o < w.length; o++) {
                long rem = o;
                long[] idx = new long[4];
                for (int d = 3; d >= 0; d--) {
                    idx[d] = rem % os[d];
                    rem /= os[d];
                }
                long part = idx[ax] / shape[ax];
                idx[ax] %= shape[ax];
                int xi = (int) (((idx[0] * shape[1] + idx[1]) * shape[2] + idx[2]) * shape[3] + idx[3]);
                want[xi] += (part == 1 ? 2 : 1) * w[o];
            }
            assertThat(g).containsExactly(want);
        }
    }
}
