package dev.pixelprivacy.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;

import dev.pixelprivacy.core.mask.MaskOptions;
import dev.pixelprivacy.core.mask.MaskRegistry;
import dev.pixelprivacy.paper.batch.ImageBatchProcessor;
import dev.pixelprivacy.paper.batch.ProtectionSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code spark-submit} job: protects every image below the input paths, on any Hadoop file
 * system, into an output folder, and appends one row per image to the Parquet results table
 * {@code OUTPUT/_results} ({@link ResultSchema}). A rerun skips each input whose path, content hash
 * and settings already have a committed row, so a killed job resumes where its last committed wave
 * ended.
 *
 * <pre>
 * spark-submit --class dev.pixelprivacy.spark.ProtectJob pixel-privacy-spark.jar \
 *     INPUT... --output OUT [--glob PATTERN] [--no-recursive] [--batch N] [--wave N] [--partitions N] \
 *     [protection options of pixel-privacy protect: --method --steps --eps --mask --mask-options
 *      --tilt-shift --coupled --lambda --size --format --jpeg-quality --threat-model (repeatable: an
 *      ensemble) --class-names --salgan --nima --robust --eot --eot-samples --seed --judge (repeatable)
 *      --after]
 * </pre>
 *
 * <p>Inputs are listed with Spark's {@code binaryFile} source ({@code pathGlobFilter},
 * {@code recursiveFileLookup}); the pending ones are processed in waves of {@code --wave} images
 * (by default {@link #WAVE_BATCHES_PER_TASK} batches per task), each wave one Spark job whose results
 * are committed by Spark's Parquet commit protocol.
 */
public final class ProtectJob {
    /** The images the job lists by default (the glob is case-sensitive, as Hadoop's). */
    public static final String DEFAULT_GLOB =
            "*.{png,PNG,jpg,JPG,jpeg,JPEG,bmp,BMP,gif,GIF,webp,WEBP,tif,TIF,tiff,TIFF}";
    /** The folder below the output that holds the results table. */
    public static final String RESULTS = "_results";
    /**
     * Batches per task in a wave, when {@code --wave} is not given: a wave is then the tasks per wave
     * times {@code --batch} times this. Each wave ends with its results committed, so a killed job
     * redoes at most one wave; and each wave ends when its slowest task does, so smaller waves idle
     * more cores at their ends.
     */
    public static final int WAVE_BATCHES_PER_TASK = 4;

    /**
     * What Spark passes to a Java 17 JVM (its {@code JavaModuleOptions}); {@code spark-submit}
     * adds it itself, a plain {@code java} launch (tests, an embedded driver) must.
     */
    public static final List<String> JAVA_MODULE_OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false");

    /**
     * The job's arguments.
     *
     * @param inputs input files, folders or globs (Hadoop paths)
     * @param output the output folder
     * @param glob the file-name filter
     * @param recursive whether folders are searched recursively
     * @param batch the most images of one size in one gradient call
     * @param wave images per committed wave, or 0 for {@link #WAVE_BATCHES_PER_TASK} batches per task
     * @param partitions tasks per wave, or 0 for Spark's default parallelism
     * @param settings the protection options
     */
    public record Arguments(List<String> inputs, String output, String glob, boolean recursive, int batch, int wave,
                            int partitions, ProtectionSettings settings) {

        /** The usage line. */
        public static final String USAGE = "usage: ProtectJob INPUT... --output DIR [--glob PATTERN] [--no-recursive] "
                + "[--batch N] [--wave N] [--partitions N] [protection options: "
                + String.join(" ", ProtectionSettings.OPTION_NAMES) + "]";

        /**
         * @param args the command line
         * @return the arguments
         * @throws IllegalArgumentException naming the bad argument, with the usage
         */
        public static Arguments parse(String... args) {
            List<String> inputs = new ArrayList<>();
            List<String> protection = new ArrayList<>();
            String output = null;
            String glob = DEFAULT_GLOB;
            boolean recursive = true;
            int batch = ImageBatchProcessor.DEFAULT_MAX_BATCH;
            int wave = 0;
            int partitions = 0;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String name = a.startsWith("--") && a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                boolean inline = !name.equals(a);
                String value = inline ? a.substring(a.indexOf('=') + 1) : null;
                switch (name) {
                    case "-o", "--output" -> output = inline ? value : next(args, ++i, name);
                    case "--glob" -> glob = inline ? value : next(args, ++i, name);
                    case "--no-recursive" -> recursive = false;
                    case "--batch" -> batch = positive(name, inline ? value : next(args, ++i, name));
                    case "--wave" -> wave = positive(name, inline ? value : next(args, ++i, name));
                    case "--partitions" -> partitions = positive(name, inline ? value : next(args, ++i, name));
                    default -> {
                        if (ProtectionSettings.FLAG_NAMES.contains(name)) {
                            protection.add(a);
                        } else if (ProtectionSettings.OPTION_NAMES.contains(name)) {
                            protection.add(name);
                            protection.add(inline ? value : next(args, ++i, name));
                        } else if (a.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option '" + a + "'; " + USAGE);
                        } else {
                            inputs.add(a);
                        }
                    }
                }
            }
            if (inputs.isEmpty() || output == null) {
                throw new IllegalArgumentException((inputs.isEmpty() ? "no input given" : "--output is required")
                        + "; " + USAGE);
            }
            ProtectionSettings settings = ProtectionSettings.builder().options(protection).build();
            return new Arguments(List.copyOf(inputs), output, glob, recursive, batch, wave, partitions, settings);
        }

        private static String next(String[] args, int i, String name) {
            if (i >= args.length) {
                throw new IllegalArgumentException(name + " needs a value; " + USAGE);
            }
            return args[i];
        }

        private static int positive(String name, String value) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(name + " must be a positive integer but was '" + value + "'");
        }
    }

    /**
     * What a run did.
     *
     * @param listed inputs found
     * @param skipped inputs that already had a committed result for these settings
     * @param processed inputs processed by this run
     * @param protectedTotal rows with status protected for these settings, all runs
     * @param failedTotal rows with status failed for these settings, all runs
     */
    public record Summary(long listed, long skipped, long processed, long protectedTotal, long failedTotal) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "listed %d, skipped %d (already committed), processed %d; "
                    + "results for these settings: protected %d, failed %d", listed, skipped, processed,
                    protectedTotal, failedTotal);
        }
    }

    private ProtectJob() {
    }

    /**
     * Runs the job from {@code spark-submit}.
     *
     * @param args see the class documentation
     * @throws Exception if the job fails (a bad image does not fail it)
     */
    public static void main(String[] args) throws Exception {
        Arguments parsed;
        try {
            parsed = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("pixel-privacy-spark: " + e.getMessage());
            System.exit(2);
            return;
        }
        requireModuleOptions();
        SparkConf conf = new SparkConf();
        // OpenMP reads its settings when the executor starts: one thread per task core, no spinning.
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", conf.get("spark.task.cpus", "1"));
        conf.setIfMissing("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        SparkSession spark = SparkSession.builder().config(conf).appName("pixel-privacy protect").getOrCreate();
        try {
            Summary s = run(spark, parsed, null);
            PrintStream out = System.out;
            out.println("pixel-privacy-spark: " + s);
        } finally {
            spark.stop();
        }
    }

    /**
     * Fails with the list of options when the JVM lacks Spark's {@code --add-opens}.
     *
     * @throws IllegalStateException naming the missing options
     */
    static void requireModuleOptions() {
        Module unnamed = ProtectJob.class.getClassLoader().getUnnamedModule();
        if (!ByteBuffer.class.getModule().isOpen("sun.nio.ch", unnamed)
                || !ByteBuffer.class.getModule().isOpen("java.nio", unnamed)) {
            throw new IllegalStateException("this JVM lacks the --add-opens Spark needs on Java 17 (spark-submit adds "
                    + "them; a plain java launch must pass them): " + String.join(" ", JAVA_MODULE_OPTIONS));
        }
    }

    /**
     * Runs the job in a session.
     *
     * @param spark the session
     * @param args the arguments
     * @param networks the networks' factory, or null for the models the settings name
     * @return what was done
     * @throws IOException if the output cannot be prepared or cleaned up
     */
    public static Summary run(SparkSession spark, Arguments args, NetworkFactory networks) throws IOException {
        ProtectionSettings settings = args.settings();
        validate(settings, networks);
        String key = settings.key();
        Path out = new Path(args.output());
        FileSystem fs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
        Path results = new Path(out, RESULTS);

        Dataset<Row> scan = spark.read().format("binaryFile").option("pathGlobFilter", args.glob())
                .option("recursiveFileLookup", Boolean.toString(args.recursive()))
                .load(args.inputs().toArray(String[]::new));
        // The file index lists every file; the scan drops empty ones, which must still get a (failed) row.
        List<String> all = new ArrayList<>();
        for (String uri : scan.inputFiles()) {
            all.add(new Path(URI.create(uri)).toString()); // file:///a%20b -> file:/a b, as the scan's path column
        }
        Path qualifiedOut = fs.makeQualified(out);
        all.removeIf(p -> p.startsWith(qualifiedOut.toString() + "/")); // never our own outputs
        all.sort(null);
        List<String> todo;
        if (fs.exists(results)) {
            // Only a rerun needs the content hashes: one more read of every input.
            Dataset<Row> hashes = scan.select(col("path").as("input"), sha2(col("content"), 256).as("content_hash"));
            Dataset<Row> names = spark.createDataset(all, Encoders.STRING()).toDF("input");
            Dataset<Row> listed = names.join(hashes, names.col("input").equalTo(hashes.col("input")), "left_outer")
                    .select(names.col("input"), coalesce(hashes.col("content_hash"),
                            lit(ImageBatchProcessor.sha256(new byte[0]))).as("content_hash"));
            Dataset<Row> done = results(spark, results).filter(col("settings_key").equalTo(key))
                    .select("input", "content_hash").distinct();
            Dataset<Row> pending = listed.join(done, listed.col("input").equalTo(done.col("input"))
                    .and(listed.col("content_hash").equalTo(done.col("content_hash"))), "left_anti");
            todo = new ArrayList<>(pending.select("input").as(Encoders.STRING()).collectAsList());
            todo.sort(null);
        } else {
            todo = all;
        }
        SparkProtector.Builder builder = SparkProtector.builder(settings, args.output()).inputRoots(args.inputs())
                .maxBatch(args.batch()).networks(networks);
        SparkProtector protector = builder.build();
        requireDistinctOutputs(all, new OutputNames(args.inputs()), settings);

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int parallelism = args.partitions() > 0 ? args.partitions() : jsc.defaultParallelism();
        int waveSize = args.wave() > 0 ? args.wave() : parallelism * args.batch() * WAVE_BATCHES_PER_TASK;
        try {
            for (int from = 0; from < todo.size(); from += waveSize) {
                List<String> wave = todo.subList(from, Math.min(todo.size(), from + waveSize));
                int slices = Math.max(1, Math.min(parallelism, wave.size()));
                Dataset<Row> paths = spark.createDataset(jsc.parallelize(new ArrayList<>(wave), slices).rdd(),
                        Encoders.STRING()).toDF("path");
                protector.protect(paths).write().mode(SaveMode.Append).parquet(results.toString());
            }
        } finally {
            protector.cleanup(spark);
        }
        long protectedTotal = 0;
        long failedTotal = 0;
        if (fs.exists(results)) {
            for (Row r : results(spark, results).filter(col("settings_key").equalTo(key))
                    .groupBy("status").count().collectAsList()) {
                if ("protected".equals(r.getString(0))) {
                    protectedTotal = r.getLong(1);
                } else if ("failed".equals(r.getString(0))) {
                    failedTotal = r.getLong(1);
                }
            }
        }
        return new Summary(all.size(), all.size() - todo.size(), todo.size(), protectedTotal, failedTotal);
    }

    /**
     * The results table with its known schema: no job to infer it from the files' footers, and a
     * table written before a column was added reads with that column null.
     */
    private static Dataset<Row> results(SparkSession spark, Path results) {
        return spark.read().schema(ResultSchema.SCHEMA).parquet(results.toString());
    }

    /**
     * Refuses, on the driver and before any file is listed, what every task would refuse.
     *
     * @param settings the protection settings
     * @param networks the networks' factory, or null for the models the settings name
     * @throws IllegalArgumentException without a threat model, or for an unknown mask (the known ones are listed)
     */
    static void validate(ProtectionSettings settings, NetworkFactory networks) {
        if (networks == null && settings.threatModel() == null) {
            throw new IllegalArgumentException("--threat-model is required: the job has no embedded model");
        }
        MaskRegistry.load().provider(settings.mask());
        MaskOptions.parse(settings.maskOptions());
    }

    /** Two inputs must not be written to one output (the command line refuses alike). */
    private static void requireDistinctOutputs(List<String> inputs, OutputNames names, ProtectionSettings settings) {
        Map<String, String> byOutput = new HashMap<>();
        for (String in : inputs) {
            // The extension does not matter for a clash: .png and .jpg outputs of one base name would
            // both exist under --format same, and confuse whoever reads them.
            String base = names.of(in, "");
            String previous = byOutput.putIfAbsent(base, in);
            if (previous != null) {
                throw new IllegalArgumentException("inputs " + previous + " and " + in + " would both be written to "
                        + base + ".* below the output; protect them into different folders (settings " + settings + ")");
            }
        }
    }
}
