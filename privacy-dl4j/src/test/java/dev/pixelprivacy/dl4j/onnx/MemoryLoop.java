package dev.pixelprivacy.dl4j.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The long loop of {@link MemoryTest}, run in a JVM of its own so that its resident memory is this
 * loop's alone: {@code warmUp} gradient calls, VmRSS, {@code calls} more, VmRSS again. Prints
 * {@code key value} lines prefixed with {@code memory-loop} for the test to read.
 */
public final class MemoryLoop {
    private MemoryLoop() {}

    static long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    /**
     * @param args warm-up calls, measured calls
     * @throws IOException if /proc/self/status cannot be read
     */
    public static void main(String[] args) throws IOException {
        int warmUp = Integer.parseInt(args[0]);
        int calls = Integer.parseInt(args[1]);
        OnnxNetwork net = MemoryTest.smallClassifier();
        float[] x = MemoryTest.input(1);
        float[] w = MemoryTest.labels(3, 17);
        OnnxNetwork.Evaluation first = net.gradient(x, w);
        for (int i = 1; i < warmUp; i++) {
            net.gradient(x, w);
        }
        long pool = net.pooledBytes();
        long rss = rssBytes();
        OnnxNetwork.Evaluation last = first;
        for (int i = 0; i < calls; i++) {
            last = net.gradient(x, w);
        }
        long end = rssBytes();
        System.out.println("memory-loop rss-after-warm-up " + rss);
        System.out.println("memory-loop rss-end " + end);
        System.out.println("memory-loop pool-after-warm-up " + pool);
        System.out.println("memory-loop pool-end " + net.pooledBytes());
        System.out.println("memory-loop same-results " + (Arrays.equals(first.inputGradient(), last.inputGradient())
                && Arrays.equals(first.output(), last.output())));
    }
}
