package dev.pixelprivacy.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-image commits of task attempts, as a speculative duplicate and a retry would make them. */
class ImageOutputCommitterTest {
    @TempDir
    Path dir;

    private FileSystem fs() throws IOException {
        FileSystem fs = FileSystem.newInstance(dir.toUri(), new Configuration());
        fs.setWriteChecksum(false);
        return fs;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void speculativeDuplicateLeavesOneCompleteFilePerInput() throws IOException {
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(dir.resolve("out").toUri());
        try (FileSystem fs = fs()) {
            ImageOutputCommitter original = new ImageOutputCommitter(fs, out, "job", 3, 0);
            ImageOutputCommitter speculative = new ImageOutputCommitter(fs, out, "job", 3, 1);
            original.commit("a.png", bytes("A"));
            speculative.commit("a.png", bytes("A"));
            speculative.commit("sub/b.png", bytes("B"));
            original.commit("sub/b.png", bytes("B"));
            original.abort();
            speculative.abort();
            ImageOutputCommitter.cleanupJob(fs, out, "job");
        }
        assertThat(tree(dir.resolve("out"))).containsExactly("a.png", "sub/b.png");
        assertThat(dir.resolve("out/a.png")).hasContent("A");
        assertThat(dir.resolve("out/sub/b.png")).hasContent("B");
    }

    @Test
    void retryReplacesAnEarlierAttemptsFileAndAFailedAttemptLeavesNoTemporaryFile() throws IOException {
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(dir.resolve("out").toUri());
        try (FileSystem fs = fs()) {
            ImageOutputCommitter first = new ImageOutputCommitter(fs, out, "job", 0, 0);
            first.commit("a.png", bytes("old"));
            // The attempt dies with a temporary file written but not committed.
            try (var s = fs.create(new org.apache.hadoop.fs.Path(out, ImageOutputCommitter.TEMPORARY + "/job/p0-a0/b.png"))) {
                s.write(bytes("partial"));
            }
            first.abort();
            ImageOutputCommitter retry = new ImageOutputCommitter(fs, out, "job", 0, 1);
            retry.commit("a.png", bytes("new"));
            retry.commit("b.png", bytes("whole"));
            retry.abort();
            ImageOutputCommitter.cleanupJob(fs, out, "job");
        }
        assertThat(tree(dir.resolve("out"))).containsExactly("a.png", "b.png");
        assertThat(dir.resolve("out/a.png")).hasContent("new");
        assertThat(dir.resolve("out/b.png")).hasContent("whole");
    }

    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted()
                    .toList();
        }
    }
}
