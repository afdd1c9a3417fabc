package dev.tributary.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report generator on {@code jmh-sample.json}: JMH's JSON from a one-iteration smoke run of
 * the suite (raw samples removed), plus two rows copied and edited so the sample also holds a
 * lossy shipper ({@code lka-async}: 30,000 logged/s, 1,500 delivered/s) and a stop that did not
 * return ({@code log4j2-kafka-sync}).
 */
class ReportTest {
  @TempDir
  Path dir;

  private Path sample() throws IOException {
    Path json = dir.resolve("jmh.json");
    try (InputStream in = getClass().getResourceAsStream("/jmh-sample.json")) {
      Files.copy(in, json);
    }
    return json;
  }

  private String markdown() throws IOException {
    Report.write(sample(), dir);
    return Files.readString(dir.resolve(Report.MARKDOWN), StandardCharsets.UTF_8);
  }

  private static String rowOf(String markdown, String heading, String contestant) {
    String section = markdown.substring(markdown.indexOf(heading));
    return section.lines().filter(l -> l.startsWith("| `" + contestant + "`")).findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + contestant + " under " + heading));
  }

  @Test
  void parsesEveryRowWithParamsPercentilesAndSecondaryResults() throws IOException {
    JmhResults run = JmhResults.read(sample());

    assertThat(run.all()).hasSize(17);
    assertThat(run.jmhVersion()).isEqualTo("1.37");
    assertThat(run.jdk()).startsWith("17.0.15");
    JmhResult cost = run.find("LogShippingBenchmark.cost1Thread", "contestant",
        "tributary-logback").orElseThrow();
    assertThat(cost.mode()).isEqualTo("sample");
    assertThat(cost.percentile(50.0)).isEqualTo(5100.0);
    assertThat(cost.primary().unit()).isEqualTo("ns/op");
    JmhResult down = run.find("LogShippingBenchmark.kafkaDown", "contestant", "lka-blocking")
        .orElseThrow();
    assertThat(down.secondaryScore("stillBlocked")).isEqualTo(1.0);
    assertThat(down.primary().error()).isNaN();
  }

  @Test
  void costTableListsContestantsInReportOrderWithPercentilesAndErrorBars() throws IOException {
    String md = markdown();

    String heading = "App-thread cost of one log call";
    assertThat(rowOf(md, heading, "tributary-logback"))
        .contains("| 5,100 | 66,679 | 76,544 ± 39,182 | 16,672 | 261,980 | 454,273 ± 184,955 |");
    assertThat(md.indexOf("| `tributary-logback`")).isLessThan(md.indexOf("| `lka-blocking`"));
  }

  @Test
  void deliveredTableShowsWhatALossyShipperLost() throws IOException {
    String md = markdown();

    String heading = "Delivered into Kafka";
    assertThat(rowOf(md, heading, "lka-async"))
        .endsWith("| 1,500 | 30,000 | 28,500 | 95.0 % |");
    assertThat(rowOf(md, heading, "tributary-logback"))
        .endsWith("| 1,145 | 1,145 | 0 | 0 % |");
  }

  @Test
  void kafkaDownTableSaysWhoBlockedAndWhoseStopDidNotReturn() throws IOException {
    String md = markdown();

    String heading = "Kafka down";
    assertThat(rowOf(md, heading, "tributary-logback"))
        .endsWith("| 220,000 | 316 | 1.1 s | 20.4 µs | no | returned after 5.6 s |");
    assertThat(rowOf(md, heading, "lka-blocking"))
        .endsWith("| 0 | 0 | 10.0 s | — | **yes** | returned after 235 ms |");
    assertThat(rowOf(md, heading, "log4j2-kafka-sync"))
        .endsWith("| **yes** | **had not returned** after 10.0 s |");
  }

  @Test
  void transportSpoolAndOfferTablesAreIncluded() throws IOException {
    String md = markdown();

    assertThat(md).contains("| `pixy+http` | `pixy.max.in.flight` 32 | 809 |")
        .contains("| `rest+http` | batches of 2000 records | 12,232 |")
        .contains("| `pixy+grpc` | `grpc.max.in.flight` 256 | 1,317 |")
        .contains("| memory | 17,830 | 6,155 | 1.3 % |")
        .contains("| spool | 14,210 | 3,490 | 4.7 % |")
        .contains("| 1 | 130 | 2,978 | 8,223 ± 10,123 |");
    assertThat(md).doesNotContain("NaN");
  }

  @Test
  void runPropertiesAreStatedAboveTheTables() throws IOException {
    Files.writeString(dir.resolve(Report.RUN_PROPERTIES), String.join("\n",
        "machine=2 CPUs (Test CPU), 23 GiB RAM, Linux 6.1",
        "wallTime=15 min 2 s",
        "loadBefore=0.10 0.20 0.30",
        "loadAfter=1.50 1.20 0.90",
        "command=benchmarks/run-suite.sh"));

    String md = markdown();

    assertThat(md.lines().filter(l -> l.startsWith("Run: ")).findFirst().orElseThrow())
        .contains("machine: 2 CPUs (Test CPU), 23 GiB RAM, Linux 6.1")
        .contains("wall time: 15 min 2 s")
        .contains("load average before/after: 0.10 0.20 0.30 / 1.50 1.20 0.90")
        .contains("command: `benchmarks/run-suite.sh`");
  }

  @Test
  void chartIsAPngWithACostPanelAndADeliveredPanel() throws IOException {
    Report.write(sample(), dir);

    BufferedImage png = ImageIO.read(dir.resolve(Report.CHART).toFile());
    assertThat(png).isNotNull();
    assertThat(png.getWidth()).isEqualTo(Charts.WIDTH);
    assertThat(png.getHeight()).isEqualTo(2 * Charts.PANEL_HEIGHT);
  }

  @Test
  void aRunWithoutLogShippersGetsTablesButNoChart() throws IOException {
    Path json = dir.resolve("transports.json");
    String all = Files.readString(sample());
    // Keep only the first three rows (the transport benchmarks): JMH's JSON is an array.
    List<String> rows = List.of(all.split("\n  \\},\n  \\{"));
    Files.writeString(json, rows.get(0) + "\n  },\n  {" + rows.get(1) + "\n  },\n  {"
        + rows.get(2) + "\n  }\n]\n");

    assertThatThrownBy(() -> Report.write(json, dir)).isInstanceOf(IOException.class)
        .hasMessageContaining("no LogShippingBenchmark results");
    assertThat(Files.readString(dir.resolve(Report.MARKDOWN))).contains("`pixy+grpc`")
        .doesNotContain("Kafka down");
  }

  @Test
  void aFileThatIsNotJmhJsonIsRejectedNamingIt() throws IOException {
    Path json = Files.writeString(dir.resolve("not-jmh.json"), "{\"hello\": 1}");

    assertThatThrownBy(() -> JmhResults.read(json)).isInstanceOf(IOException.class)
        .hasMessageContaining("not-jmh.json");
  }
}
