package dev.tributary.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import dev.tributary.DeliveryReport;
import dev.tributary.grpc.testkit.FakePixy;
import dev.tributary.logback.TributaryAppender;
import dev.tributary.testkit.KafkaClusterExtension;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Logback appender, unchanged, shipping through {@code pixy+grpc://} because sdk-grpc is on
 * the classpath: configured from XML like a logback.xml, through a kafka-pixy stand-in that
 * refuses the first calls with UNAVAILABLE, into a real in-process Kafka.
 */
class LogbackOverGrpcIT {
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);
  private static final int THREADS = 2;
  private static final int PER_THREAD = 50_000;
  private static final int REFUSED = 3_000;
  /** The context's own MDC: SLF4J's provider here is slf4j-simple, whose MDC does nothing. */
  private static final LogbackMDCAdapter MDC = new LogbackMDCAdapter();

  @Test
  void hundredThousandEventsArriveWithKeysAndHeadersDespiteAnUnavailableStart() throws Exception {
    String topic = "logback-grpc";
    KAFKA.kafka().createTopic(topic, 3);
    try (FakePixy pixy = FakePixy.forwardingTo(KAFKA.bootstrapServers(), KAFKA.kafka().admin())
        .start()) {
      pixy.keepRequests = false;
      pixy.script = rq -> pixy.failedCalls.get() < REFUSED
          ? Status.UNAVAILABLE.withDescription("producer is starting").asRuntimeException()
          : null;
      LoggerContext ctx = configure("<configuration>\n"
          + "  <appender name=\"KAFKA\" class=\"dev.tributary.logback.TributaryAppender\">\n"
          + "    <destination>pixy+grpc://127.0.0.1:" + pixy.port() + "</destination>\n"
          + "    <topic>" + topic + "</topic>\n"
          + "    <jmx>false</jmx>\n"
          + "    <keyStrategy>mdc:requestId</keyStrategy>\n"
          + "    <bufferSize>256MB</bufferSize>\n"
          + "    <closeTimeout>90 seconds</closeTimeout>\n"
          + "    <producerProperty>pixy.cluster=" + FakePixy.CLUSTER + "</producerProperty>\n"
          + "    <producerProperty>grpc.deadline.ms=20000</producerProperty>\n"
          + "  </appender>\n"
          + "  <root level=\"INFO\"><appender-ref ref=\"KAFKA\"/></root>\n"
          + "</configuration>\n");
      TributaryAppender appender = (TributaryAppender) ctx
          .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("KAFKA");
      assertThat(appender).as("appender started").isNotNull();
      assertThat(appender.isStarted()).isTrue();
      Logger log = ctx.getLogger("com.acme.checkout.Payments");

      ExecutorService pool = Executors.newFixedThreadPool(THREADS,
          r -> new Thread(r, "app-worker"));
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < PER_THREAD; i++) {
            MDC.put("requestId", "req-" + thread + "-" + i);
            try {
              log.info("paid order {}", thread + "-" + i);
            } finally {
              MDC.remove("requestId");
            }
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
      ctx.stop();

      DeliveryReport report = appender.closeReport();
      assertThat(report.sent()).as(report.toString()).isEqualTo(THREADS * PER_THREAD);
      assertThat(report.dropped() + report.failed() + report.pending()).isZero();
      assertThat(pixy.failedCalls.get()).isGreaterThanOrEqualTo(REFUSED);
      assertThat(appender.metrics().retried()).isGreaterThanOrEqualTo(REFUSED);
    }

    List<ConsumerRecord<byte[], byte[]>> got =
        KAFKA.kafka().consumeAll(topic, THREADS * PER_THREAD, Duration.ofSeconds(90));
    assertThat(got).hasSize(THREADS * PER_THREAD);
    Set<String> keys = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : got) {
      String key = new String(r.key(), StandardCharsets.UTF_8);
      assertThat(keys.add(key)).as("duplicate %s", key).isTrue();
      String value = new String(r.value(), StandardCharsets.UTF_8);
      assertThat(value).contains("paid order " + key.substring("req-".length()));
      assertThat(new String(r.headers().lastHeader("level").value(), StandardCharsets.UTF_8))
          .isEqualTo("INFO");
    }
    assertThat(keys).hasSize(THREADS * PER_THREAD);
  }

  private static LoggerContext configure(String xml) throws Exception {
    LoggerContext context = new LoggerContext();
    context.setName("grpc-it");
    context.setMDCAdapter(MDC);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    return context;
  }
}
