package dev.pixelprivacy.paper.batch;

import dev.pixelprivacy.core.model.ClassSet;
import dev.pixelprivacy.core.model.SaliencyModel;
import dev.pixelprivacy.core.model.ThreatModel;
import dev.pixelprivacy.dl4j.model.NimaScorer;
import dev.pixelprivacy.dl4j.model.OnnxThreatModel;
import dev.pixelprivacy.dl4j.model.Preprocessing;
import dev.pixelprivacy.dl4j.model.SalGanSaliency;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.filters.saliency.SpectralResidualSaliency;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The networks one protection thread uses: the threat model with its class names, the saliency
 * model, and NIMA when Coupled Optimisation asks for it. A SameDiff session is single-threaded, so
 * an instance belongs to one thread and is never shared.
 *
 * @param threatModel the classifier to protect against
 * @param classNames its class names in logit order (may be shorter than its classes)
 * @param saliency the saliency model for the masks and tilt-shift (spectral residual by default)
 * @param saliencyNetwork whether {@code saliency} is a network the user gave (then masks that take
 *     a saliency model get it, as on the command line)
 * @param nima the aesthetic network, or null
 */
public record Networks(ThreatModel threatModel, List<String> classNames, SaliencyModel saliency,
                       boolean saliencyNetwork, NimaScorer nima) {

    /** Reads a model file's bytes from wherever the engine keeps them. */
    @FunctionalInterface
    public interface ModelFiles {
        /**
         * @param location the location as given in the settings
         * @return the file's content
         * @throws IOException if it cannot be read (the message names the location)
         */
        byte[] read(String location) throws IOException;

        /** @return local files by path */
        static ModelFiles local() {
            return location -> {
                Path p = Path.of(location);
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("model file " + location + " does not exist");
                }
                return Files.readAllBytes(p);
            };
        }
    }

    /**
     * @param threatModel the classifier
     * @param classNames its class names
     * @param saliency the saliency model
     * @param saliencyNetwork whether the saliency model was given by the user
     * @param nima NIMA, or null
     */
    public Networks {
        Objects.requireNonNull(threatModel, "threatModel");
        classNames = List.copyOf(classNames);
        Objects.requireNonNull(saliency, "saliency");
    }

    /**
     * Loads the networks the settings name, as the command line does (ImageNet mean and std at
     * 256x256 for the threat model, SalGAN's and NIMA's own input specs).
     *
     * @param settings the protection settings
     * @param files where the model files are read from
     * @param defaultThreat the threat model when the settings name none, or null to require one
     * @return new networks, for one thread
     * @throws IOException if a model file cannot be read
     * @throws IllegalArgumentException if no threat model is named and there is no default
     */
    public static Networks load(ProtectionSettings settings, ModelFiles files, Networks defaultThreat)
            throws IOException {
        ThreatModel threat;
        List<String> names;
        if (settings.threatModel() == null) {
            if (defaultThreat == null) {
                throw new IllegalArgumentException("--threat-model is required (no default threat model here)");
            }
            threat = defaultThreat.threatModel();
            names = defaultThreat.classNames();
        } else {
            threat = new OnnxThreatModel(OnnxModel.fromBytes(files.read(settings.threatModel())),
                    Preprocessing.imagenet256());
            names = settings.classNames() == null ? List.of()
                    : classNames(new String(files.read(settings.classNames()), StandardCharsets.UTF_8));
        }
        SaliencyModel saliency = settings.salgan() == null ? SpectralResidualSaliency.standard()
                : new SalGanSaliency(OnnxModel.fromBytes(files.read(settings.salgan())), Preprocessing.salgan());
        NimaScorer nima = settings.nima() == null ? null
                : new NimaScorer(OnnxModel.fromBytes(files.read(settings.nima())), Preprocessing.nima224(), 1);
        return new Networks(threat, names, saliency, settings.salgan() != null, nima);
    }

    /**
     * Class names one per line; a trailing index, as in Places365's {@code categories_places365.txt},
     * is dropped, and blank lines are skipped.
     *
     * @param text the file's content
     * @return the names
     */
    public static List<String> classNames(String text) {
        return ClassSet.parseNames(text);
    }

    /**
     * @param label a class index
     * @return its name, or {@code class N} beyond the names known
     */
    public String name(int label) {
        return label >= 0 && label < classNames.size() ? classNames.get(label) : "class " + label;
    }
}
