package dev.pixelprivacy.spark;

import dev.pixelprivacy.paper.batch.ImageBatchProcessor;
import dev.pixelprivacy.paper.batch.ProtectionSettings;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The protection as a DataFrame function: a {@code Dataset<Row>} of images in (Spark's
 * {@code binaryFile} rows, or any rows with a {@code path} string and optionally its
 * {@code content} bytes), a {@code Dataset<Row>} of results out ({@link ResultSchema}), one row per
 * image in the same order within each partition.
 *
 * <p>Computing the result writes each protected image below the output folder through the Hadoop
 * {@code FileSystem} API, committed per task attempt ({@link ImageOutputCommitter}), so retries and
 * speculative attempts leave exactly one complete file per input. The result is lazy and has side
 * effects: compute it once (write it, as {@link ProtectJob} does, or cache it), then call
 * {@link #cleanup(SparkSession)}. Each task thread builds its own networks through the
 * {@link NetworkFactory} and shares them with no other thread; images of one size in a partition
 * share one gradient call, up to {@link Builder#maxBatch(int)}. An image that cannot be read or
 * protected is a row with status {@code failed} and the reason; it never fails the job. Spark's
 * {@code binaryFile} scan drops empty files, so they get no row here; {@link ProtectJob} lists files
 * itself and gives them a {@code failed} row.
 */
public final class SparkProtector {
    private final ProtectionSettings settings;
    private final String output;
    private final NetworkFactory networks;
    private final OutputNames names;
    private final int maxBatch;
    private final String jobId;

    private SparkProtector(Builder b) {
        this.settings = b.settings;
        this.output = b.output;
        this.networks = b.networks;
        this.names = new OutputNames(b.inputRoots);
        this.maxBatch = b.maxBatch;
        this.jobId = b.jobId == null ? UUID.randomUUID().toString() : b.jobId;
    }

    /**
     * @param settings the protection options
     * @param output the output folder, any Hadoop file system URI
     * @return a builder
     */
    public static Builder builder(ProtectionSettings settings, String output) {
        return new Builder(settings, output);
    }

    /**
     * @param images rows with a {@code path} (string) and, unless the file is to be read by the task,
     *     {@code content} (binary)
     * @return one result row per image ({@link ResultSchema#SCHEMA}); lazy, with side effects
     * @throws IllegalArgumentException if there is no {@code path} column
     */
    public Dataset<Row> protect(Dataset<Row> images) {
        List<String> columns = Arrays.asList(images.columns());
        if (!columns.contains("path")) {
            throw new IllegalArgumentException("the images need a 'path' column (binaryFile rows have one) but the "
                    + "columns are " + columns);
        }
        Map<String, String> conf = hadoopSettings(images.sparkSession());
        NetworkFactory factory = networks == null ? SparkNetworks.fromSettings(conf) : networks;
        return images.mapPartitions(new ProtectPartition(settings, factory, output, jobId, names, maxBatch, conf,
                columns.contains("content")), Encoders.row(ResultSchema.SCHEMA));
    }

    /**
     * Deletes the temporary files of this protector's job (after its results were computed).
     *
     * @param spark the session
     * @throws IOException if deleting fails
     */
    public void cleanup(SparkSession spark) throws IOException {
        Path out = new Path(output);
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        ImageOutputCommitter.cleanupJob(out.getFileSystem(conf), out, jobId);
    }

    /** @return the settings */
    public ProtectionSettings settings() {
        return settings;
    }

    /** @return the job id naming the temporary folder */
    public String jobId() {
        return jobId;
    }

    /** The Hadoop settings tasks need to reach the file systems (credentials and endpoints included). */
    static Map<String, String> hadoopSettings(SparkSession spark) {
        Map<String, String> conf = new HashMap<>();
        for (Map.Entry<String, String> e : spark.sparkContext().hadoopConfiguration()) {
            if (e.getKey().startsWith("fs.") || e.getKey().startsWith("hadoop.security.")) {
                conf.put(e.getKey(), e.getValue());
            }
        }
        return conf;
    }

    @Override
    public String toString() {
        return "SparkProtector[settings=" + settings + ", output=" + output + ", maxBatch=" + maxBatch + ", jobId="
                + jobId + ", networks=" + (networks == null ? "from settings" : networks.getClass().getName()) + "]";
    }

    /** Configures a {@link SparkProtector}. */
    public static final class Builder {
        private final ProtectionSettings settings;
        private final String output;
        private NetworkFactory networks;
        private List<String> inputRoots = List.of();
        private int maxBatch = ImageBatchProcessor.DEFAULT_MAX_BATCH;
        private String jobId;

        private Builder(ProtectionSettings settings, String output) {
            this.settings = Objects.requireNonNull(settings, "settings");
            if (output == null || output.isBlank()) {
                throw new IllegalArgumentException("the output folder must be given");
            }
            this.output = output;
        }

        /**
         * @param factory builds each task thread's networks; default: {@link SparkNetworks#fromSettings}
         * @return this
         */
        public Builder networks(NetworkFactory factory) {
            this.networks = factory;
            return this;
        }

        /**
         * @param roots the input folders: an output keeps its input's path below the root it lies in
         * @return this
         */
        public Builder inputRoots(List<String> roots) {
            this.inputRoots = List.copyOf(roots);
            return this;
        }

        /**
         * @param n the most images of one size in one gradient call, >= 1
         * @return this
         */
        public Builder maxBatch(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("--batch must be >= 1 but was " + n);
            }
            this.maxBatch = n;
            return this;
        }

        /**
         * @param id names the temporary folder; default a random UUID
         * @return this
         */
        public Builder jobId(String id) {
            this.jobId = id;
            return this;
        }

        /** @return the protector */
        public SparkProtector build() {
            return new SparkProtector(this);
        }
    }
}
