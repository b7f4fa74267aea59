package dev.pixelprivacy.bench.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of a memory run, written as {@code memory.json} for the performance page:
 * <pre>{"command": "...", "model": "...", "images": 1000, "peakRssMiB": 812.3,
 *  "samples": [{"images": 0, "rssMiB": 500.1}, ...], "growthMiBPer1000Images": 3.1}</pre>
 *
 * @param command the child's exact command line
 * @param model what the child protected with, for a reader
 * @param images images protected
 * @param peakRssMiB the child's peak resident set size (VmHWM), MiB
 * @param samples resident set size after every so many images, in order of images
 * @param growthMiBPer1000Images least-squares slope of the samples after warm-up, MiB per 1000 images
 */
record MemoryReport(String command, String model, int images, double peakRssMiB, List<Sample> samples,
                    double growthMiBPer1000Images) {
    /**
     * @param images images done when the sample was taken, at least 0
     * @param rssMiB the child's resident set size then (VmRSS), MiB
     */
    record Sample(int images, double rssMiB) {}

    MemoryReport {
        samples = List.copyOf(samples);
    }

    /**
     * @param samples samples in order of images
     * @param fromImages the first image count the fit uses (samples before it are warm-up)
     * @return least-squares growth of VmRSS in MiB per 1000 images over the samples at or after
     *     {@code fromImages}
     * @throws IllegalArgumentException if fewer than two samples are at or after {@code fromImages}
     */
    static double growthPer1000(List<Sample> samples, int fromImages) {
        List<Sample> used = new ArrayList<>();
        for (Sample s : samples) {
            if (s.images() >= fromImages) {
                used.add(s);
            }
        }
        if (used.size() < 2) {
            throw new IllegalArgumentException("the growth fit needs at least 2 samples at or after " + fromImages
                    + " images but has " + used.size() + " of " + samples.size());
        }
        double[] x = new double[used.size()];
        double[] y = new double[used.size()];
        for (int i = 0; i < used.size(); i++) {
            x[i] = used.get(i).images();
            y[i] = used.get(i).rssMiB();
        }
        return LinearFit.of(x, y).slope() * 1000;
    }

    /** @return the report as one JSON object, numbers rounded to 0.1 MiB */
    String toJson() {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"command\": ").append(quote(command)).append(",\n ");
        sb.append("\"model\": ").append(quote(model)).append(",\n ");
        sb.append("\"images\": ").append(images).append(",\n ");
        sb.append("\"peakRssMiB\": ").append(number(peakRssMiB)).append(",\n ");
        sb.append("\"samples\": [");
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            sb.append(i == 0 ? "" : ",\n   ").append("{\"images\": ").append(s.images())
                    .append(", \"rssMiB\": ").append(number(s.rssMiB())).append('}');
        }
        sb.append("],\n ");
        sb.append("\"growthMiBPer1000Images\": ").append(number(growthMiBPer1000Images));
        return sb.append("}\n").toString();
    }

    private static String number(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("JSON has no number for " + v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
