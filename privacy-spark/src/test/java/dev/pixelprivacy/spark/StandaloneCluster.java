package dev.pixelprivacy.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.master.Master;
import org.apache.spark.deploy.worker.Worker;
import org.apache.spark.rpc.RpcEnv;
import scala.Option;

/**
 * A real Spark standalone cluster inside the test JVM: a Master and one Worker per host, each
 * Worker launching its executor as a separate JVM, as on a cluster. Spark's own
 * {@code local-cluster[N,C,M]} master starts every Worker on one host name, and the scheduler never
 * runs a speculative copy on a host where an attempt of the task already runs
 * ({@code TaskSetManager.dequeueTaskFromList} skips it when {@code hasAttemptOnHost}), so no task is
 * ever speculated there; here each Worker has its own loopback address (127.0.0.1, 127.0.0.2, ...,
 * all routed to the loopback interface on Linux).
 *
 * <p>The executors' class path is this JVM's ({@code java.class.path}, passed as
 * {@code spark.executor.extraClassPath}); with no Spark distribution to take the jars from, the
 * executors' environment has {@code SPARK_TESTING=1}, which lets Spark's launcher
 * ({@code AbstractCommandBuilder.buildClassPath}) start them without a {@code SPARK_HOME/jars}
 * folder, and {@code SPARK_SCALA_VERSION}, which it needs in that case.
 */
final class StandaloneCluster implements AutoCloseable {
    private final RpcEnv master;
    private final List<RpcEnv> workers = new ArrayList<>();
    private final String url;

    /**
     * @param workerHosts one loopback address per Worker
     * @param memoryMb each Worker's memory
     * @param workDir where the Workers keep their executors' folders and logs
     */
    StandaloneCluster(List<String> workerHosts, int memoryMb, Path workDir) {
        SparkConf conf = new SparkConf(false).set("spark.master.rest.enabled", "false");
        master = Master.startRpcEnvAndEndpoint("127.0.0.1", 0, 0, conf)._1();
        url = "spark://127.0.0.1:" + master.address().port();
        try {
            for (int i = 0; i < workerHosts.size(); i++) {
                Path dir = Files.createDirectories(workDir.resolve("worker-" + i));
                workers.add(Worker.startRpcEnvAndEndpoint(workerHosts.get(i), 0, 0, 1, memoryMb,
                        new String[] {url}, dir.toString(), Option.apply(i + 1), new SparkConf(false), Option.empty()));
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    /** @return the master's URL, {@code spark://127.0.0.1:PORT} */
    String masterUrl() {
        return url;
    }

    /**
     * The settings a session of this cluster needs for its executors to start and to run this
     * project's code: one core each, the test JVM's class path (Spark adds its {@code --add-opens} list to the
     * executors' Java options itself), one OpenMP thread.
     *
     * @param executorMemory e.g. {@code 1g}, at most a Worker's memory
     * @return the settings
     */
    static SparkConf executorSettings(String executorMemory) {
        String version = scala.util.Properties.versionNumberString();
        return new SparkConf(false)
                .set("spark.executor.cores", "1")
                .set("spark.executor.memory", executorMemory)
                .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .set("spark.executorEnv.SPARK_TESTING", "1")
                .set("spark.executorEnv.SPARK_SCALA_VERSION",
                        version.substring(0, version.indexOf('.', version.indexOf('.') + 1)))
                .set("spark.executorEnv.OMP_NUM_THREADS", "1")
                .set("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
    }

    @Override
    public void close() {
        for (RpcEnv w : workers) {
            w.shutdown(); // the Worker kills its executors
            w.awaitTermination();
        }
        master.shutdown();
        master.awaitTermination();
    }
}
