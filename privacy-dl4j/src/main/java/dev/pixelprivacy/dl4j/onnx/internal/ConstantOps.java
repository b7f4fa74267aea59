package dev.pixelprivacy.dl4j.onnx.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import onnx.Onnx;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Operators the importer evaluates only at load, on constant inputs: the element-wise, comparison,
 * selection and reduction operators that exporters put into shape arithmetic ({@code Floor} of a scaled
 * size, {@code Equal}/{@code Where} choosing a dimension, {@code Expand}, {@code Range}). They have no
 * run-time translation; {@link GraphTranslator} folds them when every input of a node is known. Numbers are
 * computed in double precision (exact for integers below 2^53) with numpy broadcasting; booleans are
 * integer 0/1 like the other integer constants of the translator; a result is floating point when any
 * numeric input is (comparisons give booleans).
 */
final class ConstantOps {
    private ConstantOps() {}

    private static final Set<String> UNARY = Set.of("Neg", "Abs", "Floor", "Ceil", "Round", "Sqrt", "Reciprocal",
            "Exp", "Log", "Sign", "Not");
    private static final Set<String> BINARY = Set.of("Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual",
            "And", "Or", "Xor", "Pow", "Mod");
    private static final Set<String> VARIADIC = Set.of("Min", "Max", "Sum");
    private static final Set<String> REDUCE = Set.of("ReduceProd", "ReduceSum", "ReduceMax", "ReduceMin");
    private static final Set<String> OTHER = Set.of("Where", "Expand", "Range");

    /** The operators evaluated here, sorted. */
    static final Set<String> OPERATORS = operators();

    private static Set<String> operators() {
        TreeSet<String> s = new TreeSet<>();
        s.addAll(UNARY);
        s.addAll(BINARY);
        s.addAll(VARIADIC);
        s.addAll(REDUCE);
        s.addAll(OTHER);
        return Collections.unmodifiableSortedSet(s);
    }

    /** A constant as doubles in C order, its shape and whether it is floating point. */
    private record Dense(double[] data, long[] shape, boolean fp) {
        static Dense of(INDArray a) {
            double[] d = a.length() == 0 ? new double[0] : a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
            return new Dense(d, a.shape(), a.dataType().isFPType());
        }

        INDArray toArray() {
            DataType t = fp ? DataType.FLOAT : DataType.LONG;
            if (data.length == 0) {
                return Nd4j.create(t, shape);
            }
            if (shape.length == 0) {
                return Nd4j.scalar(data[0]).castTo(t);
            }
            return Nd4j.createFromArray(data).reshape('c', shape).castTo(t);
        }
    }

    /**
     * Evaluates one node.
     *
     * @param n the node, whose operator is in {@link #OPERATORS}
     * @param a its attributes
     * @param in its inputs in order (null for an omitted optional input)
     * @return its first output
     */
    static INDArray evaluate(Onnx.NodeProto n, Attributes a, List<INDArray> in) {
        String op = n.getOpType();
        if (UNARY.contains(op)) {
            a.allowOnly(Set.of());
            return unary(op, Dense.of(need(n, in, 0))).toArray();
        }
        if (BINARY.contains(op)) {
            a.allowOnly(op.equals("Mod") ? Set.of("fmod") : Set.of());
            boolean fmod = a.getIntChoice("fmod", 0, Set.of(0L, 1L)) == 1;
            return binary(n, op, fmod, Dense.of(need(n, in, 0)), Dense.of(need(n, in, 1))).toArray();
        }
        if (VARIADIC.contains(op)) {
            a.allowOnly(Set.of());
            Dense r = Dense.of(need(n, in, 0));
            for (int i = 1; i < in.size(); i++) {
                r = binary(n, op, false, r, Dense.of(need(n, in, i)));
            }
            return r.toArray();
        }
        if (REDUCE.contains(op)) {
            return reduce(n, a, in).toArray();
        }
        return switch (op) {
            case "Where" -> {
                a.allowOnly(Set.of());
                Dense c = Dense.of(need(n, in, 0));
                Dense x = Dense.of(need(n, in, 1));
                Dense y = Dense.of(need(n, in, 2));
                long[] s = broadcast(n, broadcast(n, c.shape, x.shape), y.shape);
                double[] cd = expand(c, s);
                double[] xd = expand(x, s);
                double[] yd = expand(y, s);
                double[] r = new double[cd.length];
                for (int i = 0; i < r.length; i++) {
                    r[i] = cd[i] != 0 ? xd[i] : yd[i];
                }
                yield new Dense(r, s, x.fp || y.fp).toArray();
            }
            case "Expand" -> {
                a.allowOnly(Set.of());
                Dense x = Dense.of(need(n, in, 0));
                long[] s = broadcast(n, x.shape, longs(need(n, in, 1)));
                yield new Dense(expand(x, s), s, x.fp).toArray();
            }
            case "Range" -> {
                a.allowOnly(Set.of());
                Dense start = Dense.of(need(n, in, 0));
                Dense limit = Dense.of(need(n, in, 1));
                Dense delta = Dense.of(need(n, in, 2));
                for (Dense d0 : List.of(start, limit, delta)) {
                    if (d0.data.length != 1) {
                        throw Nodes.invalid(n, "Range inputs must be scalars but one has shape " + Arrays.toString(d0.shape));
                    }
                }
                double st = start.data[0];
                double d = delta.data[0];
                if (d == 0) {
                    throw Nodes.invalid(n, "Range delta 0");
                }
                long count = Math.max(0, (long) Math.ceil((limit.data[0] - st) / d));
                double[] r = new double[Math.toIntExact(count)];
                for (int i = 0; i < r.length; i++) {
                    r[i] = st + i * d;
                }
                yield new Dense(r, new long[] {count}, start.fp || limit.fp || delta.fp).toArray();
            }
            default -> throw Nodes.unsupported(n, "operator " + op, "operators " + OPERATORS);
        };
    }

    private static INDArray need(Onnx.NodeProto n, List<INDArray> in, int i) {
        if (i >= in.size() || in.get(i) == null) {
            throw Nodes.invalid(n, "input " + i + " is missing");
        }
        return in.get(i);
    }

    private static long[] longs(INDArray a) {
        double[] d = Dense.of(a).data;
        long[] l = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            l[i] = (long) d[i];
        }
        return l;
    }

    private static Dense unary(String op, Dense x) {
        DoubleUnaryOperator f = switch (op) {
            case "Neg" -> v -> -v;
            case "Abs" -> Math::abs;
            case "Floor" -> Math::floor;
            case "Ceil" -> Math::ceil;
            case "Round" -> Math::rint; // ONNX rounds halves to even
            case "Sqrt" -> Math::sqrt;
            case "Reciprocal" -> v -> 1 / v;
            case "Exp" -> Math::exp;
            case "Log" -> Math::log;
            case "Sign" -> Math::signum;
            default -> v -> v == 0 ? 1 : 0; // Not
        };
        double[] r = new double[x.data.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = f.applyAsDouble(x.data[i]);
        }
        return new Dense(r, x.shape, !op.equals("Not") && x.fp);
    }

    private static Dense binary(Onnx.NodeProto n, String op, boolean fmod, Dense x, Dense y) {
        boolean fp = x.fp || y.fp;
        DoubleBinaryOperator f = switch (op) {
            case "Equal" -> (u, v) -> u == v ? 1 : 0;
            case "Less" -> (u, v) -> u < v ? 1 : 0;
            case "LessOrEqual" -> (u, v) -> u <= v ? 1 : 0;
            case "Greater" -> (u, v) -> u > v ? 1 : 0;
            case "GreaterOrEqual" -> (u, v) -> u >= v ? 1 : 0;
            case "And" -> (u, v) -> u != 0 && v != 0 ? 1 : 0;
            case "Or" -> (u, v) -> u != 0 || v != 0 ? 1 : 0;
            case "Xor" -> (u, v) -> (u != 0) != (v != 0) ? 1 : 0;
            case "Pow" -> Math::pow;
            // fmod = 1: C's fmod (sign of the dividend); 0: Python's mod (sign of the divisor)
            case "Mod" -> fmod ? (u, v) -> u % v : (u, v) -> u - Math.floor(u / v) * v;
            case "Min" -> Math::min;
            case "Max" -> Math::max;
            default -> Double::sum; // Sum
        };
        boolean logical = !Set.of("Pow", "Mod", "Min", "Max", "Sum").contains(op);
        long[] s = broadcast(n, x.shape, y.shape);
        double[] xd = expand(x, s);
        double[] yd = expand(y, s);
        double[] r = new double[xd.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = f.applyAsDouble(xd[i], yd[i]);
        }
        // Pow keeps the base's type (ONNX), the others promote to floating point when either input is
        return new Dense(r, s, !logical && (op.equals("Pow") ? x.fp : fp));
    }

    private static Dense reduce(Onnx.NodeProto n, Attributes a, List<INDArray> in) {
        a.allowOnly(Set.of("axes", "keepdims", "noop_with_empty_axes"));
        Dense x = Dense.of(need(n, in, 0));
        boolean keep = a.getIntChoice("keepdims", 1, Set.of(0L, 1L)) == 1;
        long[] axesL = in.size() > 1 && in.get(1) != null ? longs(in.get(1)) : a.getInts("axes", null);
        int r = x.shape.length;
        boolean[] reduced = new boolean[r];
        if (axesL == null || axesL.length == 0) {
            if (a.getInt("noop_with_empty_axes", 0) == 1) {
                return x;
            }
            Arrays.fill(reduced, true);
        } else {
            for (long ax : axesL) {
                long k = ax < 0 ? ax + r : ax;
                if (k < 0 || k >= r) {
                    throw Nodes.invalid(n, "axis " + ax + " is outside a tensor of rank " + r);
                }
                reduced[(int) k] = true;
            }
        }
        String op = n.getOpType();
        double init = switch (op) {
            case "ReduceProd" -> 1;
            case "ReduceMax" -> Double.NEGATIVE_INFINITY;
            case "ReduceMin" -> Double.POSITIVE_INFINITY;
            default -> 0;
        };
        long[] keptShape = new long[r];
        List<Long> outShape = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            keptShape[i] = reduced[i] ? 1 : x.shape[i];
            if (!reduced[i]) {
                outShape.add(x.shape[i]);
            } else if (keep) {
                outShape.add(1L);
            }
        }
        double[] out = new double[Math.toIntExact(prod(keptShape))];
        Arrays.fill(out, init);
        long[] idx = new long[r];
        for (int i = 0; i < x.data.length; i++) {
            long rem = i;
            for (int d = r - 1; d >= 0; d--) {
                idx[d] = rem % x.shape[d];
                rem /= x.shape[d];
            }
            int o = 0;
            for (int d = 0; d < r; d++) {
                o = (int) (o * keptShape[d] + (reduced[d] ? 0 : idx[d]));
            }
            double v = x.data[i];
            out[o] = switch (op) {
                case "ReduceProd" -> out[o] * v;
                case "ReduceMax" -> Math.max(out[o], v);
                case "ReduceMin" -> Math.min(out[o], v);
                default -> out[o] + v;
            };
        }
        return new Dense(out, outShape.stream().mapToLong(Long::longValue).toArray(), x.fp);
    }

    private static long prod(long[] s) {
        long p = 1;
        for (long d : s) {
            p *= d;
        }
        return p;
    }

    /** numpy broadcasting of two shapes. */
    static long[] broadcast(Onnx.NodeProto n, long[] a, long[] b) {
        int r = Math.max(a.length, b.length);
        long[] s = new long[r];
        for (int i = 0; i < r; i++) {
            long da = i < r - a.length ? 1 : a[i - (r - a.length)];
            long db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw Nodes.invalid(n, "shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            }
            s[i] = da == 1 ? db : da;
        }
        return s;
    }

    /** The values of x broadcast to shape s (which x broadcasts to), in C order. */
    private static double[] expand(Dense x, long[] s) {
        int r = s.length;
        long[] xs = new long[r];
        Arrays.fill(xs, 1);
        System.arraycopy(x.shape, 0, xs, r - x.shape.length, x.shape.length);
        double[] out = new double[Math.toIntExact(prod(s))];
        long[] idx = new long[r];
        for (int i = 0; i < out.length; i++) {
            long rem = i;
            for (int d = r - 1; d >= 0; d--) {
                idx[d] = rem % s[d];
                rem /= s[d];
            }
            long off = 0;
            for (int d = 0; d < r; d++) {
                off = off * xs[d] + (xs[d] == 1 ? 0 : idx[d]);
            }
            out[i] = x.data[(int) off];
        }
        return out;
    }
}
