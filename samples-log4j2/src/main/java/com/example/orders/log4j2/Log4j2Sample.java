package com.example.orders.log4j2;

import dev.tributary.DeliveryReport;
import dev.tributary.log4j2.TributaryAppender;
import dev.tributary.samples.AccessLogCheck;
import dev.tributary.samples.OrdersTraffic;
import dev.tributary.samples.SampleExit;
import dev.tributary.samples.SampleKafka;
import dev.tributary.samples.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * Runs {@link OrdersService} with its logs shipped by the Log4j2 appender ({@code log4j2.xml}),
 * drives it with the built-in load loop, flushes the appender, reads the
 * topic back and checks that every request's access line arrived with its request id, method,
 * path and status, and every failure with its stack trace.
 *
 * <pre>{@code
 * ./mvnw -q -pl samples-log4j2 -am package exec:exec@log4j2 -DskipTests
 * ./mvnw -q -pl samples-log4j2 -am package exec:exec@log4j2 -DskipTests \
 *     -Dtributary.destination=kafka://broker:9092
 * ./mvnw -q -pl samples-log4j2 -am package exec:exec@log4j2 -DskipTests \
 *     -Dsample.serve=true -Dsample.port=8080     # then: curl -i localhost:8080/hello
 * }</pre>
 *
 * <p>Exits with 0 when everything arrived, 1 when not, 2 when the sample itself failed.
 */
public final class Log4j2Sample {
  /** The topic {@code log4j2.xml} ships to. */
  public static final String TOPIC = "orders-logs";

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(10);

  static {
    // kafka-test-common-runtime (the in-process broker) carries a log4j2.yaml, which Log4j2
    // would prefer to log4j2.xml. A service without the broker on its classpath needs no such
    // line. Runs before anything logs: the broker starts in run().
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "log4j2.xml");
    }
  }

  private Log4j2Sample() {}

  /** Arguments: {@code [requests [serve [port]]]}, by default 200 requests, not serving on. */
  public static void main(String[] args) {
    SampleExit.runAndExit(() -> {
      // Before anything logs: it may set -Dtributary.destination, which log4j2.xml reads.
      SampleKafka kafka = SampleKafka.fromSystemProperties();
      try {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        boolean serve = args.length > 1 && Boolean.parseBoolean(args[1]);
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Outcome outcome = run(kafka, requests, serve, port);
        System.out.println(outcome.summary());
        return outcome.ok();
      } finally {
        // Log4j2 first, while the broker is still up, so the appender's producer closes
        // cleanly. The broker's own shutdown logging may then start a fresh Log4j2 context,
        // whose producer warns about the vanishing broker until the JVM exits: expected here.
        LogManager.shutdown();
        kafka.close();
      }
    });
  }

  /**
   * Starts the broker (if in-process) and the service, sends {@code requests} requests, and
   * then either serves until the JVM is stopped ({@code serve}) or flushes the appender and
   * checks what arrived.
   */
  public static Outcome run(SampleKafka kafka, int requests, boolean serve, int port)
      throws Exception {
    kafka.start(TOPIC, 3);
    String runId = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    long startMs = System.currentTimeMillis();
    List<OrdersTraffic.Sent> sent;
    try (OrdersService service = OrdersService.start(port)) {
      sent = new OrdersTraffic(service.uri(), runId).send(requests);
      if (serve) {
        System.out.printf(Locale.ROOT, "%,d requests sent; serving on %s until Ctrl-C, e.g.%n"
            + "  curl -i -H 'X-Request-Id: my-1' %shello?name=ada%n"
            + "  curl -i -d 'sku=SKU-12345&qty=2' %sorders%n"
            + "Logs go to %s, topic %s.%n",
            requests, service.uri(), service.uri(), service.uri(), kafka.destination(), TOPIC);
        new CountDownLatch(1).await();   // Log4j2's shutdown hook flushes on Ctrl-C
      }
    }
    DeliveryReport report = flushLog4j2();
    List<ConsumerRecord<byte[], byte[]>> read = kafka.readBackServers()
        .map(servers -> TopicReader.readSince(servers, TOPIC, startMs, READ_TIMEOUT))
        .orElse(null);
    AccessLogCheck.Result check =
        read == null ? null : AccessLogCheck.check(OrdersService.ACCESS_LOGGER, sent, read);
    return new Outcome(kafka.destination(), requests, report, check);
  }

  /**
   * Waits (up to {@link #FLUSH_TIMEOUT}) until the appender delivered what was logged so far.
   * Log4j2 itself is left running and stops in its shutdown hook when the JVM exits: a Log4j2
   * context stopped early comes back as a fresh one at the next logging call (the read-back
   * consumer's, here), with a fresh appender and producer.
   */
  private static DeliveryReport flushLog4j2() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    TributaryAppender appender = context.getConfiguration().getAppender("KAFKA");
    return appender.flush(FLUSH_TIMEOUT);
  }

  /**
   * What one run achieved.
   *
   * @param closeReport the appender's report from its flush after the load loop
   * @param check what was read back, or null when it could not be (a proxy destination without
   *     {@code -Dtributary.readBack})
   */
  public record Outcome(String destination, int requests, DeliveryReport closeReport,
      AccessLogCheck.Result check) {

    /**
     * True when the appender delivered at least an access line per request and lost nothing,
     * and, if read back, everything matched.
     */
    public boolean ok() {
      return closeReport.complete() && closeReport.sent() >= requests
          && closeReport.dropped() == 0 && closeReport.failed() == 0
          && (check == null || check.ok());
    }

    /** A few lines for the console. */
    public String summary() {
      return String.format(Locale.ROOT,
          "Tributary Log4j2 sample: orders service, %,d requests, logs to %s, topic %s%n"
              + "  appender  %s%n%s",
          requests, destination, TOPIC, closeReport,
          check == null
              ? "  not read back (a proxy destination needs -Dtributary.readBack=host:9092)"
              : check.summary());
    }
  }
}
