package dev.pixelprivacy.examples.cli;

import dev.pixelprivacy.core.eval.EvaluationReport;
import dev.pixelprivacy.paper.batch.ProtectionSettings;
import dev.pixelprivacy.paper.verify.AdaptiveBudget;
import dev.pixelprivacy.paper.verify.Judge;
import dev.pixelprivacy.paper.verify.JudgeVerdict;
import dev.pixelprivacy.paper.verify.PlatformChain;
import dev.pixelprivacy.paper.verify.Verification;
import dev.pixelprivacy.paper.verify.Verifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The verification options a command shares: models that judge without being attacked, the platform's
 * chain the protected files go through before they are judged, and the adaptive budget. Without
 * {@code --judge} and {@code --after} nothing is verified.
 */
final class VerificationOptions {
    @Option(names = "--judge", paramLabel = "FILE",
            description = "A classifier that was not attacked (ONNX, fed 256x256 with ImageNet mean and std; Keras "
                    + ".h5 or TF.js model.json, fed [0, 1] RGB at its own size through TF.js's align-corners bilinear resize, as "
                    + "nsfwjs does), judging each written file after the "
                    + "--after chain. Repeatable.")
    List<Path> judgeFiles = new ArrayList<>();

    @Option(names = "--after", paramLabel = "CHAIN",
            description = "What the platform does before judging, e.g. 'resize:1080,jpeg:75': resize:LONG_SIDE[:KERNEL] "
                    + "(lanczos, bilinear, bicubic or area; shrinks only) and jpeg:QUALITY, in order, through real "
                    + "encoders and resizers. Default with --judge: none (the file as written).")
    String after;

    @Option(names = "--adaptive-eps",
            description = "Per photo and method, find the smallest eps in 1/255..16/255 (whole levels, at most 5 "
                    + "protections, bisection) whose written file still changes every judge's class after the chain. "
                    + "Needs --judge.")
    boolean adaptiveEps;

    /** @return whether anything is to be verified */
    boolean active() {
        return !judgeFiles.isEmpty() || after != null;
    }

    /**
     * Warns when files are to be checked after a chain that no model classifies: {@code --after}
     * without {@code --judge} says nothing about whether the protection survived the chain (the
     * metrics are the written file's, with or without a chain).
     *
     * @param err where warnings go
     */
    void warnWithoutJudge(PrintWriter err) {
        if (after != null && judgeFiles.isEmpty()) {
            err.println("pixel-privacy: warning: --after without --judge: no model classifies the written files "
                    + "after '" + after + "', so nothing says whether the protection survived the chain (the PSNR, "
                    + "SSIM and CIEDE2000 reported are the written file's, as always). Add --judge FILE (the "
                    + "--threat-model file itself checks the attacked model).");
        }
    }

    /**
     * @return the chain of --after, or none
     * @throws IllegalArgumentException naming --after and the step that cannot be read
     */
    PlatformChain chain() {
        return ProtectionSettings.builder().after(after).build().chain();
    }

    /** @return each judge file as the protection settings name it: its absolute path, which names the judge */
    List<String> judgeLocations() {
        return judgeFiles.stream().map(f -> f.toAbsolutePath().toString()).toList();
    }

    /**
     * Loads the judges, named by {@link ProtectionSettings#judgeNames(List)} (the file's name; a TF.js
     * {@code model.json} with its folder's; {@code #2}... for a name given before), as the Spark job names them.
     *
     * @return the judges, in option order
     * @throws IOException if a judge file cannot be read
     */
    List<Judge> judges() throws IOException {
        List<String> names = ProtectionSettings.judgeNames(judgeLocations());
        List<Judge> judges = new ArrayList<>();
        for (int i = 0; i < judgeFiles.size(); i++) {
            judges.add(new Judge(names.get(i), ModelOptions.judge("--judge", judgeFiles.get(i))));
        }
        return judges;
    }

    /**
     * Checks the options and loads the judges; call before any work.
     *
     * @return the verifier, or null when nothing is to be verified
     * @throws IOException if a judge file cannot be read
     */
    Verifier verifier() throws IOException {
        if (adaptiveEps && judgeFiles.isEmpty()) {
            throw new IllegalArgumentException("--adaptive-eps needs at least one --judge: it looks for the smallest "
                    + "eps that changes every judge's class");
        }
        if (!active()) {
            return null;
        }
        PlatformChain chain = chain();
        return Verifier.of(chain, judges());
    }

    /** @return the adaptive search, or null without --adaptive-eps */
    AdaptiveBudget adaptiveBudget() {
        return adaptiveEps ? AdaptiveBudget.standard() : null;
    }

    /**
     * @return what identifies these settings, for a run manifest: the chain and each judge file's SHA-256
     * @throws IOException if a judge file cannot be read
     */
    String identity() throws IOException {
        StringBuilder sb = new StringBuilder("after=").append(chain().spec());
        for (Path f : judgeFiles) {
            sb.append(",judge=").append(RunManifest.sha256(f));
        }
        return sb.append(",adaptive=").append(adaptiveEps).toString();
    }

    /**
     * @param judges the verifier's judges
     * @return the names of the columns {@link #columns} fills
     */
    static List<String> header(List<Judge> judges) {
        List<String> h = new ArrayList<>(List.of("after_chain"));
        for (Judge j : judges) {
            h.add("judge_" + j.name() + "_before");
            h.add("judge_" + j.name() + "_after");
            h.add("judge_" + j.name() + "_changed");
        }
        h.addAll(List.of("all_judges_changed", "written_psnr", "written_ssim", "written_ciede2000",
                "written_ciede2000_max"));
        return h;
    }

    /**
     * @param v one written file's verification, or null (then every column is empty)
     * @param judges the verifier's judges
     * @return the values of the columns of {@link #header}
     */
    static List<String> columns(Verification v, List<Judge> judges) {
        List<String> c = new ArrayList<>();
        if (v == null) {
            for (int i = 0; i < header(judges).size(); i++) {
                c.add("");
            }
            return c;
        }
        c.add(v.chain());
        for (JudgeVerdict d : v.verdicts()) {
            c.add(Integer.toString(d.before().label()));
            c.add(Integer.toString(d.after().label()));
            c.add(Boolean.toString(d.changed()));
        }
        c.add(Boolean.toString(v.allChanged()));
        c.add(EvaluationReport.number(v.psnr()));
        c.add(EvaluationReport.number(v.ssim()));
        c.add(EvaluationReport.number(v.ciede2000().mean()));
        c.add(EvaluationReport.number(v.ciede2000().max()));
        return c;
    }

    /**
     * @param v one written file's verification
     * @return the same as JSON fields ({@code after}, {@code judges} with each judge's classes, then the
     *     written file's metrics), for --jsonl
     */
    static JsonLine json(Verification v) {
        JsonLine judges = new JsonLine();
        for (JudgeVerdict d : v.verdicts()) {
            judges.put(d.judge().name(), new JsonLine().put("before", d.before().label()).put("after", d.after().label())
                    .put("changed", d.changed()));
        }
        return new JsonLine().put("after", v.chain()).put("judges", judges).put("allJudgesChanged", v.allChanged())
                .put("psnr", v.psnr()).put("ssim", v.ssim()).put("ciede2000", v.ciede2000().mean())
                .put("ciede2000Max", v.ciede2000().max());
    }

    /**
     * @param v one written file's verification
     * @return a short line for the console, e.g. {@code after resize:1080:lanczos,jpeg:75: m.onnx 3 -> 5 (changed); CIEDE2000 0.84}
     */
    static String describe(Verification v) {
        StringBuilder sb = new StringBuilder("after ").append(v.chain()).append(':');
        for (JudgeVerdict d : v.verdicts()) {
            sb.append(' ').append(d.judge().name()).append(' ').append(d.before().label()).append(" -> ")
                    .append(d.after().label()).append(d.changed() ? " (changed);" : " (same);");
        }
        return sb.append(String.format(Locale.ROOT, " CIEDE2000 %.2f", v.ciede2000().mean())).toString();
    }
}
