package dev.pixelprivacy.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.ImageFiles;
import dev.pixelprivacy.core.io.ImageReadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledImagesTest {

    @Test
    void readsFileLabelLinesSkippingTheHeaderAndLoadsLazily(@TempDir Path dir) throws IOException {
        RgbImage img = RgbImage.filled(4, 3, 0.2f, 0.4f, 0.6f).quantised8Bit();
        ImageFiles.writePng(img, dir.resolve("a.png"));
        Files.writeString(dir.resolve("labels.csv"), "file,label\n# comment\na.png,5\n\n\"b, c.png\",7\n");
        List<LabelledImage> items = LabelledImages.fromCsv(dir.resolve("labels.csv"), dir, ImageReadOptions.defaults());
        assertThat(items).extracting(LabelledImage::id).containsExactly("a.png", "b, c.png");
        assertThat(items).extracting(LabelledImage::label).containsExactly(5, 7);
        assertThat(items.get(0).load()).isEqualTo(img);
        assertThatThrownBy(() -> items.get(1).load()).isInstanceOf(IOException.class).hasMessageContaining("b, c.png");
    }

    @Test
    void classNamesAreMappedWhenAMapIsGiven(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("l.csv"), "x.jpg,beach\ny.jpg,forest\n");
        List<LabelledImage> items = LabelledImages.fromCsv(dir.resolve("l.csv"), dir, ImageReadOptions.defaults(),
                Map.of("beach", 0, "forest", 1));
        assertThat(items).extracting(LabelledImage::label).containsExactly(0, 1);
    }

    @Test
    void placesStyleWhitespaceSeparatedLabelsAndAnIdListAreRead(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("places365_val.txt"),
                "Places365_val_00000001.jpg 165\nPlaces365_val_00000002.jpg 358\nPlaces365_val_00000003.jpg\t93\n");
        Files.writeString(dir.resolve("MEPP19test.csv"), "Places365_val_00000003.jpg\nPlaces365_val_00000001.jpg\n");
        List<LabelledImage> all = LabelledImages.fromCsv(dir.resolve("places365_val.txt"), dir, ImageReadOptions.defaults());
        assertThat(all).extracting(LabelledImage::label).containsExactly(165, 358, 93);
        List<LabelledImage> test = LabelledImages.subset(all, dir.resolve("MEPP19test.csv"));
        assertThat(test).extracting(LabelledImage::id).containsExactly("Places365_val_00000003.jpg", "Places365_val_00000001.jpg");
        Files.writeString(dir.resolve("bad.csv"), "Places365_val_00000009.jpg\n");
        assertThatThrownBy(() -> LabelledImages.subset(all, dir.resolve("bad.csv")))
                .hasMessageContaining("line 1").hasMessageContaining("'Places365_val_00000009.jpg' has no label");
    }

    @Test
    void malformedLinesAreRefusedWithTheLineNumber(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("l.csv"), "file,label\na.png,1\nb.png\n");
        assertThatThrownBy(() -> LabelledImages.fromCsv(dir.resolve("l.csv"), dir, ImageReadOptions.defaults()))
                .hasMessageContaining("line 3").hasMessageContaining("'b.png'");
        Files.writeString(dir.resolve("m.csv"), "a.png,1\nb.png,cat\n");
        assertThatThrownBy(() -> LabelledImages.fromCsv(dir.resolve("m.csv"), dir, ImageReadOptions.defaults()))
                .hasMessageContaining("line 2").hasMessageContaining("label 'cat'");
        Files.writeString(dir.resolve("n.csv"), "a.png,1\na.png,2\n");
        assertThatThrownBy(() -> LabelledImages.fromCsv(dir.resolve("n.csv"), dir, ImageReadOptions.defaults()))
                .hasMessageContaining("listed twice");
    }
}
