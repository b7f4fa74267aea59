package dev.pixelprivacy.spark;

import dev.pixelprivacy.examples.demo.DemoModel;
import dev.pixelprivacy.filters.saliency.SpectralResidualSaliency;
import dev.pixelprivacy.paper.batch.Networks;
import dev.pixelprivacy.paper.batch.ProtectionSettings;
import java.io.IOException;

/** The command line's default threat model, the embedded demo model: a new instance per task thread. */
final class DemoNetworks implements NetworkFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public Networks create(ProtectionSettings settings) throws IOException {
        DemoModel demo = DemoModel.load();
        Networks fallback = new Networks(demo.threatModel(), demo.classNames(), SpectralResidualSaliency.standard(),
                false, null);
        return Networks.load(settings, Networks.ModelFiles.local(), fallback);
    }
}
