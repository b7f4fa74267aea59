package dev.pixelprivacy.paper.batch;

import dev.pixelprivacy.core.model.ClassSet;
import dev.pixelprivacy.core.model.EnsembleThreatModel;
import dev.pixelprivacy.core.model.SaliencyModel;
import dev.pixelprivacy.core.model.ThreatModel;
import dev.pixelprivacy.dl4j.model.NimaScorer;
import dev.pixelprivacy.dl4j.model.OnnxThreatModel;
import dev.pixelprivacy.dl4j.model.Preprocessing;
import dev.pixelprivacy.dl4j.model.SalGanSaliency;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.filters.saliency.SpectralResidualSaliency;
import dev.pixelprivacy.paper.verify.Judge;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The networks one protection thread uses: the threat model with its class names, the saliency
 * model, NIMA when Coupled Optimisation asks for it, and the judges that verify the written files.
 * A SameDiff session is single-threaded, so an instance belongs to one thread and is never shared.
 *
 * @param threatModel the classifier to protect against
 * @param classNames its class names in logit order (may be shorter than its classes)
 * @param saliency the saliency model for the masks and tilt-shift (spectral residual by default)
 * @param saliencyNetwork whether {@code saliency} is a network the user gave (then masks that take
 *     a saliency model get it, as on the command line)
 * @param nima the aesthetic network, or null
 * @param judges the models that judge each written file after the platform's chain, none attacked,
 *     in {@link ProtectionSettings#judges()} order; empty when the settings name none
 */
public record Networks(ThreatModel threatModel, List<String> classNames, SaliencyModel saliency,
                       boolean saliencyNetwork, NimaScorer nima, List<Judge> judges) {

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
     * @param judges the judges, possibly empty
     */
    public Networks {
        Objects.requireNonNull(threatModel, "threatModel");
        classNames = List.copyOf(classNames);
        Objects.requireNonNull(saliency, "saliency");
        judges = List.copyOf(judges);
    }

    /**
     * Networks without judges.
     *
     * @param threatModel the classifier
     * @param classNames its class names
     * @param saliency the saliency model
     * @param saliencyNetwork whether the saliency model was given by the user
     * @param nima NIMA, or null
     */
    public Networks(ThreatModel threatModel, List<String> classNames, SaliencyModel saliency, boolean saliencyNetwork,
                    NimaScorer nima) {
        this(threatModel, classNames, saliency, saliencyNetwork, nima, List.of());
    }

    /**
     * Loads the networks the settings name, as the command line does (ImageNet mean and std at
     * 256x256 for the threat models, an equally weighted ensemble when there are several, and for the
     * judges; SalGAN's and NIMA's own input specs). Judges are named by {@link ProtectionSettings#judgeNames()}.
     *
     * @param settings the protection settings
     * @param files where the model files are read from
     * @param defaultThreat the threat model when the settings name none, or null to require one
     * @return new networks, for one thread
     * @throws IOException if a model file cannot be read
     * @throws IllegalArgumentException if no threat model is named and there is no default, or the members of
     *     an ensemble differ in their classes
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
            List<OnnxThreatModel> members = new ArrayList<>();
            for (String location : settings.threatModels()) {
                members.add(new OnnxThreatModel(OnnxModel.fromBytes(files.read(location)), Preprocessing.imagenet256()));
            }
            threat = ensemble(members, settings.threatModels());
            names = settings.classNames() == null ? List.of()
                    : classNames(new String(files.read(settings.classNames()), StandardCharsets.UTF_8));
        }
        SaliencyModel saliency = settings.salgan() == null ? SpectralResidualSaliency.standard()
                : new SalGanSaliency(OnnxModel.fromBytes(files.read(settings.salgan())), Preprocessing.salgan());
        NimaScorer nima = settings.nima() == null ? null
                : new NimaScorer(OnnxModel.fromBytes(files.read(settings.nima())), Preprocessing.nima224(), 1);
        List<Judge> judges = new ArrayList<>();
        List<String> judgeNames = settings.judgeNames();
        for (int i = 0; i < settings.judges().size(); i++) {
            OnnxModel net = OnnxModel.fromBytes(files.read(settings.judges().get(i)));
            judges.add(new Judge(judgeNames.get(i), new OnnxThreatModel(net,
                    dev.pixelprivacy.dl4j.model.ModelFiles.deployedPreprocessing(net, Preprocessing.imagenet256()))));
        }
        return new Networks(threat, names, saliency, settings.salgan() != null, nima, judges);
    }

    /**
     * The threat model of several: one member alone, or their equally weighted ensemble
     * ({@link EnsembleThreatModel#equallyWeighted}), as {@code --threat-model} given more than once asks.
     *
     * @param members the classifiers, at least one
     * @param locations where each is, for messages, in the same order
     * @return the threat model
     * @throws IllegalArgumentException naming the model when one has fewer than 2 classes, or its class count
     *     differs from the first's
     */
    public static ThreatModel ensemble(List<? extends ThreatModel> members, List<String> locations) {
        if (members.isEmpty() || members.size() != locations.size()) {
            throw new IllegalArgumentException("an ensemble needs one location per member, at least one, but got "
                    + members.size() + " members and locations " + locations);
        }
        for (int i = 0; i < members.size(); i++) {
            int classes = members.get(i).classCount();
            if (classes < 2) {
                throw new IllegalArgumentException("--threat-model " + locations.get(i) + " has " + classes + " class; a "
                        + "threat model needs at least 2 (an untargeted attack moves the image to another class)");
            }
            if (classes != members.get(0).classCount()) {
                throw new IllegalArgumentException("--threat-model " + locations.get(i) + " has " + classes
                        + " classes but " + locations.get(0) + " has " + members.get(0).classCount()
                        + "; an ensemble needs the same classes");
            }
        }
        return members.size() == 1 ? members.get(0) : EnsembleThreatModel.equallyWeighted(members);
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
