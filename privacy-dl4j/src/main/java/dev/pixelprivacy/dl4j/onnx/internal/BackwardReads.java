package dev.pixelprivacy.dl4j.onnx.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.bp.AddBpOp;

/**
 * Rewrites a SameDiff gradient function so that its backward ops read fewer forward activations,
 * with the same values: a forward array no backward op reads is released during the forward pass
 * (the network's call pool reuses its buffer), so the activations a gradient call holds at its peak,
 * the start of the backward pass, shrink. Two rewrites, each exact:
 * <ul>
 *   <li>ReLU backward ({@code relu_bp} or {@code thresholdedrelu_bp} with cutoff 0: {@code x > 0 ? g : 0})
 *       reads the ReLU's output {@code y = max(x, 0)} in place of its input {@code x}: {@code y > 0}
 *       exactly where {@code x > 0} (also for -0 and NaN, which both leave at 0 and NaN). After a
 *       convolution the input is the convolution's output, which nothing else of the backward pass
 *       needs, while the output is kept anyway as the next layer's input.</li>
 *   <li>Addition backward ({@code add_bp}) of two inputs of one static shape is removed, its readers
 *       reading the output gradient: without broadcasting each input's gradient is the output
 *       gradient, and the op read its inputs only for their shapes. In a residual network these
 *       inputs are the block's last convolution output and the skip input.</li>
 * </ul>
 * Measured on the ResNet-50 FGSM step (256x256): the arrays live at the start of the backward pass
 * were the convolution outputs (relu inputs), the residual sums and the skip inputs; see
 * {@code privacy-bench}'s {@code GradientMemoryRun}.
 */
final class BackwardReads {
    private BackwardReads() {
    }

    /**
     * @param grad the gradient function ({@code sd.getFunction("grad")}), after every other rewrite
     * @param shapes static shape of the forward graph's computed variables, by name; an addition whose
     *     inputs are missing here is left as it is
     * @return how many ops now read other variables
     */
    static int rewrite(SameDiff grad, Map<String, long[]> shapes) {
        Map<String, Variable> vars = grad.getVariables();
        Map<String, SameDiffOp> ops = grad.getOps();
        int count = 0;
        for (SameDiffOp op : new ArrayList<>(ops.values())) {
            DifferentialFunction f = op.getOp();
            List<String> in = op.getInputsToOp();
            if (in == null) {
                continue;
            }
            if (isReluGradient(f) && in.size() == 2) {
                String y = reluOutput(vars, ops, in.get(0));
                if (y != null) {
                    replaceInput(vars, op, 0, y);
                    count++;
                }
            } else if (f.getClass().equals(AddBpOp.class) && in.size() == 3 && bypassAddition(vars, ops, op, shapes)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Removes an {@code add_bp} of two inputs of one static shape: each reader of either input's gradient
     * reads the output gradient instead. (Pointing the op's three inputs at the output gradient would
     * give the same values, but M2.1's {@code AbstractSession.initSubgraph} queues an input once per
     * listing before it is visited, so a chain of such ops multiplies its queue by three per block.)
     *
     * @return whether it was removed: not when the shapes differ or are unknown (broadcasting), when an
     *     input gradient has no reader (it is a result) or when control dependencies involve the op
     */
    private static boolean bypassAddition(Map<String, Variable> vars, Map<String, SameDiffOp> ops, SameDiffOp op,
                                          Map<String, long[]> shapes) {
        List<String> in = op.getInputsToOp();
        List<String> out = op.getOutputsOfOp();
        long[] a = shapes.get(in.get(0));
        long[] b = shapes.get(in.get(1));
        if (a == null || b == null || !Arrays.equals(a, b) || out == null || out.size() != 2
                || !isEmpty(op.getControlDeps()) || !isEmpty(op.getVarControlDeps()) || !isEmpty(op.getControlDepFor())) {
            return false;
        }
        String g = in.get(2);
        for (String o : out) {
            Variable v = vars.get(o);
            if (v == null || isEmpty(v.getInputsForOp()) || !isEmpty(v.getControlDeps())
                    || !isEmpty(v.getControlDepsForOp()) || !isEmpty(v.getControlDepsForVar()) || o.equals(g)) {
                return false;
            }
        }
        for (String o : out) {
            for (String reader : new ArrayList<>(vars.get(o).getInputsForOp())) {
                SameDiffOp r = ops.get(reader);
                List<String> rin = r.getInputsToOp();
                for (int i = 0; i < rin.size(); i++) {
                    if (rin.get(i).equals(o)) {
                        replaceInput(vars, r, i, g);
                        rin = r.getInputsToOp();
                    }
                }
            }
        }
        for (String s : new HashSet<>(in)) {
            Variable v = vars.get(s);
            if (v != null && v.getInputsForOp() != null) {
                v.getInputsForOp().removeIf(op.getName()::equals);
            }
        }
        for (String o : out) {
            vars.remove(o);
        }
        ops.remove(op.getName());
        return true;
    }

    private static boolean isEmpty(List<String> l) {
        return l == null || l.isEmpty();
    }

    private static boolean isReluGradient(DifferentialFunction f) {
        if (f.getClass().equals(RectifiedLinearDerivative.class)) {
            return true;
        }
        return f.getClass().equals(ThresholdReluBp.class) && ((ThresholdReluBp) f).getCutoff() == 0.0;
    }

    /** @return the output of a forward ReLU with cutoff 0 of {@code x} in {@code grad}, or null */
    private static String reluOutput(Map<String, Variable> vars, Map<String, SameDiffOp> ops, String x) {
        Variable v = vars.get(x);
        if (v == null || v.getInputsForOp() == null) {
            return null;
        }
        for (String reader : v.getInputsForOp()) {
            SameDiffOp r = ops.get(reader);
            if (r == null || !r.getOp().getClass().equals(RectifiedLinear.class) || r.getOutputsOfOp() == null
                    || r.getOutputsOfOp().size() != 1) {
                continue;
            }
            INDArray cutoff = ((RectifiedLinear) r.getOp()).scalar();
            if (cutoff == null || cutoff.length() != 1 || cutoff.getDouble(0) != 0.0) {
                continue;
            }
            return r.getOutputsOfOp().get(0);
        }
        return null;
    }

    /** Points input {@code i} of {@code op} at {@code name}, in the op and in both variables' reader lists. */
    private static void replaceInput(Map<String, Variable> vars, SameDiffOp op, int i, String name) {
        List<String> in = new ArrayList<>(op.getInputsToOp());
        String old = in.set(i, name);
        op.setInputsToOp(in);
        Variable was = vars.get(old);
        if (was != null && was.getInputsForOp() != null && !in.contains(old)) {
            was.getInputsForOp().removeIf(op.getName()::equals);
        }
        Variable now = vars.get(name);
        List<String> readers = now.getInputsForOp() == null ? new ArrayList<>() : new ArrayList<>(now.getInputsForOp());
        if (!readers.contains(op.getName())) {
            readers.add(op.getName());
        }
        now.setInputsForOp(readers);
    }
}
