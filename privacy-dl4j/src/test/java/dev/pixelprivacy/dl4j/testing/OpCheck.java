package dev.pixelprivacy.dl4j.testing;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.pixelprivacy.dl4j.onnx.Objective;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.onnx.OnnxNetwork;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;

/**
 * Checks a small model two independent ways: the forward pass against ONNX Runtime, and the input
 * gradient of {@code sum(w * y)} (random w) against central finite differences of our own forward
 * pass, coordinate by coordinate on a seeded subset.
 */
public final class OpCheck {
    private OpCheck() {}

    /** Result of one check. */
    public record Result(float[] ours, float[] ort, double forwardError, double gradientError) {
    }

    /** @return seeded uniform values in [lo, hi) */
    public static float[] random(long n, long seed, float lo, float hi) {
        Random r = new Random(seed);
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * r.nextFloat();
        }
        return v;
    }

    /** @return the ONNX Runtime output for input "x" */
    public static float[] onnxRuntime(byte[] model, float[] x, long[] shape) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            try (OrtSession s = env.createSession(model, o);
                 OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
                 OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), t))) {
                FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
                float[] out = new float[fb.remaining()];
                fb.get(out);
                return out;
            }
        } catch (OrtException e) {
            throw new AssertionError("ONNX Runtime rejected the test model: " + e.getMessage(), e);
        }
    }

    /**
     * @param model serialised model with one float input "x"
     * @param shape input shape
     * @param seed input seed
     * @param gradient whether to run the finite-difference check (else gradientError is 0)
     * @return forward error (max abs / max |ort|) and gradient error (relative L2)
     */
    public static Result check(byte[] model, long[] shape, long seed, boolean gradient) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] x = random(n, seed, -1f, 1f);
        OnnxModel m = OnnxModel.fromBytes(model);
        OnnxNetwork net = m.network(shape, Objective.WEIGHTED_SUM);
        float[] ours = net.output(x);
        float[] ort = onnxRuntime(model, x, shape);
        if (ours.length != ort.length) {
            throw new AssertionError("output length " + ours.length + " but ONNX Runtime gives " + ort.length);
        }
        double fwd = Fixtures.maxAbsRelative(ours, ort);
        double gerr = gradient ? gradientError(net, x, seed) : 0;
        return new Result(ours, ort, fwd, gerr);
    }

    /**
     * The input gradient of {@code sum(w * y)} (random w) against central finite differences of the
     * network's own forward pass, on a seeded subset of at most 64 coordinates; coordinates that
     * straddle a kink are skipped (and must be few).
     *
     * @param net a network built with {@link Objective#WEIGHTED_SUM}
     * @param x the input (restored on return)
     * @param seed seed of w and of the coordinates
     * @return the relative L2 error
     */
    public static double gradientError(OnnxNetwork net, float[] x, long seed) {
        double gerr;
        {
            float[] ours = net.output(x);
            float[] w = random(ours.length, seed + 1, -1f, 1f);
            float[] g = net.gradient(x, w).inputGradient();
            // a seeded subset of at most 64 coordinates keeps the check fast; coordinates whose two
            // one-sided differences disagree straddle a kink (ReLU, clip, max) and are not checked
            int[] coords = new Random(seed + 2).ints(0, x.length).distinct().limit(Math.min(64, x.length)).toArray();
            float h = 1e-3f;
            double f0 = dot(net.output(x), w);
            java.util.List<Float> ga = new java.util.ArrayList<>();
            java.util.List<Float> fa = new java.util.ArrayList<>();
            int kinks = 0;
            for (int i : coords) {
                float xi = x[i];
                x[i] = xi + h;
                double fp = dot(net.output(x), w);
                x[i] = xi - h;
                double fm = dot(net.output(x), w);
                x[i] = xi;
                double right = (fp - f0) / h;
                double left = (f0 - fm) / h;
                if (Math.abs(right - left) > 0.05 * Math.max(1e-3, Math.abs(right) + Math.abs(left))) {
                    kinks++;
                    continue;
                }
                ga.add(g[i]);
                fa.add((float) ((fp - fm) / (2 * h)));
            }
            if (kinks > Math.max(2, coords.length / 10)) {
                throw new AssertionError(kinks + " of " + coords.length + " coordinates straddle a kink: the test input is degenerate");
            }
            float[] gs = new float[ga.size()];
            float[] fd = new float[fa.size()];
            for (int k = 0; k < gs.length; k++) {
                gs[k] = ga.get(k);
                fd[k] = fa.get(k);
            }
            gerr = Fixtures.relativeL2(gs, fd);
        }
        return gerr;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
