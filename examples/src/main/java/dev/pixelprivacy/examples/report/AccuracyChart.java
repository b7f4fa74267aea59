package dev.pixelprivacy.examples.report;

import dev.pixelprivacy.core.eval.EvaluationSummary;
import dev.pixelprivacy.core.io.AtomicFiles;
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
 * with XChart and written as PNG.
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
