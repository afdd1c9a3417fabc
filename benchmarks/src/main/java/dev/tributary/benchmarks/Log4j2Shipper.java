package dev.tributary.benchmarks;

import dev.tributary.ProducerMetrics;
import dev.tributary.log4j2.TributaryAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.apache.logging.log4j.core.jmx.RingBufferAdmin;

/**
 * A Log4j2 contestant: a logger context of its own whose one logger writes to one appender,
 * configured from XML as a user would. All encode with Tributary's {@code TributaryJsonLayout},
 * so they differ only in how they ship. Names: {@code tributary-log4j2} (its defaults),
 * {@code tributary-log4j2-peer} (with {@link LogShipper#PEER_SETTINGS}); Log4j2's KafkaAppender
 * with the peer settings: {@code log4j2-kafka} ({@code syncSend=false}),
 * {@code log4j2-kafka-sync} ({@code syncSend=true}, its default) and {@code log4j2-kafka-async}
 * ({@code syncSend=false} with every logger asynchronous: an {@link AsyncLoggerContext}, as
 * AsyncLoggerContextSelector creates). Not thread-safe to build; {@link #log()} is.
 */
final class Log4j2Shipper extends LogShipper {
  private final String name;
  private final LoggerContext ctx;
  private final Logger logger;
  private final RingBufferAdmin ringBuffer;

  private Log4j2Shipper(String name, boolean async, String appenderXml) {
    this.name = name;
    String xml = "<Configuration status=\"error\">\n<Appenders>\n" + appenderXml
        + "\n</Appenders>\n<Loggers>\n<Logger name=\"" + LOGGER + "\" level=\"info\" "
        + "additivity=\"false\"><AppenderRef ref=\"A\"/></Logger>\n<Root level=\"off\"/>\n"
        + "</Loggers>\n</Configuration>\n";
    try {
      Path file = Files.createTempFile("log4j2-" + name + "-", ".xml");
      file.toFile().deleteOnExit();
      Files.writeString(file, xml, StandardCharsets.UTF_8);
      ctx = async ? new AsyncLoggerContext(name, null, file.toUri())
          : new LoggerContext(name, null, file.toUri());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ctx.start();
    if (ctx.getConfiguration().getAppender("A") == null) {
      throw new IllegalStateException(name + ": appender did not start; see the status output");
    }
    logger = ctx.getLogger(LOGGER);
    ringBuffer = async ? ((AsyncLoggerContext) ctx).createRingBufferAdmin() : null;
  }

  static Log4j2Shipper create(String name, String bootstrap, String topic,
      Buffering buffering) {
    switch (name) {
      case "tributary-log4j2":
      case "tributary-log4j2-peer":
        return new Log4j2Shipper(name, false, "<Tributary name=\"A\" destination=\"kafka://"
            + bootstrap + "\" topic=\"" + topic + "\" jmx=\"false\""
            + (buffering == Buffering.BLOCK
                ? " overflowPolicy=\"BLOCK\" maxBlockTime=\"60 seconds\"" : "") + ">"
            + (name.endsWith("-peer") ? properties() : "") + "</Tributary>");
      case "log4j2-kafka":
      case "log4j2-kafka-sync":
      case "log4j2-kafka-async":
        // Log4j2's KafkaAppender as its manual shows it, with the peers' producer settings
        // (without them it would send every event as a request of its own: batch.size=0).
        return new Log4j2Shipper(name, name.endsWith("-async"), "<Kafka name=\"A\" topic=\""
            + topic + "\" syncSend=\"" + name.equals("log4j2-kafka-sync")
            + "\"><TributaryJsonLayout/><Property name=\"bootstrap.servers\" value=\""
            + bootstrap + "\"/>" + properties() + "</Kafka>");
      default:
        throw new IllegalArgumentException("not a Log4j2 contestant: " + name);
    }
  }

  private static String properties() {
    StringBuilder xml = new StringBuilder();
    PEER_SETTINGS.forEach((k, v) -> xml.append("<Property name=\"").append(k)
        .append("\" value=\"").append(v).append("\"/>"));
    return xml.toString();
  }

  @Override
  void log() {
    logger.info(MESSAGE, "SKU-48213", 2);
  }

  /**
   * Waits for the async loggers' ring buffer to empty, then for Tributary's pending records or,
   * for Log4j2's KafkaAppender, for arrivals to reach {@code expected} or stop.
   */
  @Override
  long awaitDelivered(TopicCounter arrivals, long expected, Duration quiet, Duration cap) {
    long deadline = System.nanoTime() + cap.toNanos();
    while (ringBuffer != null && ringBuffer.getRemainingCapacity() < ringBuffer.getBufferSize()
        && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    TributaryAppender t = tributary();
    if (t != null) {
      while (t.producerMetrics().pendingRecords() > 0 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
      }
      return arrivals.arrived();
    }
    return super.awaitDelivered(arrivals, expected, quiet,
        Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
  }

  @Override
  long dropped() {
    TributaryAppender t = tributary();
    return t == null ? -1 : t.producerMetrics().dropped();
  }

  @Override
  String stats() {
    TributaryAppender t = tributary();
    if (t == null) {
      return name;
    }
    ProducerMetrics m = t.producerMetrics();
    return name + ": appended=" + m.appended() + " sent=" + m.sent() + " dropped="
        + m.dropped() + " failed=" + m.failed() + " pending=" + m.pendingRecords();
  }

  /** Stops the logger context with Log4j2's own timeout, as a graceful shutdown does. */
  @Override
  void stop(long timeoutSeconds) {
    ctx.stop(timeoutSeconds, TimeUnit.SECONDS);
  }

  private TributaryAppender tributary() {
    Object a = ctx.getConfiguration().getAppender("A");
    return a instanceof TributaryAppender t ? t : null;
  }
}
