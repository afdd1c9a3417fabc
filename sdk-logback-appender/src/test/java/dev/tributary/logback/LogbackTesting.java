package dev.tributary.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import dev.tributary.ProducerMetrics;
import org.slf4j.MDC;

/** Builds Logback contexts from XML text and reads their status messages. */
final class LogbackTesting {
  private static final AtomicInteger CONTEXTS = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();

  private LogbackTesting() {}

  /**
   * A new LoggerContext, separate from the default one the brokers log into, configured by
   * Joran from {@code xml} exactly as a logback.xml file would be.
   */
  static LoggerContext configure(String xml) {
    LoggerContext context = new LoggerContext();
    context.setName("test-" + CONTEXTS.incrementAndGet());
    // A context made by hand has no MDC adapter; share SLF4J's so MDC.put() reaches events.
    context.setMDCAdapter(MDC.getMDCAdapter());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (JoranException e) {
      throw new IllegalStateException("Joran failed: " + statusText(context), e);
    }
    return context;
  }

  /** A configuration with one Tributary appender KAFKA on root at {@code level}. */
  static String appenderXml(String destination, String topic, String level, String extra) {
    return "<configuration>\n"
        + "  <appender name=\"KAFKA\" class=\"dev.tributary.logback.TributaryAppender\">\n"
        + "    <destination>" + destination + "</destination>\n"
        + "    <topic>" + topic + "</topic>\n"
        + "    <jmx>false</jmx>\n"
        + extra
        + "  </appender>\n"
        + "  <root level=\"" + level + "\"><appender-ref ref=\"KAFKA\"/></root>\n"
        + "</configuration>\n";
  }

  /** {@code <producerProperty>} lines for an appender element, one per entry, sorted. */
  static String producerProperties(Map<String, String> properties) {
    return new TreeMap<>(properties).entrySet().stream()
        .map(e -> "    <producerProperty>" + e.getKey() + "=" + e.getValue()
            + "</producerProperty>\n")
        .collect(Collectors.joining());
  }

  static TributaryAppender appender(LoggerContext context) {
    return (TributaryAppender) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        .getAppender("KAFKA");
  }

  /** Status messages at {@code level} ({@link Status#WARN}, ...) or above, in order. */
  /**
   * Waits until the appender's producer counters satisfy {@code done}; a 60 s hang guard, after
   * which the caller's assertions say what was missing.
   */
  static ProducerMetrics awaitMetrics(LoggerContext ctx, Predicate<ProducerMetrics> done)
      throws InterruptedException {
    ProducerMetrics m = appender(ctx).metrics();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!done.test(m) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return m;
  }

  static List<String> statuses(LoggerContext context, int level) {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .filter(s -> s.getEffectiveLevel() >= level)
        .map(Status::getMessage)
        .collect(Collectors.toList());
  }

  static String statusText(LoggerContext context) {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .map(s -> s.getLevel() + " " + s.getOrigin() + ": " + s.getMessage())
        .collect(Collectors.joining("\n"));
  }

  static JsonNode json(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(new String(bytes, StandardCharsets.UTF_8), e);
    }
  }

  static String header(org.apache.kafka.common.header.Headers headers, String name) {
    org.apache.kafka.common.header.Header h = headers.lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
