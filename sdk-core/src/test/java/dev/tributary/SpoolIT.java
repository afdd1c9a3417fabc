package dev.tributary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.spi.Diagnostics;
import dev.tributary.testkit.InProcessKafka;
import dev.tributary.testkit.Waits;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable spool against a real broker that is down, then up: outages, a killed process,
 * damaged files and a full spool. Each test owns a broker it can start late.
 */
class SpoolIT {
  @TempDir
  Path spoolDir;

  private static InProcessKafka lateBroker(int port) {
    return InProcessKafka.builder().brokerPort(0, port)
        .brokerConfig("auto.create.topics.enable", "false").build();
  }

  private TributaryConfig.Builder config(int port) {
    return TributaryConfig.builder("kafka://127.0.0.1:" + port)
        .diagnostics(Diagnostics.none())
        .spoolDir(spoolDir)
        .spoolSegmentBytes(1 << 20)
        .retryBackoffMax(Duration.ofMillis(500));
  }

  private static byte[] seq(int i) {
    return ByteBuffer.allocate(4).putInt(i).array();
  }

  private static Set<Integer> seqs(List<ConsumerRecord<byte[], byte[]>> records) {
    Set<Integer> out = new HashSet<>();
    records.forEach(r -> out.add(ByteBuffer.wrap(r.value()).getInt()));
    return out;
  }

  @Test
  void twoHundredThousandRecordsLoggedDuringAnOutageAllArriveWhenTheBrokerReturns()
      throws Exception {
    int port = InProcessKafka.freePort();
    int count = 200_000;
    try (InProcessKafka kafka = lateBroker(port)) {
      // Memory holds a small fraction of the outage; the disk holds the rest.
      TributaryProducer producer = TributaryProducer.create(config(port)
          .bufferBytes(1 << 20)
          .overflowPolicy(OverflowPolicy.BLOCK)
          .maxBlockTime(Duration.ofSeconds(10))
          .deliveryTimeout(Duration.ofSeconds(5))
          .build());
      for (int i = 0; i < count; i++) {
        assertThat(producer.offer(TributaryRecord.of("outage", seq(i)))).isTrue();
      }
      assertThat(producer.metrics().bufferedBytes()).isLessThanOrEqualTo(1 << 20);
      assertThat(producer.metrics().sent()).isZero();

      kafka.start();
      kafka.createTopic("outage", 3);
      DeliveryReport report = producer.close(Duration.ofSeconds(120));
      System.out.println("outage of " + count + " records: " + report + ", spooled="
          + producer.metrics().spooled());
      assertThat(report.sent()).isEqualTo(count);
      assertThat(report.failed() + report.dropped() + report.pending() + report.spooled())
          .isZero();
      assertThat(producer.metrics().spooled()).isEqualTo(count);
      assertThat(seqs(kafka.consumeAll("outage", count, Duration.ofSeconds(60))))
          .hasSize(count);
    }
    try (Stream<Path> files = Files.list(spoolDir)) {
      long leftover = files.filter(p -> p.toString().endsWith(".seg"))
          .mapToLong(p -> p.toFile().length()).sum();
      assertThat(leftover).as("bytes left in the spool once all was delivered").isZero();
    }
  }

  @Test
  void aServiceKilledWithSigkillLosesNothingItsSpoolHadWritten() throws Exception {
    int port = InProcessKafka.freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), SpoolChild.class.getName(),
        spoolDir.toString(), Integer.toString(port))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    long spooled = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (spooled < 50_000 && System.nanoTime() < deadline
          && (line = out.readLine()) != null) {
        if (line.startsWith("spooled=")) {
          spooled = Long.parseLong(line.substring(8));
        }
      }
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no flush
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(spooled).as("records the child's spool reported written").isGreaterThan(50_000);

    try (InProcessKafka kafka = lateBroker(port)) {
      kafka.start();
      kafka.createTopic("killed", 3);
      TributaryProducer restarted = TributaryProducer.create(config(port).build());
      DeliveryReport report = restarted.close(Duration.ofSeconds(120));
      long replayed = restarted.metrics().replayed();
      List<ConsumerRecord<byte[], byte[]>> got =
          kafka.consumeAll("killed", (int) replayed, Duration.ofSeconds(60));
      Set<Integer> unique = seqs(got);
      System.out.printf("kill -9: child reported %d spooled; restart replayed %d, delivered %d "
          + "(%d unique, %d duplicates); %s%n", spooled, replayed, got.size(), unique.size(),
          got.size() - unique.size(), report);
      for (int i = 0; i < spooled; i++) {
        assertThat(unique).as("record %d was written by the spool before the kill", i)
            .contains(i);
      }
      assertThat(report.failed() + report.dropped() + report.pending()).isZero();
    }
  }

  @Test
  void damagedSpoolFilesNeitherStopTheProducerNorCostTheIntactRecords() throws Exception {
    int port = InProcessKafka.freePort();
    int count = 1000;
    TributaryProducer first = TributaryProducer.create(config(port).build());
    for (int i = 0; i < count; i++) {
      first.offer(TributaryRecord.of("damaged", seq(i)));
    }
    DeliveryReport left = first.close(Duration.ofSeconds(2));
    assertThat(left.spooled()).isEqualTo(count);

    Path segment;
    try (Stream<Path> files = Files.list(spoolDir)) {
      segment = files.filter(p -> p.toString().endsWith(".seg")).sorted().findFirst()
          .orElseThrow();
    }
    long size = Files.size(segment);
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      ch.truncate(size - 3); // torn last frame
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, size / 2);
      ch.write(ByteBuffer.wrap(new byte[] {(byte) (b.get(0) ^ 0xFF)}), size / 2);
    }

    try (InProcessKafka kafka = lateBroker(port)) {
      kafka.start();
      kafka.createTopic("damaged", 1);
      TributaryProducer second = TributaryProducer.create(config(port).build());
      DeliveryReport report = second.close(Duration.ofSeconds(60));
      assertThat(second.metrics().spoolCorruptRegions()).isEqualTo(2);
      assertThat(report.sent()).isEqualTo(count - 2);
      Set<Integer> got = seqs(kafka.consumeAll("damaged", count - 2, Duration.ofSeconds(30)));
      assertThat(got).hasSize(count - 2).contains(0).doesNotContain(count - 1);
    }
  }

  @Test
  void aFullSpoolDuringALongOutageKeepsMemoryBoundedAndTheCountsAddUp() throws Exception {
    int port = InProcessKafka.freePort();
    int count = 60_000; // ~6 MB framed: six times the spool's cap
    try (InProcessKafka kafka = lateBroker(port)) {
      TributaryProducer producer = TributaryProducer.create(config(port)
          .bufferBytes(256 * 1024)
          .maxRecordBytes(1024)
          .spoolMaxBytes(1 << 20)
          .spoolSegmentBytes(64 * 1024)
          .overflowPolicy(OverflowPolicy.DROP_OLDEST)
          .build());
      long maxBuffered = 0;
      for (int i = 0; i < count; i++) {
        producer.offer(TributaryRecord.builder("capped").value(seq(i))
            .header("pad", new byte[40]).build());
        if (i % 100 == 0) {
          maxBuffered = Math.max(maxBuffered, producer.metrics().bufferedBytes());
          // A long outage, not a burst: let the spool writer move memory to disk as it would
          // in one, so the spool, not the memory buffer, reaches its cap. Waiting for that,
          // not for a time, keeps a busy machine from turning this into a burst.
          Waits.until("the spool writer to catch up", Duration.ofSeconds(60),
              () -> producer.metrics().bufferedBytes() <= 128 * 1024);
        }
      }
      assertThat(maxBuffered).isLessThanOrEqualTo(256 * 1024);
      // The cap holds up to one write batch that lands just before the oldest file goes.
      assertThat(producer.metrics().spoolDiskBytes())
          .isLessThanOrEqualTo((1 << 20) + 256 * 1024);

      kafka.start();
      kafka.createTopic("capped", 1);
      DeliveryReport report = producer.close(Duration.ofSeconds(60));
      ProducerMetrics m = producer.metrics();
      System.out.printf("spool cap: %s; dropped by cap %d, evicted %d, buffer full %d%n", report,
          m.dropped(DropReason.SPOOL_CAP), m.dropped(DropReason.EVICTED),
          m.dropped(DropReason.BUFFER_FULL));
      assertThat(m.dropped(DropReason.SPOOL_CAP)).isPositive();
      assertThat(report.sent() + report.failed() + report.dropped() + report.pending()
          + report.spooled()).isEqualTo(count);
      int delivered = (int) report.sent();
      Set<Integer> got = seqs(kafka.consumeAll("capped", delivered, Duration.ofSeconds(30)));
      assertThat(got).hasSize(delivered).contains(count - 1);
    }
  }
}
