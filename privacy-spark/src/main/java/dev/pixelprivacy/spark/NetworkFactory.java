package dev.pixelprivacy.spark;

import dev.pixelprivacy.paper.batch.Networks;
import dev.pixelprivacy.paper.batch.ProtectionSettings;
import java.io.IOException;
import java.io.Serializable;

/**
 * Creates the networks of one task thread on an executor. It is serialised with the job, so it
 * must carry locations, never networks; {@link SparkNetworks#fromSettings} reads the files the
 * settings name once per executor JVM and builds one set of networks per task thread.
 */
@FunctionalInterface
public interface NetworkFactory extends Serializable {
    /**
     * @param settings the protection settings (their model locations)
     * @return new networks, used by the calling thread only
     * @throws IOException if a model file cannot be read
     */
    Networks create(ProtectionSettings settings) throws IOException;

    /**
     * Names what this factory builds, so that each task thread keeps one set of networks per
     * factory and settings across tasks: factories that build different networks for equal
     * settings must return different keys.
     *
     * @return the class name by default
     */
    default String cacheKey() {
        return getClass().getName();
    }
}
