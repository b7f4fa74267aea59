package dev.pixelprivacy.core.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskRegistryTest {

    @Test
    void serviceLoaderFindsTheShippedUniformMaskAndTheTestOnlyProvider() {
        MaskRegistry registry = MaskRegistry.load();
        assertThat(registry.names()).contains("uniform", "checkerboard");
        Mask m = registry.create("checkerboard", MaskOptions.parse("cell=2"))
                .compute(RgbImage.filled(4, 4, 0f, 0f, 0f));
        assertThat(m.get(0, 0)).isEqualTo(1f);
        assertThat(m.get(0, 2)).isEqualTo(0f);
        assertThat(m.get(2, 2)).isEqualTo(1f);
    }

    @Test
    void aBrokenProviderIsSkippedWithItsReasonAndDoesNotBreakTheLookup() {
        MaskRegistry registry = MaskRegistry.load();
        assertThat(registry.skipped()).anySatisfy(reason -> assertThat(reason)
                .contains("BrokenMaskProvider").contains("mask provider skipped"));
        assertThat(registry.skipped()).anySatisfy(reason -> assertThat(reason)
                .contains("BadNameMaskProvider").contains("'Bad Name'"));
        assertThat(registry.names()).doesNotContain("Bad Name");
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> MaskRegistry.load().create("edgez"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown mask 'edgez'")
                .hasMessageContaining("uniform").hasMessageContaining("checkerboard");
    }

    @Test
    void anUnknownOptionListsTheAcceptedOnes() {
        assertThatThrownBy(() -> MaskRegistry.load().create("uniform", MaskOptions.parse("valu=0.5")))
                .hasMessageContaining("mask 'uniform' has no option 'valu'; it accepts: value");
    }

    @Test
    void optionValuesAreParsedAndRangeChecked() {
        Mask m = MaskRegistry.load().create("uniform", MaskOptions.parse("value=0.25"))
                .compute(RgbImage.filled(3, 2, 0f, 0f, 0f));
        assertThat(m.data()).containsOnly(0.25f);
        assertThatThrownBy(() -> MaskRegistry.load().create("uniform", MaskOptions.parse("value=2")))
                .hasMessageContaining("mask option value must be in [0.0, 1.0] but was 2");
        assertThatThrownBy(() -> MaskRegistry.load().create("uniform", MaskOptions.parse("value=abc")))
                .hasMessageContaining("must be a number but was 'abc'");
        assertThatThrownBy(() -> MaskOptions.parse("value")).hasMessageContaining("not of the form name=value");
    }

    @Test
    void twoProvidersWithOneNameGiveAClearError() {
        MaskRegistry registry = MaskRegistry.of(List.of(new UniformMaskProvider(), new UniformMaskProvider()));
        assertThatThrownBy(() -> registry.create("uniform"))
                .hasMessageContaining("several mask providers are named 'uniform'");
    }

    @Test
    void theModuleDescriptorDeclaresTheServiceBothWays() throws Exception {
        // The descriptor compiled beside the main classes (the class path holds the JDK's too).
        java.nio.file.Path classes = java.nio.file.Path.of(
                MaskRegistry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        java.nio.file.Path descriptor = java.nio.file.Files.isDirectory(classes)
                ? classes.resolve("module-info.class") : null;
        assertThat(descriptor).as("privacy-core's classes directory").isNotNull();
        try (InputStream in = java.nio.file.Files.newInputStream(descriptor)) {
            ModuleDescriptor d = ModuleDescriptor.read(in);
            assertThat(d.name()).isEqualTo("dev.pixelprivacy.core");
            assertThat(d.uses()).contains(MaskProvider.class.getName());
            assertThat(d.provides()).anySatisfy(p -> {
                assertThat(p.service()).isEqualTo(MaskProvider.class.getName());
                assertThat(p.providers()).contains(UniformMaskProvider.class.getName());
            });
            assertThat(d.requires()).allSatisfy(r -> assertThat(r.name()).startsWith("java."));
        }
    }
}
