package dev.pixelprivacy.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The spark-submit jar as shaded: services merged, Spark left out, only the oneDNN natives inside. */
class ShadedJarIT {
    static JarFile jar;

    @BeforeAll
    static void open() throws IOException {
        jar = new JarFile(System.getProperty("shaded.jar"));
    }

    @AfterAll
    static void close() throws IOException {
        jar.close();
    }

    private static List<String> service(String name) throws IOException {
        ZipEntry e = jar.getEntry("META-INF/services/" + name);
        assertThat(e).as(name).isNotNull();
        try (InputStream in = jar.getInputStream(e)) {
            List<String> lines = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                if (!l.isBlank() && !l.startsWith("#")) {
                    lines.add(l.strip());
                }
            }
            return lines;
        }
    }

    @Test
    void servicesOfEveryJarAreMerged() throws IOException {
        assertThat(service("dev.pixelprivacy.core.mask.MaskProvider")).contains(
                "dev.pixelprivacy.filters.mask.SalientDefenceMaskProvider",
                "dev.pixelprivacy.paper.reference.ReferenceSalientDefenceMaskProvider");
        assertThat(service("org.nd4j.linalg.factory.Nd4jBackend")).contains("org.nd4j.linalg.cpu.nativecpu.CpuBackend");
        assertThat(service("javax.imageio.spi.ImageReaderSpi")).anyMatch(s -> s.startsWith("com.twelvemonkeys"));
    }

    @Test
    void mainClassIsTheJob() throws IOException {
        assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(ProtectJob.class.getName());
    }

    @Test
    void sparkIsLeftToTheClusterAndOnlyOneDnnNativesAreInside() {
        List<String> natives = new ArrayList<>();
        boolean spark = false;
        boolean scala = false;
        for (var e : java.util.Collections.list(jar.entries())) {
            String n = e.getName();
            spark |= n.startsWith("org/apache/spark/");
            scala |= n.startsWith("scala/");
            if (n.matches("org/nd4j/linalg/cpu/nativecpu/bindings/[^/]+/$") || n.matches("org/nd4j/nativeblas/[^/]+/$")) {
                natives.add(n);
            }
        }
        assertThat(spark).isFalse();
        assertThat(scala).isFalse();
        assertThat(natives).isNotEmpty().allMatch(n -> n.contains("onednn"));
    }
}
