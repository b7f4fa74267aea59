package dev.pixelprivacy.spark;

import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's thread counts, set once per JVM from the task's {@code spark.task.cpus}: each task thread
 * runs its own network, so each native call may use only the cores Spark gave its task. OpenMP reads
 * {@code OMP_NUM_THREADS} only at start; {@link ProtectJob} sets it through
 * {@code spark.executorEnv.OMP_NUM_THREADS}.
 */
final class NativeThreads {
    private static volatile boolean configured;

    private NativeThreads() {
    }

    static void configureOnce(int taskCpus) {
        if (!configured) {
            synchronized (NativeThreads.class) {
                if (!configured) {
                    int n = Math.max(1, taskCpus);
                    Nd4j.getEnvironment().setMaxThreads(n);
                    Nd4j.getEnvironment().setMaxMasterThreads(n);
                    configured = true;
                }
            }
        }
    }
}
