package com.example.orders.logback;

import ch.qos.logback.classic.LoggerContext;
import dev.tributary.DeliveryReport;
import dev.tributary.logback.TributaryAppender;
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
import org.slf4j.LoggerFactory;

/**
 * Runs {@link OrdersService} with its logs shipped by the Logback appender ({@code logback.xml}),
 * drives it with the built-in load loop, stops Logback (which flushes the appender), reads the
 * topic back and checks that every request's access line arrived with its request id, method,
 * path and status, and every failure with its stack trace.
 *
 * <pre>{@code
 * ./mvnw -q -pl samples-logback -am package exec:exec@logback -DskipTests
 * ./mvnw -q -pl samples-logback -am package exec:exec@logback -DskipTests \
 *     -Dtributary.destination=kafka://broker:9092
 * ./mvnw -q -pl samples-logback -am package exec:exec@logback -DskipTests \
 *     -Dsample.serve=true -Dsample.port=8080     # then: curl -i localhost:8080/hello
 * }</pre>
 *
 * <p>Exits with 0 when everything arrived, 1 when not, 2 when the sample itself failed.
 */
public final class LogbackSample {
  /** The topic {@code logback.xml} ships to. */
  public static final String TOPIC = "orders-logs";

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private LogbackSample() {}

  /** Arguments: {@code [requests [serve [port]]]}, by default 200 requests, not serving on. */
  public static void main(String[] args) {
    SampleExit.runAndExit(() -> {
      // Before anything logs: it may set -Dtributary.destination, which logback.xml reads.
      try (SampleKafka kafka = SampleKafka.fromSystemProperties()) {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        boolean serve = args.length > 1 && Boolean.parseBoolean(args[1]);
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Outcome outcome = run(kafka, requests, serve, port);
        System.out.println(outcome.summary());
        return outcome.ok();
      }
    });
  }

  /**
   * Starts the broker (if in-process) and the service, sends {@code requests} requests, and
   * then either serves until the JVM is stopped ({@code serve}) or stops Logback and checks
   * what arrived. Stops Logback's context: call once per JVM.
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
        new CountDownLatch(1).await();   // logback.xml's shutdownHook flushes on Ctrl-C
      }
    }
    DeliveryReport report = stopLogback();
    List<ConsumerRecord<byte[], byte[]>> read = kafka.readBackServers()
        .map(servers -> TopicReader.readSince(servers, TOPIC, startMs, READ_TIMEOUT))
        .orElse(null);
    AccessLogCheck.Result check =
        read == null ? null : AccessLogCheck.check(OrdersService.ACCESS_LOGGER, sent, read);
    return new Outcome(kafka.destination(), requests, report, check);
  }

  /**
   * Stops Logback, as a service does at shutdown: the appender delivers what it holds (up to
   * its {@code closeTimeout}) and reports.
   */
  private static DeliveryReport stopLogback() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    TributaryAppender appender = (TributaryAppender) context
        .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("KAFKA");
    context.stop();
    return appender.closeReport();
  }

  /**
   * What one run achieved.
   *
   * @param closeReport the appender's report when Logback stopped
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
          "Tributary Logback sample: orders service, %,d requests, logs to %s, topic %s%n"
              + "  appender  %s%n%s",
          requests, destination, TOPIC, closeReport,
          check == null
              ? "  not read back (a proxy destination needs -Dtributary.readBack=host:9092)"
              : check.summary());
    }
  }
}
