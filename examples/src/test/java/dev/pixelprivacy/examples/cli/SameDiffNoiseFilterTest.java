package dev.pixelprivacy.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SameDiffNoiseFilterTest {

    @Test
    void dropsSameDiffsLinesAndKeepsEverythingElse() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = SameDiffNoiseFilter.wrap(new PrintStream(sink, true, StandardCharsets.UTF_8));
        out.println("{\"input\":\"a.png\"}");
        out.println("Added differentiated op conv2d_2");
        out.print("Added");
        out.println(" differentiated op relu");
        out.println("Added a line that is ours");
        out.print("progress 50%");
        out.flush();
        assertThat(sink.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"input\":\"a.png\"}\nAdded a line that is ours\nprogress 50%");
    }
}
