package dev.tributary.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report generator on {@code jmh-sample.json}: JMH's JSON from a smoke run of the whole
 * suite ({@code -wi 0 -i 3 -p roundSeconds=1} on a busy machine, so the figures themselves mean
 * nothing and their error bars are wide), trimmed of what the report does not read (histograms,
 * the secondary results' percentiles). The expected cells were worked out from the sample's raw
 * per-round values independently of this code (mean; 99.9 % interval = t(2 d.f.) 31.599 × the
 * standard deviation / √3).
 */
class ReportTest {
  @TempDir
  Path dir;

  private Path sample() throws IOException {
    return sample("/jmh-sample.json");
  }

  private Path sample(String resource) throws IOException {
    Path json = dir.resolve("jmh.json");
    try (InputStream in = getClass().getResourceAsStream(resource)) {
      Files.copy(in, json);
    }
    return json;
  }

  private String markdown() throws IOException {
    return markdown("/jmh-sample.json");
  }

  private String markdown(String resource) throws IOException {
    Report.write(sample(resource), dir);
    return Files.readString(dir.resolve(Report.MARKDOWN), StandardCharsets.UTF_8);
  }

  /** The first row under {@code heading} that starts with {@code start}. */
  private static String rowOf(String markdown, String heading, String start) {
    String section = markdown.substring(markdown.indexOf(heading));
    return section.lines().filter(l -> l.startsWith(start)).findFirst()
        .orElseThrow(() -> new AssertionError("no row " + start + " under " + heading));
  }

  @Test
  void parsesEveryRowWithItsParamsAndEachRoundsValue() throws IOException {
    JmhResults run = JmhResults.read(sample());

    assertThat(run.all()).hasSize(55);
    assertThat(run.jmhVersion()).isEqualTo("1.37");
    assertThat(run.jdk()).startsWith("17.0.15");
    JmhResult loop = run.find("CapacityBenchmark.lossless",
        Map.of("contestant", "kafka-clients-loop", "threads", "1")).orElseThrow();
    assertThat(loop.mode()).isEqualTo("ss");
    assertThat(loop.param("roundSeconds")).isEqualTo("1");
    assertThat(loop.secondary().get("deliveredPerSecond").raw()).hasSize(3);
    // JMH's own score for an EVENTS counter is the sum over the rounds; the report's is the mean.
    assertThat(loop.secondaryScore("deliveredPerSecond"))
        .isCloseTo(3 * loop.stat("deliveredPerSecond").mean(), within(1e-6));
    assertThat(loop.stat("deliveredPerSecond").mean()).isCloseTo(64_731.2, within(0.1));
  }

  @Test
  void targetsAreRatiosWithTheirErrorAndAVerdict() throws IOException {
    String md = markdown();

    String heading = "Targets:";
    String peer = rowOf(md, heading, "| lossless capacity ≥ 1.0× the kafka-clients loop, same "
        + "producer settings | `tributary-logback-peer` | 4 thread(s)");
    assertThat(peer).endsWith("| 4 thread(s): 0.02 ± 0.65× | **missed** |");
    assertThat(rowOf(md, heading, "| steady rate: p99 ≤ every lossless peer's p99 (the lowest: "
        + "`kafka-clients-loop`) | `tributary-logback` | 20,000"))
        .endsWith("| 20,000 events/s: 0.76 ± 23.04× | within error |");
    assertThat(rowOf(md, heading, "| Kafka down: calls > 1 ms ≤ the floor's | "
        + "`tributary-logback`")).endsWith("| 2.79 ± 39.88× | within error |");
    assertThat(md.indexOf("**Targets:")).isLessThan(md.indexOf("**Lossless capacity"));
  }

  @Test
  void losslessTableGivesRoundMeansWithErrorBarsAndTheRatioToTheLoop() throws IOException {
    String md = markdown();

    assertThat(rowOf(md, "Lossless capacity", "| `tributary-logback` "))
        .endsWith("| 15,732 ± 267,755 ‡ | 0.24 ± 5.62× | 0 % | 21,189 ± 362,038 ‡ "
            + "| 0.73 ± 19.63× | 0 % |");
    assertThat(rowOf(md, "Lossless capacity", "| `kafka-clients-loop` "))
        .contains("| 64,731 ± 1,013,006 ‡ | — |");
    assertThat(md.substring(md.indexOf("**Lossless capacity"), md.indexOf("**Overload")))
        .doesNotContain("floor-async-noop");
  }

  @Test
  void overloadTableShowsWhatWasLostAndCountedAgainstItsOwnCapacity() throws IOException {
    String md = markdown();

    assertThat(rowOf(md, "Overload:", "| `tributary-logback` — Tributary Logback appender, its "
        + "producer defaults | 4 |")).endsWith("| 5,854 ± 102,870 ‡ | 0.28 ± 6.77× "
            + "| 130,791 ± 1,745,290 ‡ | 42.85 ± 677.61 % ‡ | 42.85 ± 677.61 % ‡ |");
  }

  /**
   * {@code jmh-paired-sample.json}: {@code CapacityBenchmark.paired} alone, 2 warm-up and 6
   * measured pairs per trial on a busy machine; the cells worked out from its raw values as
   * above (t(5 d.f.) 6.8688 × the standard deviation / √6).
   */
  @Test
  void pairedRoundsGiveTheOverloadRatioPerPairAndItsTarget() throws IOException {
    String md = markdown("/jmh-paired-sample.json");

    assertThat(rowOf(md, "Overload against lossless capacity in paired rounds",
        "| `tributary-logback` — Tributary Logback appender, its producer defaults | 4 |"))
        .contains("| 627,492 ± 162,055 ‡ | 589,284 ± 139,127 ‡ | 0.94 ± 0.26× |");
    assertThat(rowOf(md, "Targets:", "| overload: delivered ≥ 0.9× its own lossless capacity, "
        + "paired rounds | `tributary-log4j2` | 1 thread(s)"))
        .endsWith("| 1 thread(s): 0.95 ± 0.29× | within error |");
  }

  @Test
  void steadyRateTableGivesPercentilesInReadableUnits() throws IOException {
    String md = markdown();

    assertThat(rowOf(md, "Per-call cost at steady rates", "| `tributary-logback` "))
        .endsWith("| 20,000 | 1,971 ± 36,787 ns ‡ | 55.7 ± 1,547.3 µs ‡ "
            + "| 3.1 ± 94.4 ms ‡ | 16.6 ± 239.4 ms ‡ | 22 ± 621 ‡ | 41.17 ± 262.81 % ‡ |");
  }

  @Test
  void kafkaDownTableSaysWhoBlockedAndWhoseStopDidNotReturn() throws IOException {
    String md = markdown();

    String heading = "**Kafka down (";
    assertThat(rowOf(md, heading, "| `tributary-logback` "))
        .endsWith("| 220,000 | 111 ± 1,459 ‡ | 97.0 ± 1,156.5 ms ‡ | 6,385 ± 2,034 ns ‡ "
            + "| no | returned after 4.7 s |");
    assertThat(rowOf(md, heading, "| `lka-blocking` "))
        .endsWith("| 0 | 0 | 10.0 s | — | **yes** | returned after 17 ms |");
    assertThat(rowOf(md, heading, "| `log4j2-kafka-sync` "))
        .endsWith("| **yes** | **had not returned** after 10.0 s |");
  }

  @Test
  void tightLoopTableHasEveryLosslessAndOverloadTrial() throws IOException {
    String md = markdown();

    String section = md.substring(md.indexOf("**Per-call cost in the tight loop"),
        md.indexOf("**Per-call cost at steady rates"));
    assertThat(section.lines().filter(l -> l.contains("| lossless |"))).hasSize(18);
    assertThat(section.lines().filter(l -> l.contains("| overload |"))).hasSize(8);
  }

  @Test
  void transportSpoolAndOfferTablesAreIncluded() throws IOException {
    String md = markdown();

    assertThat(md).contains("| `pixy+http` | `pixy.max.in.flight` 32 |")
        .contains("| `rest+http` | batches of 2000 records |")
        .contains("| `pixy+grpc` | `grpc.max.in.flight` 256 | 15,568 ± 145,663 |")
        .contains("| memory |").contains("| spool |")
        .contains("The producer's `offer` alone");
    assertThat(md).doesNotContain("NaN");
  }

  @Test
  void runPropertiesAreStatedAboveTheTables() throws IOException {
    Files.writeString(dir.resolve(Report.RUN_PROPERTIES), String.join("\n",
        "machine=2 CPUs (Test CPU), 23 GiB RAM, Linux 6.1",
        "wallTime=31 min 2 s",
        "loadBefore=0.10 0.20 0.30",
        "loadAfter=1.50 1.20 0.90",
        "command=benchmarks/run-suite.sh"));

    String md = markdown();

    assertThat(md.lines().filter(l -> l.startsWith("Run: ")).findFirst().orElseThrow())
        .contains("machine: 2 CPUs (Test CPU), 23 GiB RAM, Linux 6.1")
        .contains("wall time: 31 min 2 s")
        .contains("load average before/after: 0.10 0.20 0.30 / 1.50 1.20 0.90")
        .contains("command: `benchmarks/run-suite.sh`");
  }

  @Test
  void chartIsAPngWithADeliveredPanelAndACostPanel() throws IOException {
    Report.write(sample(), dir);

    BufferedImage png = ImageIO.read(dir.resolve(Report.CHART).toFile());
    assertThat(png).isNotNull();
    assertThat(png.getWidth()).isEqualTo(Charts.WIDTH);
    assertThat(png.getHeight()).isEqualTo(2 * Charts.PANEL_HEIGHT);
  }

  @Test
  void aRunWithoutLogShippersGetsTablesButNoChart() throws IOException {
    ObjectMapper json = new ObjectMapper();
    ArrayNode transports = json.createArrayNode();
    json.readTree(sample().toFile()).forEach(row -> {
      if (row.path("benchmark").asText().contains("TransportBenchmark")) {
        transports.add(row);
      }
    });
    Path file = dir.resolve("transports.json");
    json.writeValue(file.toFile(), transports);

    assertThatThrownBy(() -> Report.write(file, dir)).isInstanceOf(IOException.class)
        .hasMessageContaining("no log-shipping results");
    assertThat(Files.readString(dir.resolve(Report.MARKDOWN))).contains("`pixy+grpc`")
        .doesNotContain("Kafka down").doesNotContain("Targets");
  }

  @Test
  void aFileThatIsNotJmhJsonIsRejectedNamingIt() throws IOException {
    Path json = Files.writeString(dir.resolve("not-jmh.json"), "{\"hello\": 1}");

    assertThatThrownBy(() -> JmhResults.read(json)).isInstanceOf(IOException.class)
        .hasMessageContaining("not-jmh.json");
  }
}
