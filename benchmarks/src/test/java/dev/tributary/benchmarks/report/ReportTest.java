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

  /**
   * {@code jmh-encode-loop-sample.json}: lossless rows in JMH's format with round values chosen by
   * hand; the encode loop's 1-thread rounds are 79,000, 80,000 and 81,000 (99.9 % interval
   * 31.599 × 1,000 / √3 = 18,244, 22.8 % of the mean), every other trial's rounds are equal.
   * {@code tributary-log4j2-peer} has no 4-thread trial.
   */
  @Test
  void eachPeerSettingsTributaryTrialIsSetAgainstTheEncodeLoopUnderTheLosslessTable()
      throws IOException {
    String md = markdown("/jmh-encode-loop-sample.json");

    String lossless = md.substring(md.indexOf("**Lossless capacity"));
    assertThat(rowOf(lossless, "", "| `kafka-clients-encode-loop` — kafka-clients send loop, "
        + "each event built and encoded (JsonEncoder) |"))
        .endsWith("| 80,000 ± 18,244 ‡ | 0.80 ± 0.18× | 0 % | 100,000 | 1.00× | 0 % |");
    String line = "- `tributary-logback-peer`, ";
    assertThat(lossless.lines().filter(l -> l.startsWith("- `"))).containsExactly(
        "- `tributary-logback-peer`, 1 thread(s), × kafka-clients encode loop: 0.75 ± 0.17×",
        "- `tributary-logback-peer`, 4 thread(s), × kafka-clients encode loop: 1.20×",
        "- `tributary-log4j2-peer`, 1 thread(s), × kafka-clients encode loop: 0.50 ± 0.11×");
    assertThat(lossless.indexOf(line)).isGreaterThan(lossless.indexOf("| `kafka-clients-loop`"));
    // The targets stay the ratios to the loop on pre-encoded bytes.
    assertThat(rowOf(md, "Targets:", "| lossless capacity ≥ 1.0× the kafka-clients loop, same "
        + "producer settings | `tributary-logback-peer` | 1 thread(s)"))
        .endsWith("| 1 thread(s): 0.60× | **missed** |");
    assertThat(md).doesNotContain("NaN");
  }

  @Test
  void aRunWithoutTheEncodeLoopHasNoLinesAgainstIt() throws IOException {
    assertThat(markdown()).doesNotContain("encode loop");
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
  void aRunWithoutLogShippersGetsTablesButNoChartAndLosesAStaleOne() throws IOException {
    ObjectMapper json = new ObjectMapper();
    ArrayNode transports = json.createArrayNode();
    json.readTree(sample().toFile()).forEach(row -> {
      if (row.path("benchmark").asText().contains("TransportBenchmark")) {
        transports.add(row);
      }
    });
    Path file = dir.resolve("transports.json");
    json.writeValue(file.toFile(), transports);
    Files.writeString(dir.resolve(Report.CHART), "an older run's chart");

    assertThat(Report.write(file, dir)).isFalse();

    assertThat(dir.resolve(Report.CHART)).doesNotExist();
    assertThat(Files.readString(dir.resolve(Report.MARKDOWN))).contains("`pixy+grpc`")
        .doesNotContain("Kafka down").doesNotContain("Targets");
  }

  /**
   * {@code jmh-proxies-sample.json}: ProxyBenchmark and FailoverBenchmark rows in JMH's format
   * with round values chosen by hand, so every cell can be worked out on paper (mean; 99.9 %
   * interval = t × the standard deviation / √n with t(2 d.f.) 31.599 and t(6 d.f.) 5.9588).
   * pixy+grpc-5ms has no raw-client trial.
   */
  @Test
  void proxyTableSetsTributaryBesideTheCeilingWithRatioRampAndErrors() throws IOException {
    String md = markdown("/jmh-proxies-sample.json");

    String heading = "Through the real proxies";
    assertThat(md).contains("| route | Tributary | raw-client ceiling | ceiling's requests in "
        + "flight | Tributary / ceiling | Tributary's first 4 s (ramp, not in the figure) | "
        + "errors per round (Tributary / raw) |");
    assertThat(rowOf(md, heading, "| `pixy+http` —")).isEqualTo("| `pixy+http` — kafka-pixy, "
        + "its default config (flushes every 500 ms), HTTP | 1,000 ± 182 ‡ | 1,000 | 4,096 "
        + "| 1.00 ± 0.18× | 400 (40 %) | 0 / 0 |");
    assertThat(rowOf(md, heading, "| `pixy+http-5ms` —"))
        .endsWith("| 3,000 | 6,000 | 256 | 0.50× | 1,500 (50 %) | 0 / 0 |");
    assertThat(rowOf(md, heading, "| `pixy+grpc` —"))
        .endsWith("| 8,000 ± 3,649 ‡ | 8,000 | 4,096 | 1.00 ± 0.46× | 2,000 (25 %) | 0 / 0 |");
    assertThat(rowOf(md, heading, "| `pixy+grpc-5ms` —"))
        .endsWith("| 9,000 | — | — | — | 4,500 (50 %) | 0 / — |");
    assertThat(rowOf(md, heading, "| `rest+http` —"))
        .endsWith("| 5,000 | 4,000 | 8 | 1.25× | 2,500 (50 %) | 4 / 0 |");
    // Routes in the order they are described, whatever the JSON's order.
    assertThat(md.indexOf("| `pixy+http-5ms` —")).isLessThan(md.indexOf("| `pixy+grpc` —"));
    assertThat(md).doesNotContain("NaN");
  }

  @Test
  void eachRouteWithBothFiguresHasATargetOfPointEightTheCeiling() throws IOException {
    String md = markdown("/jmh-proxies-sample.json");

    String target = "| through a real proxy: delivered ≥ 0.8× the raw-client ceiling (same "
        + "proxy, same run) | ";
    assertThat(rowOf(md, "Targets:", target + "`pixy+http` |")).endsWith("| 1.00 ± 0.18× | met |");
    assertThat(rowOf(md, "Targets:", target + "`pixy+http-5ms` |"))
        .endsWith("| 0.50× | **missed** |");
    assertThat(rowOf(md, "Targets:", target + "`pixy+grpc` |"))
        .endsWith("| 1.00 ± 0.46× | within error |");
    assertThat(rowOf(md, "Targets:", target + "`rest+http` |")).endsWith("| 1.25× | met |");
    assertThat(md).doesNotContain(target + "`pixy+grpc-5ms`");
    assertThat(md.indexOf("**Targets:")).isLessThan(md.indexOf("**Through the real proxies"));
  }

  @Test
  void failoverTableGivesMedianAndSpreadAndTheTargetJudgesTheWorstRepetition()
      throws IOException {
    String md = markdown("/jmh-proxies-sample.json");

    String heading = "Failover: time from the primary's loss";
    assertThat(rowOf(md, heading, "| 2.00 s |"))
        .isEqualTo("| 2.00 s | 2,000 | 7 | 2.45 s | 2.30 s – 3.10 s | 450 ms | 2.5 ± 0.6 s ‡ |");
    assertThat(rowOf(md, heading, "| 5.00 s |"))
        .isEqualTo("| 5.00 s | 2,000 | 3 | 5.25 s | 5.20 s – 5.30 s | 250 ms | 5.3 ± 0.9 s ‡ |");
    String target = "| failover: first standby ack ≤ `failoverAfter` + 1.00 s after the "
        + "primary's loss, every repetition | `failover` | ";
    assertThat(md).contains(target + "`failoverAfter` 2.00 s: worst 3.10 s of 7 | **missed** |")
        .contains(target + "`failoverAfter` 5.00 s: worst 5.30 s of 3 | met |");
  }

  @Test
  void mirrorTableCountsAnEventOnceInBothClustersAndItsRatioIsPerPair() throws IOException {
    String md = markdown("/jmh-proxies-sample.json");

    assertThat(rowOf(md, "Mirror against a single destination", "| 100,000 |"))
        .isEqualTo("| 100,000 | 60,000 ± 36,487 ‡ | 70,000 | 60,000 ± 36,487 ‡ | 0.60 ± 0.36× |");
    assertThat(rowOf(md, "Targets:", "| mirror: delivered to both ≥ 0.5× a single destination, "
        + "paired rounds | `mirror` |")).endsWith("| 0.60 ± 0.36× | within error |");
  }

  @Test
  void aFileThatIsNotJmhJsonIsRejectedNamingIt() throws IOException {
    Path json = Files.writeString(dir.resolve("not-jmh.json"), "{\"hello\": 1}");

    assertThatThrownBy(() -> JmhResults.read(json)).isInstanceOf(IOException.class)
        .hasMessageContaining("not-jmh.json");
  }
}
