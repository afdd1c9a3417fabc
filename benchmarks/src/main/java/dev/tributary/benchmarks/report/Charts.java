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
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * Draws the suite's chart, headless: on top the events/s each contestant delivered into Kafka
 * (lossless and under overload, 1 and 4 threads, and the paired rounds of both; bars are round
 * means with their 99.9 % confidence interval), below it the per-call p99 at the steady rates and in the tight loop on a
 * logarithmic axis, because the contestants differ by orders of magnitude there. A value of zero
 * or none is left out (the tables show it). Not thread-safe.
 */
final class Charts {
  static final int WIDTH = 1400;
  static final int PANEL_HEIGHT = 720;

  private final ShippingTables tables;

  Charts(JmhResults run) {
    this.tables = new ShippingTables(run, new Markdown());
  }

  /** Whether the run has anything to chart (log-shipping results). */
  boolean any() {
    return deliveredChart("") != null || costChart("") != null;
  }

  /** Writes the PNG; panels without data are left out; at least one panel is drawn. */
  void write(Path png, String subtitle) throws IOException {
    JFreeChart delivered = deliveredChart(subtitle);
    JFreeChart cost = costChart(subtitle);
    int panels = (cost != null ? 1 : 0) + (delivered != null ? 1 : 0);
    if (panels == 0) {
      throw new IOException("the run has no log-shipping results (CapacityBenchmark, "
          + "SteadyRateBenchmark) to chart");
    }
    BufferedImage image = new BufferedImage(WIDTH, PANEL_HEIGHT * panels,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      int y = 0;
      for (JFreeChart chart : new JFreeChart[] {delivered, cost}) {
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

  private JFreeChart deliveredChart(String subtitle) {
    List<String> names = tables.contestants(ShippingTables.LOSSLESS, ShippingTables.OVERLOAD,
        ShippingTables.PAIRED);
    names.remove(Contestants.FLOOR);
    if (names.isEmpty()) {
      return null;
    }
    DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
    // benchmark, figure, series label
    String[][] bars = {
        {ShippingTables.LOSSLESS, "deliveredPerSecond", "lossless"},
        {ShippingTables.OVERLOAD, "deliveredPerSecond", "overload"},
        {ShippingTables.PAIRED, "losslessPerSecond", "lossless (paired)"},
        {ShippingTables.PAIRED, "overloadPerSecond", "overload (paired)"}};
    for (String[] bar : bars) {
      for (String t : tables.values(bar[0], "threads")) {
        for (String c : names) {
          Stat s = tables.stat(bar[0], c, "threads", t, bar[1]);
          String series = bar[2] + ", " + t + " thread(s)";
          data.add(s.present() && s.mean() > 0 ? s.mean() : null,
              Double.isNaN(s.error()) ? null : s.error(), series, c);
        }
      }
    }
    JFreeChart chart = ChartFactory.createBarChart("Events/s delivered into Kafka (higher is "
        + "better; whiskers: 99.9 % confidence interval)", null, "events/s", data,
        PlotOrientation.HORIZONTAL, true, false, false);
    StatisticalBarRenderer renderer = new StatisticalBarRenderer();
    renderer.setErrorIndicatorPaint(Color.BLACK);
    chart.getCategoryPlot().setRenderer(renderer);
    NumberAxis axis = (NumberAxis) chart.getCategoryPlot().getRangeAxis();
    axis.setNumberFormatOverride(new DecimalFormat("#,##0"));
    return style(chart, subtitle, new Color(0x2e7d32), new Color(0x81c784),
        new Color(0xc62828), new Color(0xef9a9a), new Color(0x1565c0), new Color(0x90caf9),
        new Color(0xef6c00), new Color(0xffcc80));
  }

  private JFreeChart costChart(String subtitle) {
    List<String> names = tables.contestants(ShippingTables.PACED, ShippingTables.LOSSLESS);
    if (names.isEmpty()) {
      return null;
    }
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (String c : names) {
      for (String rate : tables.values(ShippingTables.PACED, "perSecond")) {
        add(data, tables.stat(ShippingTables.PACED, c, "perSecond", rate, "p99Nanos"),
            "steady " + Cells.count(Double.parseDouble(rate)) + "/s", c);
      }
      for (String t : tables.values(ShippingTables.LOSSLESS, "threads")) {
        add(data, tables.stat(ShippingTables.LOSSLESS, c, "threads", t, "p99Nanos"),
            "tight loop (lossless), " + t + " thread(s)", c);
      }
    }
    JFreeChart chart = ChartFactory.createBarChart("App-thread p99 of one log call (ns, log "
        + "scale; lower is better)", null, "ns per call", data, PlotOrientation.HORIZONTAL,
        true, false, false);
    LogAxis axis = new LogAxis("ns per call");
    axis.setBase(10);
    axis.setSmallestValue(1);
    axis.setTickUnit(new NumberTickUnit(1)); // one tick per power of ten
    axis.setNumberFormatOverride(new DecimalFormat("#,##0"));
    axis.setMinorTickMarksVisible(true);
    chart.getCategoryPlot().setRangeAxis(axis);
    return style(chart, subtitle, new Color(0x1f4e9c), new Color(0x8fb3e8),
        new Color(0xb35900), new Color(0xf2b279));
  }

  private static void add(DefaultCategoryDataset data, Stat value, String series,
      String contestant) {
    // Null keeps the bar's slot empty: a log axis has no place for zero.
    data.addValue(!value.present() || value.mean() <= 0 ? null : value.mean(), series,
        contestant);
  }

  private static JFreeChart style(JFreeChart chart, String subtitle, Color... seriesColors) {
    if (!subtitle.isBlank()) {
      chart.addSubtitle(new org.jfree.chart.title.TextTitle(subtitle,
          new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
    }
    chart.setBackgroundPaint(Color.WHITE);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
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
