package dev.pixelprivacy.spark;

import org.apache.spark.sql.SparkSession;

/**
 * One local session for the test JVM: two task threads, and two attempts per task
 * ({@code local[2,2]}), so an injected failure is retried as on a cluster. A JVM has one
 * SparkContext at a time: {@link #stop()} makes room for another master (a
 * {@link StandaloneCluster}), and the next {@link #get()} starts a new local session.
 */
final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {
    }

    static synchronized SparkSession get() {
        if (session == null || session.sparkContext().isStopped()) {
            session = SparkSession.builder().master("local[2,2]").appName("privacy-spark tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
        }
        return session;
    }

    /** Stops the local session, if one is running. */
    static synchronized void stop() {
        if (session != null) {
            session.stop();
            session = null;
        }
    }
}
