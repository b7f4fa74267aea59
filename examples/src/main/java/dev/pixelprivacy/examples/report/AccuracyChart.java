package dev.pixelprivacy.examples.report;

import dev.pixelprivacy.core.eval.EvaluationSummary;
import dev.pixelprivacy.core.io.AtomicFiles;
import dev.pixelprivacy.paper.verify.VerificationTally;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The paper's Figure 2: the threat model's top-1 accuracy against eps, one line per method, drawn
 * with XChart and written as PNG; and the same layout for the judges' rate of class change after a
 * platform's chain ({@link #changeChart}).
 */
public final class AccuracyChart {
    /** Chart width in pixels. */
    public static final int WIDTH = 800;
    /** Chart height in pixels. */
    public static final int HEIGHT = 500;

    private AccuracyChart() {}

    /**
     * @param summaries one summary per method and budget
     * @return the chart: x = eps in 8-bit levels (/255, largest channel), y = top-1 accuracy
     */
    public static XYChart chart(List<EvaluationSummary> summaries) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Threat model accuracy under differing values of eps")
                .xAxisTitle("eps (/255)").yAxisTitle("top-1 accuracy").build();
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setChartBackgroundColor(java.awt.Color.WHITE)
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        Map<String, List<EvaluationSummary>> byMethod = new LinkedHashMap<>();
        for (EvaluationSummary s : summaries) {
            byMethod.computeIfAbsent(s.attack(), k -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<String, List<EvaluationSummary>> e : byMethod.entrySet()) {
            List<EvaluationSummary> pts = new ArrayList<>(e.getValue());
            pts.removeIf(s -> s.images() == 0);
            if (pts.isEmpty()) {
                continue;
            }
            pts.sort((a, b) -> Double.compare(a.epsilonPixels(), b.epsilonPixels()));
            double[] x = new double[pts.size()];
            double[] y = new double[pts.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = pts.get(i).epsilonPixels() * 255.0;
                y[i] = pts.get(i).accuracy();
            }
            XYSeries series = chart.addSeries(e.getKey(), x, y);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /**
     * The verification's counterpart of the paper's Figure 2: for each method (and each judge, when there
     * are several), the share of photos whose class changed after the platform's chain, against eps.
     *
     * @param rates one per method and budget, from a {@link VerificationTally}
     * @return the chart: x = eps in 8-bit levels (/255, largest channel), y = rate of class change
     */
    public static XYChart changeChart(List<VerificationTally.Rate> rates) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Judges' class changed after the platform's chain, against eps")
                .xAxisTitle("eps (/255)").yAxisTitle("rate of class change").build();
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setChartBackgroundColor(java.awt.Color.WHITE)
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        Map<String, List<VerificationTally.Rate>> byMethod = new LinkedHashMap<>();
        for (VerificationTally.Rate r : rates) {
            byMethod.computeIfAbsent(r.method(), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<VerificationTally.Rate>> e : byMethod.entrySet()) {
            List<VerificationTally.Rate> pts = new ArrayList<>(e.getValue());
            pts.sort((a, b) -> Double.compare(a.epsilonPixels(), b.epsilonPixels()));
            List<String> judges = pts.get(0).judges();
            for (int j = 0; j < judges.size(); j++) {
                double[] x = new double[pts.size()];
                double[] y = new double[pts.size()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = pts.get(i).epsilonPixels() * 255.0;
                    y[i] = pts.get(i).changed().get(j);
                }
                String name = judges.size() == 1 ? e.getKey() : e.getKey() + " / " + judges.get(j);
                chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        return chart;
    }

    /**
     * @param rates one per method and budget
     * @return {@link #changeChart} as PNG bytes
     * @throws IOException if encoding fails
     */
    public static byte[] changePngBytes(List<VerificationTally.Rate> rates) throws IOException {
        return BitmapEncoder.getBitmapBytes(changeChart(rates), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * @param summaries one summary per method and budget
     * @return the chart as PNG bytes
     * @throws IOException if encoding fails
     */
    public static byte[] pngBytes(List<EvaluationSummary> summaries) throws IOException {
        return BitmapEncoder.getBitmapBytes(chart(summaries), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * @param summaries one summary per method and budget
     * @param file the PNG to write, atomically
     * @throws IOException if writing fails
     */
    public static void writePng(List<EvaluationSummary> summaries, Path file) throws IOException {
        XYChart chart = chart(summaries);
        AtomicFiles.write(file, out -> out.write(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG)));
    }
}
