package dev.pixelprivacy.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputPlanTest {

    @Test
    void anOutputThatIsAnInputUnderAnySpellingIsRefused(@TempDir Path dir) throws Exception {
        Path in = Files.writeString(Files.createDirectories(dir.resolve("in")).resolve("a.png"), "input");
        Path linkedFolder = Files.createSymbolicLink(dir.resolve("alias"), dir.resolve("in"));
        Path hardLink = Files.createLink(dir.resolve("hard.png"), in);
        OutputPlan plan = new OutputPlan(List.of(in));
        plan.claim("dotted", dir.resolve("in/../in/./a.png"));
        plan.claim("through a linked folder", linkedFolder.resolve("a.png"));
        plan.claim("hard link", hardLink);
        plan.claim("fine", dir.resolve("out/a.png"));
        plan.seal();
        assertThat(plan.refusal("dotted")).contains("is an input");
        assertThat(plan.refusal("through a linked folder")).contains("is an input");
        assertThat(plan.refusal("hard link")).contains("is a link to an input");
        assertThat(plan.refusal("fine")).isNull();
        plan.writeString(dir.resolve("out/a.png"), "output");
        assertThat(Files.readString(in)).isEqualTo("input");
    }

    @Test
    void twoUnitsWantingOneOutputAreBothRefusedNamingEachOther(@TempDir Path dir) throws Exception {
        OutputPlan plan = new OutputPlan(List.of());
        plan.claim("a.png", dir.resolve("out/a.png")).claim("a.jpg", dir.resolve("out/./a.png")).seal();
        assertThat(plan.refusal("a.png")).contains("it and a.jpg would both be written to");
        assertThat(plan.refusal("a.jpg")).contains("it and a.png would both be written to");
        assertThat(plan.refusals()).containsOnlyKeys("a.png", "a.jpg");
    }

    @Test
    void onlyPlannedOutputsOfUnrefusedUnitsAreWritten(@TempDir Path dir) throws Exception {
        Path in = Files.writeString(dir.resolve("a.png"), "input");
        OutputPlan plan = new OutputPlan(List.of(in));
        plan.claim("bad", in);
        assertThatThrownBy(() -> plan.writeString(dir.resolve("x"), "")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("seal()");
        plan.seal();
        assertThatThrownBy(() -> plan.writeString(dir.resolve("x"), "")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was not planned");
        assertThatThrownBy(() -> plan.writeString(in, "")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("belongs to refused bad");
        assertThat(Files.readString(in)).isEqualTo("input");
        assertThatThrownBy(() -> plan.claim("late", dir.resolve("y"))).isInstanceOf(IllegalStateException.class);
    }
}
