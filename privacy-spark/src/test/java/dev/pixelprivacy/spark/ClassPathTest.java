package dev.pixelprivacy.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.core.mask.MaskRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4jBackend;

/** The traps of putting ND4J and Spark on one class path, each checked. */
class ClassPathTest {

    @Test
    void slf4jIsSparksVersionAndLogsThroughLog4j() {
        // With ND4J's slf4j-api 1.7 nearest in the tree, Spark's SLF4J 2 binding is not found and
        // every log line vanishes into the NOP logger.
        assertThat(jarOf(org.slf4j.LoggerFactory.class)).isEqualTo("slf4j-api-" + System.getProperty("pins.slf4j") + ".jar");
        assertThat(org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName()).startsWith("org.apache.logging.slf4j");
    }

    @Test
    void jacksonIsSparksVersionNotTheParentsNewerOne() {
        // Spark 3.5's jackson-module-scala throws at start-up for any jackson-databind but 2.15.x.
        assertThat(jarOf(com.fasterxml.jackson.databind.ObjectMapper.class))
                .isEqualTo("jackson-databind-" + System.getProperty("pins.jackson") + ".jar");
        assertThat(jarOf(com.fasterxml.jackson.core.JsonFactory.class))
                .isEqualTo("jackson-core-" + System.getProperty("pins.jackson") + ".jar");
    }

    @Test
    void commonsLibrariesAreSparksVersions() {
        assertThat(jarOf(org.apache.commons.lang3.StringUtils.class))
                .isEqualTo("commons-lang3-" + System.getProperty("pins.commons-lang3") + ".jar");
        assertThat(jarOf(org.apache.commons.math3.util.FastMath.class))
                .isEqualTo("commons-math3-" + System.getProperty("pins.commons-math3") + ".jar");
        assertThat(jarOf(org.apache.commons.collections4.CollectionUtils.class))
                .isEqualTo("commons-collections4-" + System.getProperty("pins.commons-collections4") + ".jar");
    }

    @Test
    void plainNd4jNativesAreNotOnTheClassPath() {
        List<String> natives = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("nd4j-native-1") && name.contains("linux-x86_64")) { // not the small preset jar
                natives.add(name);
            }
        }
        // the build's classifier: linux-x86_64-onednn-avx2, or -avx512 with the Maven profile avx512
        assertThat(natives).containsExactly("nd4j-native-1.0.0-M2.1-" + System.getProperty("pins.nd4j-classifier") + ".jar");
    }

    @Test
    void servicesOfSparkNd4jAndTheMasksAreFound() {
        List<String> sources = new ArrayList<>();
        ServiceLoader.load(DataSourceRegister.class).forEach(s -> sources.add(s.shortName()));
        assertThat(sources).contains("binaryFile", "parquet");
        List<String> backends = new ArrayList<>();
        ServiceLoader.load(Nd4jBackend.class).forEach(b -> backends.add(b.getClass().getSimpleName()));
        assertThat(backends).contains("CpuBackend");
        assertThat(MaskRegistry.load().names()).contains("uniform", "salient-defence", "salient-defence-reference");
    }

    @Test
    void theTestJvmHasSparksModuleOptions() {
        List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
        assertThat(jvm).containsAll(ProtectJob.JAVA_MODULE_OPTIONS);
        ProtectJob.requireModuleOptions(); // does not throw
    }

    private static String jarOf(Class<?> c) {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().getPath()).getFileName().toString();
    }
}
