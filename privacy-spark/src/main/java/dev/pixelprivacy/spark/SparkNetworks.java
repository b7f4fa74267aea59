package dev.pixelprivacy.spark;

import dev.pixelprivacy.paper.batch.Networks;
import dev.pixelprivacy.paper.batch.ProtectionSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkFiles;

/**
 * Where the executors get their networks: model files read once per executor JVM, networks built
 * once per task thread and never shared (a SameDiff session is single-threaded).
 *
 * <p>A model location is a Hadoop path ({@code hdfs:}, {@code s3a:}, {@code file:} on a shared
 * file system, or a path on the default file system), or {@code spark-files:NAME} for a file
 * shipped with {@code spark-submit --files NAME}.
 */
public final class SparkNetworks {
    /** The prefix of a location that names a file shipped with {@code --files}. */
    public static final String SPARK_FILES = "spark-files:";

    private static final Map<String, byte[]> FILES = new ConcurrentHashMap<>();
    private static final ThreadLocal<Map<String, Networks>> PER_THREAD = ThreadLocal.withInitial(HashMap::new);

    private SparkNetworks() {
    }

    /**
     * The networks the settings name (a threat model is then required).
     *
     * @param hadoopConf Hadoop settings for reading the model files (e.g. {@code fs.s3a.*}), copied
     *     from the driver; the executor's own configuration is the base
     * @return the factory
     */
    public static NetworkFactory fromSettings(Map<String, String> hadoopConf) {
        Map<String, String> conf = Map.copyOf(hadoopConf);
        return settings -> Networks.load(settings, location -> read(location, conf), null);
    }

    /**
     * This thread's networks for the settings, created by the factory on first use.
     *
     * @param factory the factory
     * @param settings the settings
     * @return networks owned by the calling thread
     * @throws IOException if a model file cannot be read
     */
    static Networks forThisThread(NetworkFactory factory, ProtectionSettings settings) throws IOException {
        Map<String, Networks> mine = PER_THREAD.get();
        String key = factory.cacheKey() + "|" + settings.key();
        Networks n = mine.get(key);
        if (n == null) {
            n = factory.create(settings);
            mine.put(key, n);
        }
        return n;
    }

    /**
     * Reads a model file once per JVM.
     *
     * @param location a Hadoop path or {@code spark-files:NAME}
     * @param conf Hadoop settings
     * @return its bytes
     * @throws IOException if it cannot be read (the message names the location)
     */
    static byte[] read(String location, Map<String, String> conf) throws IOException {
        try {
            return FILES.computeIfAbsent(location, l -> {
                try {
                    return readUncached(l, conf);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static byte[] readUncached(String location, Map<String, String> conf) throws IOException {
        if (location.startsWith(SPARK_FILES)) {
            Path p = Path.of(SparkFiles.get(location.substring(SPARK_FILES.length())));
            if (!Files.isRegularFile(p)) {
                throw new IOException("model file " + location + " was not shipped with --files (looked at " + p + ")");
            }
            return Files.readAllBytes(p);
        }
        Configuration c = new Configuration();
        conf.forEach(c::set);
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
        try (FileSystem fs = FileSystem.newInstance(p.toUri(), c); InputStream in = fs.open(p)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IOException("cannot read model file " + location + ": " + e.getMessage(), e);
        }
    }
}
