package dev.pixelprivacy.dl4j.onnx;

import java.util.Set;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * Runs the ops for which libnd4j's generic CPU kernel beats its oneDNN one with the generic kernel, by
 * turning helpers off in those ops' contexts just before they execute. Max pooling: nd4j 1.0.0-M2.1's
 * oneDNN {@code maxpool2d} and {@code maxpool2d_bp} build their primitive and reorder NCHW to a blocked
 * layout and back on every call; on ResNet-50's stem pooling (1x64x128x128, 3x3, stride 2, pad 1) they
 * took 8.0-9.7 ms and 10.7-12.2 ms against the generic kernels' 1.1-1.2 ms and 4.1-4.2 ms (three
 * alternating rounds in one process, load 4). Both compute the same maxima and route each gradient to
 * the same arg-max (first maximum of the window); {@code MaxPoolPaddingTest} and the operator tests check
 * them against PyTorch and finite differences. In NHWC (the default layout of every graph) oneDNN's
 * kernels need no reorder and are the faster ones, so they keep them: on SalGAN's four 2x2 poolings and
 * ResNet-50's stem pooling at batch 1 the generic kernels took 32.4 ms forward and 135.6 ms backward in
 * all against oneDNN's 3.8 and 8.7 ms, with equal results ({@code SalGanKernels} in privacy-bench,
 * DL4J-RESULTS.md).
 */
final class GenericKernels extends BaseListener {
    private static final Set<String> OPS = Set.of("maxpool2d", "maxpool2d_bp");

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        if (opContext != null && forcesGeneric(op)) {
            opContext.allowHelpers(false);
        }
    }

    /** @return whether {@code op} runs libnd4j's generic kernel: max pooling or its backward on NCHW input */
    static boolean forcesGeneric(SameDiffOp op) {
        if (!OPS.contains(op.getOp().opName())) {
            return false;
        }
        Pooling2DConfig c = op.getOp() instanceof MaxPooling2D m ? m.getConfig()
                : op.getOp() instanceof Pooling2D p ? p.getConfig() : null;
        return c == null || !c.isNHWC();
    }
}
