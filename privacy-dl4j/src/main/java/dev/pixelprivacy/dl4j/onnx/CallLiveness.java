package dev.pixelprivacy.dl4j.onnx;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Hands each array of a call back to the {@link CallArena} as soon as the last op that reads it has
 * run, so that a later op of the same call reuses its buffer: a call then holds at once only the
 * arrays still to be read (for a gradient: mostly the forward activations the backward pass needs),
 * not every array of the call. SameDiff's session does not release arrays itself here: its releasing
 * is off for the gradient function (nd4j 1.0.0-M2.1's {@code calculateGradientsAndOutputs} turns the
 * cache off, and with it {@code SessionMemMgr.release}), so this listener does it from the graph.
 *
 * <p>The plan of a graph, made once: the ops that compute the requested outputs (their ancestors), and
 * for every variable how many of those ops read it. During a call each executed op's inputs are
 * counted down; a variable that no op will read any more, and that is not a requested output, is
 * released, and its buffer goes back to the pool when no live variable shares it (an identity op
 * passes its input array through). An op about to read a released variable (an op outside the plan)
 * fails the call with {@link IllegalStateException} rather than read a reused buffer.
 *
 * <p>Not thread-safe: one call at a time, as {@link OnnxNetwork} enforces.
 */
final class CallLiveness extends BaseListener {
    /** What one graph's calls read: readers per variable among the ops that compute the outputs. */
    static final class Plan {
        private final Map<String, Integer> readers;
        private final Set<String> ops;
        private final Set<String> outputs;

        private Plan(Map<String, Integer> readers, Set<String> ops, Set<String> outputs) {
            this.readers = readers;
            this.ops = ops;
            this.outputs = outputs;
        }

        /**
         * @param g the graph the call runs (the gradient function for a gradient call)
         * @param outputs the variables the call returns
         * @return the plan
         */
        static Plan of(SameDiff g, Collection<String> outputs) {
            Map<String, Variable> vars = g.getVariables();
            Map<String, SameDiffOp> all = g.getOps();
            Set<String> ops = new LinkedHashSet<>();
            ArrayDeque<String> todo = new ArrayDeque<>(outputs);
            Set<String> seen = new HashSet<>(outputs);
            while (!todo.isEmpty()) {
                Variable v = vars.get(todo.poll());
                if (v == null || v.getOutputOfOp() == null || !ops.add(v.getOutputOfOp())) {
                    continue;
                }
                SameDiffOp op = all.get(v.getOutputOfOp());
                List<String> in = op == null ? null : op.getInputsToOp();
                if (in != null) {
                    for (String s : in) {
                        if (seen.add(s)) {
                            todo.add(s);
                        }
                    }
                }
                List<String> deps = op == null ? null : op.getControlDeps();
                if (deps != null) {
                    for (String s : deps) {
                        if (seen.add(s)) {
                            todo.add(s);
                        }
                    }
                }
            }
            Map<String, Integer> readers = new HashMap<>();
            for (String name : ops) {
                List<String> in = all.get(name).getInputsToOp();
                if (in != null) {
                    for (String s : new HashSet<>(in)) {
                        readers.merge(s, 1, Integer::sum);
                    }
                }
            }
            return new Plan(readers, ops, Set.copyOf(outputs));
        }
    }

    private final CallArena arena;
    private Plan plan;
    private final Map<String, Integer> remaining = new HashMap<>();
    private final Map<String, INDArray> live = new HashMap<>();
    private final Set<String> released = new HashSet<>();

    CallLiveness(CallArena arena) {
        this.arena = arena;
    }

    /** Starts a call that runs {@code plan}'s graph; null: release nothing during the call. */
    void begin(Plan p) {
        plan = p;
        remaining.clear();
        live.clear();
        released.clear();
        if (p != null) {
            remaining.putAll(p.readers);
        }
    }

    /** Ends the call: the arena takes every buffer back in {@link CallArena#recycle} anyway. */
    void end() {
        plan = null;
        remaining.clear();
        live.clear();
        released.clear();
    }

    @Override
    public boolean isActive(Operation operation) {
        return plan != null;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        if (plan == null || op.getInputsToOp() == null) {
            return;
        }
        for (String in : op.getInputsToOp()) {
            if (released.contains(in)) {
                throw new IllegalStateException("op " + op.getName() + " reads " + in
                        + ", whose buffer was released for reuse: the op is outside the call's plan");
            }
        }
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext ctx, INDArray[] outputs) {
        if (plan == null) {
            return;
        }
        List<String> outs = op.getOutputsOfOp();
        if (outs != null && outputs != null) {
            for (int i = 0; i < outs.size() && i < outputs.length; i++) {
                String name = outs.get(i);
                INDArray a = outputs[i];
                if (a == null) {
                    continue;
                }
                INDArray before = live.put(name, a);
                arena.track(a);
                if (before != null) {
                    arena.untrack(before);
                }
                if (!plan.outputs.contains(name) && remaining.getOrDefault(name, 0) == 0) {
                    drop(name);
                }
            }
        }
        if (!plan.ops.contains(op.getName()) || op.getInputsToOp() == null) {
            return;
        }
        for (String in : new HashSet<>(op.getInputsToOp())) {
            Integer n = remaining.get(in);
            if (n == null) {
                continue;
            }
            if (n <= 1) {
                remaining.remove(in);
                if (!plan.outputs.contains(in)) {
                    drop(in);
                }
            } else {
                remaining.put(in, n - 1);
            }
        }
    }

    private void drop(String name) {
        INDArray a = live.remove(name);
        if (a != null) {
            released.add(name);
            arena.untrack(a);
        }
    }
}
