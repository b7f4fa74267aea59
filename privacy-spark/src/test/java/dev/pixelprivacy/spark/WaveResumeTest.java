package dev.pixelprivacy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without {@code --wave}, waves are sized to the cluster ({@link ProtectJob#WAVE_BATCHES_PER_TASK}
 * batches per task), so a killed job loses at most that much work: in {@code local[2,2]} with
 * batches of 2, waves of 2 x 2 x 4 = 16 images.
 */
class WaveResumeTest {
    private static final int IMAGES = 24;
    private static final int WAVE = 2 * 2 * ProtectJob.WAVE_BATCHES_PER_TASK;

    @TempDir
    Path dir;

    @Test
    void defaultWavesAreSizedToTheClusterAndAKilledJobLosesAtMostOne() throws IOException {
        SparkSession spark = LocalSpark.get();
        FaultyNetworks.reset();
        Path input = dir.resolve("photos");
        TestImages.write(input, IMAGES);
        Path out = dir.resolve("out");
        String[] args = {input.toString(), "--output", out.toString(), "--batch", "2"};
        assertThat(spark.sparkContext().defaultParallelism()).isEqualTo(2);

        // Every gradient call fails once the first wave's images were differentiated.
        assertThatThrownBy(() -> ProtectJob.run(spark, ProtectJob.Arguments.parse(args),
                FaultyNetworks.killedAfter(WAVE))).isInstanceOf(SparkException.class);
        assertThat(FaultyNetworks.GRADIENT_IMAGES.get()).isEqualTo(WAVE);
        List<Row> first = spark.read().parquet(out.resolve(ProtectJob.RESULTS).toString()).collectAsList();
        assertThat(first).as("the first wave committed, the second lost").hasSize(WAVE);

        ProtectJob.Summary s = ProtectJob.run(spark, ProtectJob.Arguments.parse(args), new DemoNetworks());

        assertThat(s.skipped()).isEqualTo(WAVE);
        assertThat(s.processed()).isEqualTo(IMAGES - WAVE);
        assertThat(s.protectedTotal()).isEqualTo(IMAGES);
        List<Row> rows = spark.read().parquet(out.resolve(ProtectJob.RESULTS).toString()).collectAsList();
        assertThat(rows).hasSize(IMAGES);
        assertThat(rows.stream().map(r -> r.<String>getAs("input")).distinct()).hasSize(IMAGES);
    }
}
