package dev.pixelprivacy.examples.cli;

import dev.pixelprivacy.core.mask.MaskOptions;
import dev.pixelprivacy.core.mask.MaskRegistry;
import dev.pixelprivacy.core.mask.PerturbationMask;
import dev.pixelprivacy.core.model.ClassSet;
import dev.pixelprivacy.core.model.SaliencyModel;
import dev.pixelprivacy.core.model.ThreatModel;
import dev.pixelprivacy.dl4j.model.ModelFiles;
import dev.pixelprivacy.dl4j.model.NimaScorer;
import dev.pixelprivacy.dl4j.model.OnnxThreatModel;
import dev.pixelprivacy.dl4j.model.Preprocessing;
import dev.pixelprivacy.dl4j.model.SalGanSaliency;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.examples.demo.DemoModel;
import dev.pixelprivacy.filters.saliency.SpectralResidualSaliency;
import dev.pixelprivacy.paper.batch.Networks;
import dev.pixelprivacy.paper.reference.ReferenceCodeModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The networks a command uses: ONNX files given by the user, or the embedded demonstration model. */
final class ModelOptions {
    @Option(names = "--threat-model", paramLabel = "FILE",
            description = "The classifier to protect against, as ONNX (e.g. ResNet-50 Places365, fed "
                    + "256x256 RGB with ImageNet mean and std), Keras .h5 or TF.js model.json (told apart by content; fed "
                    + "[0, 1] RGB at its own size, downscaled with an antialiasing filter). Repeatable: several models "
                    + "(with the same classes) are attacked as one ensemble, their losses averaged with equal weights. "
                    + "Default: the embedded demonstration model.")
    List<Path> threatModels = new ArrayList<>();

    @Option(names = "--class-names", paramLabel = "FILE",
            description = "Class names of --threat-model, one per line in class order (a trailing index, as in "
                    + "Places365's categories_places365.txt, is ignored).")
    Path classNames;

    @Option(names = "--salgan", paramLabel = "FILE",
            description = "A SalGAN-style saliency network (BGR, 0..255, mean-subtracted, 192x256 input; one-channel "
                    + "map out). Default: spectral-residual saliency, no model file.")
    Path salgan;

    @Option(names = "--nima", paramLabel = "FILE",
            description = "A NIMA aesthetic network (224x224, ImageNet mean and std; softmax over ratings 1..10).")
    Path nima;

    /** The threat model and its class names. */
    record Threat(ThreatModel model, List<String> names) {
        String name(int label) {
            return label < names.size() ? names.get(label) : "class " + label;
        }
    }

    Threat threat() throws IOException {
        if (threatModels.isEmpty()) {
            DemoModel demo = DemoModel.shared();
            return new Threat(demo.threatModel(), demo.classNames());
        }
        List<OnnxThreatModel> members = new ArrayList<>();
        for (Path file : threatModels) {
            members.add(classifier("--threat-model", file));
        }
        ThreatModel m = Networks.ensemble(members, threatModels.stream().map(Path::toString).toList());
        List<String> names = classNames == null ? List.of()
                : ClassSet.readNames(requireFile(classNames, "--class-names"));
        return new Threat(m, names);
    }

    /**
     * A classifier file as the tool feeds one: an ONNX network gets 256x256 with ImageNet mean and std,
     * a Keras or TF.js model [0, 1] RGB at its declared size.
     *
     * @param option the option that names it, for messages
     * @param file the .onnx, .h5 or model.json file
     * @return the classifier
     * @throws IOException if the file cannot be read
     */
    static OnnxThreatModel classifier(String option, Path file) throws IOException {
        return role(option, file, () -> {
            OnnxModel net = ModelFiles.load(requireFile(file, option), ModelFiles.Role.CLASSIFIER);
            return new OnnxThreatModel(net, ModelFiles.preprocessing(net, Preprocessing.imagenet256()));
        });
    }

    /**
     * A classifier that judges protected photos, fed as its deployments feed it: an ONNX network like
     * {@link #classifier}, a Keras or TF.js model through TensorFlow.js's align-corners bilinear resize
     * ({@link ModelFiles#deployedPreprocessing}), as nsfwjs does, not through the antialiased resize the
     * attacked models get.
     *
     * @param option the option that names it, for messages
     * @param file the .onnx, .h5 or model.json file
     * @return the classifier
     * @throws IOException if the file cannot be read
     */
    static OnnxThreatModel judge(String option, Path file) throws IOException {
        return role(option, file, () -> {
            OnnxModel net = ModelFiles.load(requireFile(file, option), ModelFiles.Role.CLASSIFIER);
            return new OnnxThreatModel(net, ModelFiles.deployedPreprocessing(net, Preprocessing.imagenet256()));
        });
    }

    /**
     * @param compatibility feed the network as the reference code did
     * @return the saliency model
     */
    SaliencyModel saliency(boolean compatibility) throws IOException {
        if (salgan == null) {
            return SpectralResidualSaliency.standard();
        }
        return role("--salgan", salgan, () -> {
            OnnxModel net = ModelFiles.load(requireFile(salgan, "--salgan"), ModelFiles.Role.MAP);
            return new SalGanSaliency(net, ModelFiles.preprocessing(net,
                    compatibility ? ReferenceCodeModels.salganInput() : Preprocessing.salgan()));
        });
    }

    /**
     * @param compatibility feed the network as the reference code did, with ratings 0..9
     * @return the NIMA scorer, or null without --nima
     */
    NimaScorer nima(boolean compatibility) throws IOException {
        if (nima == null) {
            return null;
        }
        NimaScorer scorer = role("--nima", nima, () -> {
            OnnxModel m = ModelFiles.load(requireFile(nima, "--nima"), ModelFiles.Role.DISTRIBUTION);
            return compatibility ? new NimaScorer(m, ModelFiles.preprocessing(m, ReferenceCodeModels.nimaInput()), 0)
                    : new NimaScorer(m, ModelFiles.preprocessing(m, Preprocessing.nima224()), 1);
        });
        if (scorer.ratings() != NIMA_RATINGS) {
            throw new IllegalArgumentException("--nima " + nima + ": NIMA rates 1..10, so its output must be [N, "
                    + NIMA_RATINGS + "] probabilities, but this model has " + scorer.ratings() + " outputs");
        }
        return scorer;
    }

    private static final int NIMA_RATINGS = 10;

    /** Builds a model for a role; a role mismatch or import failure names the option and the file. */
    private static <T> T role(String option, Path file, ModelLoader<T> loader) throws IOException {
        try {
            return loader.load();
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new IllegalArgumentException(m != null && m.startsWith(option) ? m : option + " " + file + ": " + m, e);
        }
    }

    @FunctionalInterface
    private interface ModelLoader<T> {
        T load() throws IOException;
    }

    /**
     * @return what identifies the networks in use, for the run manifest's settings: each model file's
     *     SHA-256, or the embedded demo model
     * @throws IOException if a model file cannot be read
     */
    String identity() throws IOException {
        StringBuilder sb = new StringBuilder("threat=");
        if (threatModels.isEmpty()) {
            sb.append("embedded-demo:").append(DemoModel.RESOURCE);
        }
        for (int i = 0; i < threatModels.size(); i++) {
            sb.append(i == 0 ? "" : "+").append(RunManifest.sha256(threatModels.get(i)));
        }
        if (classNames != null) {
            sb.append(",names=").append(RunManifest.sha256(classNames));
        }
        if (salgan != null) {
            sb.append(",salgan=").append(RunManifest.sha256(salgan));
        }
        if (nima != null) {
            sb.append(",nima=").append(RunManifest.sha256(nima));
        }
        return sb.toString();
    }

    /**
     * A mask by name; masks that take a saliency model get {@code saliency} when --salgan was given.
     *
     * @param name the mask's name
     * @param options its options as text
     * @param saliency the saliency model from {@link #saliency(boolean)}
     * @return the mask
     */
    PerturbationMask mask(String name, String options, SaliencyModel saliency) {
        MaskRegistry registry = MaskRegistry.load();
        MaskOptions parsed = MaskOptions.parse(options);
        if (salgan != null && registry.provider(name).options().stream().anyMatch(o -> o.name().equals("saliency"))) {
            parsed = parsed.with("saliency", saliency);
        }
        return registry.create(name, parsed);
    }

    private static Path requireFile(Path p, String option) {
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(option + " " + p + " does not exist");
        }
        return p;
    }
}
