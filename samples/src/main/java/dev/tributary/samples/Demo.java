package dev.tributary.samples;

import dev.tributary.DeliveryReport;
import dev.tributary.TributaryConfig;
import dev.tributary.testkit.InProcessKafka;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Ships a burst of JSON log events from several application threads through a
 * {@link TributaryProducer} into a Kafka broker running in this JVM, reads the topic back, and
 * prints what arrived and what {@code offer()} cost the application threads.
 *
 * <p>Run it from the repository root (nothing needs to be installed first):
 *
 * <pre>{@code
 * ./mvnw -q -pl samples -am package exec:exec -DskipTests
 * ./mvnw -q -pl samples -am package exec:exec -DskipTests -Ddemo.events=1000000 -Ddemo.threads=8
 * }</pre>
 *
 * <p>Exits with 0 when every event arrived, 1 when some did not, 2 when the demo itself failed.
 */
public final class Demo {
  static final String TOPIC = "demo-logs";
  static final int PARTITIONS = 3;
  /** Room for the whole run, so a busy CPU or slow disk shows as latency, never as drops. */
  private static final long BUFFER_BYTES = 256L << 20;
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private Demo() {}

  /** Arguments: {@code [events [threads]]}, by default 200000 events from 4 threads. */
  public static void main(String[] args) {
    SampleExit.runAndExit(() -> {
      int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
      int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
      Result result = run(events, threads);
      System.out.println(result.summary());
      return result.lost() == 0;
    });
  }

  /**
   * Starts a one-node Kafka, sends {@code events} log events from {@code threads} threads,
   * closes the producer, reads the topic back and stops Kafka.
   */
  public static Result run(int events, int threads) throws Exception {
    if (events < 1 || threads < 1 || threads > events) {
      throw new IllegalArgumentException("need events >= threads >= 1, got events=" + events
          + ", threads=" + threads);
    }
    try (InProcessKafka kafka = InProcessKafka.builder().build()) {
      kafka.start();
      kafka.createTopic(TOPIC, PARTITIONS);
      TributaryConfig config = TributaryConfig.builder("kafka://" + kafka.bootstrapServers())
          .clientId("tributary-demo")
          .bufferBytes(BUFFER_BYTES)
          .build();
      Shipment shipped = ship(config, events, threads);
      ReadBack.Counts read = ReadBack.read(kafka.bootstrapServers(), TOPIC, events, READ_TIMEOUT);

      long accepted = 0;
      long payloadBytes = 0;
      long[] latencies = new long[events];
      int at = 0;
      for (Worker w : shipped.workers()) {
        accepted += w.accepted;
        payloadBytes += w.payloadBytes;
        System.arraycopy(w.latencies, 0, latencies, at, w.latencies.length);
        at += w.latencies.length;
      }
      Arrays.sort(latencies);
      return new Result(events, threads, config.destination().uri(), payloadBytes / events,
          accepted, read.distinct(), read.duplicates(), shipped.dropped(), shipped.failed(),
          shipped.offeredNanos(), shipped.deliveredNanos(), percentile(latencies, 0.50),
          percentile(latencies, 0.99), latencies[latencies.length - 1], shipped.closeReport());
    }
  }

  /** What happened on the producer side; {@code deliveredNanos} is -1 if flush timed out. */
  private record Shipment(Worker[] workers, long offeredNanos, long deliveredNanos,
      DeliveryReport closeReport, long dropped, long failed) {}

  /** Offers every event, then flushes and closes the producer, timing each step. */
  private static Shipment ship(TributaryConfig config, int events, int threads)
      throws InterruptedException {
    // close() is idempotent: the explicit call gives the report, the implicit one covers errors.
    try (TributaryProducer producer = TributaryProducer.create(config)) {
      long start = System.nanoTime();
      Worker[] workers = produce(producer, events, threads);
      long offeredNanos = System.nanoTime() - start;
      DeliveryReport flushed = producer.flush(FLUSH_TIMEOUT);
      long deliveredNanos = flushed.complete() ? System.nanoTime() - start : -1;
      DeliveryReport closed = producer.close(CLOSE_TIMEOUT);
      return new Shipment(workers, offeredNanos, deliveredNanos, closed,
          producer.metrics().dropped(), producer.metrics().failed());
    }
  }

  private static Worker[] produce(TributaryProducer producer, int events, int threads)
      throws InterruptedException {
    CountDownLatch go = new CountDownLatch(1);
    Worker[] workers = new Worker[threads];
    Thread[] running = new Thread[threads];
    long firstSeq = 0;
    for (int w = 0; w < threads; w++) {
      int count = events / threads + (w < events % threads ? 1 : 0);
      workers[w] = new Worker(producer, new LogEvents(TOPIC, w, 42 + w), firstSeq, count, go);
      running[w] = new Thread(workers[w], "demo-app-" + w);
      running[w].start();
      firstSeq += count;
    }
    go.countDown();
    for (Thread t : running) {
      t.join();
    }
    for (Worker w : workers) {
      if (w.failure != null) {
        throw new IllegalStateException("an application thread failed", w.failure);
      }
    }
    return workers;
  }

  /** Nearest-rank percentile of sorted values. */
  private static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** One application thread: makes log events and offers them, timing each offer. */
  private static final class Worker implements Runnable {
    private final TributaryProducer producer;
    private final LogEvents source;
    private final long firstSeq;
    private final long[] latencies;
    private final CountDownLatch go;
    private long accepted;
    private long payloadBytes;
    private Throwable failure;

    Worker(TributaryProducer producer, LogEvents source, long firstSeq, int count,
        CountDownLatch go) {
      this.producer = producer;
      this.source = source;
      this.firstSeq = firstSeq;
      this.latencies = new long[count];
      this.go = go;
    }

    @Override
    public void run() {
      try {
        go.await();
        for (int i = 0; i < latencies.length; i++) {
          TributaryRecord record = source.next(firstSeq + i);
          payloadBytes += record.value().length;
          long t0 = System.nanoTime();
          boolean ok = producer.offer(record);
          latencies[i] = System.nanoTime() - t0;
          if (ok) {
            accepted++;
          }
        }
      } catch (Throwable t) {
        failure = t;
      }
    }
  }

  /**
   * What one run achieved.
   *
   * @param sent events offered to the producer
   * @param accepted offers that returned true
   * @param received distinct events read back from Kafka
   * @param dropped records the producer counted as dropped, all reasons
   * @param failed records the producer counted as failed for good
   * @param deliveredNanos from the first offer until flush saw every record complete, or -1
   *     if flush hit its deadline
   */
  public record Result(long sent, int threads, String destination, long avgPayloadBytes,
      long accepted, long received, long duplicates, long dropped, long failed,
      long offeredNanos, long deliveredNanos, long offerP50Nanos, long offerP99Nanos,
      long offerMaxNanos, DeliveryReport closeReport) {

    /** Events sent but never read back. */
    public long lost() {
      return Math.max(0, sent - received);
    }

    /** Lost events the producer did not count as dropped or failed: silent loss. */
    public long unaccounted() {
      return Math.max(0, lost() - dropped - failed);
    }

    /**
     * The run in words a newcomer can read: what arrived, what was lost and whether the
     * producer accounted for it, how fast, and what {@code offer()} cost the logging threads.
     */
    public String summary() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT,
          "Tributary demo: %d threads logged %,d JSON events (%d B on average) to %s, "
              + "topic %s%n", threads, sent, avgPayloadBytes, destination, TOPIC));
      if (lost() == 0) {
        sb.append(String.format(Locale.ROOT,
            "  delivered  all %,d, read back from Kafka by a plain consumer%s%n", sent,
            duplicates == 0 ? "" : String.format(Locale.ROOT, " (%,d arrived twice: a retry "
                + "after a lost acknowledgement)", duplicates)));
      } else {
        sb.append(String.format(Locale.ROOT,
            "  delivered  %,d of %,d; %,d missing: %,d dropped and %,d failed, each counted "
                + "and reported by the producer%s%n", received, sent, lost(), dropped, failed,
            unaccounted() == 0 ? "" : String.format(Locale.ROOT,
                "; %,d NOT accounted for (silent loss: a bug)", unaccounted())));
      }
      if (accepted < sent) {
        sb.append(String.format(Locale.ROOT,
            "  refused    %,d offers found the buffer full: dropped and counted at once, the "
                + "thread never waited%n", sent - accepted));
      }
      sb.append(String.format(Locale.ROOT, "  speed      %,.0f events/s logged",
          sent * 1e9 / offeredNanos));
      if (deliveredNanos > 0) {
        sb.append(String.format(Locale.ROOT, "; Kafka had acknowledged every one %.2f s after "
            + "the first was logged (%,.0f events/s)%n", deliveredNanos / 1e9,
            sent * 1e9 / deliveredNanos));
      } else {
        sb.append("; the flush hit its deadline before Kafka acknowledged them all\n");
      }
      sb.append(String.format(Locale.ROOT,
          "  offer()    time a logging thread spent per event: median %.1f us, 99%% under "
              + "%.1f us, slowest %.1f ms%n", offerP50Nanos / 1e3, offerP99Nanos / 1e3,
          offerMaxNanos / 1e6));
      sb.append("             (offer() never waits on Kafka; the slowest calls are the JVM "
          + "pausing the thread: class loading, JIT, garbage collection)\n");
      sb.append("  close      ").append(closeReport.complete() ? "nothing left behind: " : "")
          .append(closeReport);
      return sb.toString();
    }
  }
}
