package dev.pixelprivacy.core.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Transforms applied one after the other. {@link #forward} composes their unclamped functions;
 * {@link #vjp} recomputes the intermediate images and applies the steps' vjps in reverse order (the
 * chain rule). An empty chain is the identity.
 */
public final class TransformChain implements DifferentiableTransform {
    private final List<DifferentiableTransform> steps;

    private TransformChain(List<DifferentiableTransform> steps) {
        this.steps = steps;
    }

    /**
     * @param steps the transforms, first applied first; none null
     * @return the chain
     */
    public static TransformChain of(List<? extends DifferentiableTransform> steps) {
        if (steps == null) {
            throw new IllegalArgumentException("steps must not be null");
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) == null) {
                throw new IllegalArgumentException("chain step " + i + " is null");
            }
        }
        return new TransformChain(List.copyOf(steps));
    }

    /**
     * @param steps the transforms, first applied first
     * @return the chain
     */
    public static TransformChain of(DifferentiableTransform... steps) {
        return of(List.of(steps));
    }

    /** @return the steps, first applied first */
    public List<DifferentiableTransform> steps() {
        return steps;
    }

    @Override
    public ImageSize outputSize(ImageSize input) {
        ImageSize s = input;
        for (DifferentiableTransform t : steps) {
            s = t.outputSize(s);
        }
        return s;
    }

    @Override
    public float[] forward(float[] planar, ImageSize size) {
        DifferentiableTransform.requireLength(size, planar, "chain input");
        float[] x = planar;
        ImageSize s = size;
        for (DifferentiableTransform t : steps) {
            x = t.forward(x, s);
            s = t.outputSize(s);
        }
        return x == planar ? planar.clone() : x;
    }

    @Override
    public float[] vjp(float[] planar, ImageSize size, float[] outputGradient) {
        DifferentiableTransform.requireLength(size, planar, "chain input");
        return vjp(trace(planar, size), outputGradient);
    }

    /**
     * The forward pass with the input of every step kept, for {@link #vjp(Trace, float[])}: a caller that
     * needs both the output and, later, the vjp at the same input runs the steps once.
     *
     * @param planar the chain's input, planar; kept by reference, not modified
     * @param size its size
     * @return the trace, whose {@link Trace#output()} is {@link #forward}'s result
     */
    Trace trace(float[] planar, ImageSize size) {
        List<float[]> inputs = new ArrayList<>(steps.size());
        List<ImageSize> sizes = new ArrayList<>(steps.size());
        float[] x = planar;
        ImageSize s = size;
        for (DifferentiableTransform t : steps) {
            inputs.add(x);
            sizes.add(s);
            x = t.forward(x, s);
            s = t.outputSize(s);
        }
        return new Trace(inputs, sizes, x == planar ? planar.clone() : x, s);
    }

    /**
     * @param trace a trace of this chain
     * @param outputGradient d(objective)/d(output), of the output's length; not modified
     * @return d(objective)/d(input): the steps' vjps applied in reverse order
     */
    float[] vjp(Trace trace, float[] outputGradient) {
        DifferentiableTransform.requireLength(trace.outputSize(), outputGradient, "chain output gradient");
        float[] g = outputGradient;
        for (int i = steps.size() - 1; i >= 0; i--) {
            g = steps.get(i).vjp(trace.inputs().get(i), trace.sizes().get(i), g);
        }
        return g == outputGradient ? outputGradient.clone() : g;
    }

    /**
     * A forward pass of a chain with the input of each step.
     *
     * @param inputs the input of step i, planar
     * @param sizes the size of that input
     * @param output the chain's (unclamped) output
     * @param outputSize its size
     */
    record Trace(List<float[]> inputs, List<ImageSize> sizes, float[] output, ImageSize outputSize) {}

    @Override
    public String toString() {
        return steps.isEmpty() ? "identity"
                : steps.stream().map(Object::toString).collect(Collectors.joining(" -> "));
    }
}
