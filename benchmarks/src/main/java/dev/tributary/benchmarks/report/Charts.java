package dev.tributary.benchmarks.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.text.DecimalFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Draws the suite's chart, headless: on top the app-thread cost per call (p50 and p99, 1 and 4
 * threads), below it the delivered and lost events/s, one bar group per contestant, both on
 * logarithmic axes because the contestants differ by orders of magnitude. A value of zero or
 * none is left out (a log axis cannot show it; the tables can). Not thread-safe.
 */
final class Charts {
  static final int WIDTH = 1400;
  static final int PANEL_HEIGHT = 720;

  private final JmhResults run;
  private final MarkdownReport tables;

  Charts(JmhResults run) {
    this.run = run;
    this.tables = new MarkdownReport(run);
  }

  /** Writes the PNG; panels without data are left out; at least one panel is drawn. */
  void write(Path png, String subtitle) throws IOException {
    JFreeChart cost = costChart(subtitle);
    JFreeChart delivered = deliveredChart(subtitle);
    int panels = (cost != null ? 1 : 0) + (delivered != null ? 1 : 0);
    if (panels == 0) {
      throw new IOException("the run has no LogShippingBenchmark results to chart");
    }
    BufferedImage image = new BufferedImage(WIDTH, PANEL_HEIGHT * panels,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      int y = 0;
      for (JFreeChart chart : new JFreeChart[] {cost, delivered}) {
        if (chart != null) {
          chart.draw(g, new Rectangle2D.Double(0, y, WIDTH, PANEL_HEIGHT));
          y += PANEL_HEIGHT;
        }
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", png.toFile());
  }

  private JFreeChart costChart(String subtitle) {
    List<String> names = tables.contestants(MarkdownReport.COST_1, MarkdownReport.COST_4);
    if (names.isEmpty()) {
      return null;
    }
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (String c : names) {
      Optional<JmhResult> one = run.find(MarkdownReport.COST_1, "contestant", c);
      Optional<JmhResult> four = run.find(MarkdownReport.COST_4, "contestant", c);
      add(data, one.map(r -> r.percentile(50.0)), "1 thread p50", c);
      add(data, one.map(r -> r.percentile(99.0)), "1 thread p99", c);
      add(data, four.map(r -> r.percentile(50.0)), "4 threads p50", c);
      add(data, four.map(r -> r.percentile(99.0)), "4 threads p99", c);
    }
    return chart("App-thread cost of one log call (ns, log scale; lower is better)", subtitle,
        "ns per call", data, new Color(0x1f4e9c), new Color(0x8fb3e8), new Color(0xb35900),
        new Color(0xf2b279));
  }

  private JFreeChart deliveredChart(String subtitle) {
    List<String> names = tables.contestants(MarkdownReport.DELIVERED);
    if (names.isEmpty()) {
      return null;
    }
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (String c : names) {
      Optional<JmhResult> r = run.find(MarkdownReport.DELIVERED, "contestant", c);
      add(data, r.map(x -> x.secondaryScore("delivered")), "delivered into Kafka", c);
      add(data, r.map(x -> x.secondaryScore("lost")), "lost (logged − delivered)", c);
    }
    return chart("Events/s counted in Kafka, 1 logging thread (log scale; delivered: higher is "
        + "better)", subtitle, "events/s", data, new Color(0x2e7d32), new Color(0xc62828));
  }

  private static void add(DefaultCategoryDataset data, Optional<Double> value, String series,
      String contestant) {
    double v = value.orElse(Double.NaN);
    // Null keeps the bar's slot empty: a log axis has no place for zero.
    data.addValue(Double.isNaN(v) || v <= 0 ? null : v, series, contestant);
  }

  private static JFreeChart chart(String title, String subtitle, String unit,
      DefaultCategoryDataset data, Color... seriesColors) {
    JFreeChart chart = ChartFactory.createBarChart(title, null, unit, data,
        PlotOrientation.HORIZONTAL, true, false, false);
    if (!subtitle.isBlank()) {
      chart.addSubtitle(new org.jfree.chart.title.TextTitle(subtitle,
          new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
    }
    chart.setBackgroundPaint(Color.WHITE);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    LogAxis axis = new LogAxis(unit);
    axis.setBase(10);
    axis.setSmallestValue(1);
    axis.setTickUnit(new NumberTickUnit(1)); // one tick per power of ten
    axis.setNumberFormatOverride(new DecimalFormat("#,##0"));
    axis.setMinorTickMarksVisible(true);
    plot.setRangeAxis(axis);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    for (int i = 0; i < seriesColors.length; i++) {
      renderer.setSeriesPaint(i, seriesColors[i]);
    }
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setItemMargin(0.05);
    return chart;
  }
}
