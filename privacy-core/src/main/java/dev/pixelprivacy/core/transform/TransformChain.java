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
        DifferentiableTransform.requireLength(outputSize(size), outputGradient, "chain output gradient");
        List<float[]> inputs = new ArrayList<>(steps.size());
        List<ImageSize> sizes = new ArrayList<>(steps.size());
        float[] x = planar;
        ImageSize s = size;
        for (int i = 0; i < steps.size(); i++) {
            inputs.add(x);
            sizes.add(s);
            if (i + 1 < steps.size()) {
                x = steps.get(i).forward(x, s);
                s = steps.get(i).outputSize(s);
            }
        }
        float[] g = outputGradient;
        for (int i = steps.size() - 1; i >= 0; i--) {
            g = steps.get(i).vjp(inputs.get(i), sizes.get(i), g);
        }
        return g == outputGradient ? outputGradient.clone() : g;
    }

    @Override
    public String toString() {
        return steps.isEmpty() ? "identity"
                : steps.stream().map(Object::toString).collect(Collectors.joining(" -> "));
    }
}
