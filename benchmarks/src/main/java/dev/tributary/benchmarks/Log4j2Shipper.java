package dev.tributary.benchmarks;

import dev.tributary.ProducerMetrics;
import dev.tributary.log4j2.TributaryAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.apache.logging.log4j.core.jmx.RingBufferAdmin;

/**
 * A Log4j2 contestant of {@link LogShippingBenchmark}: a logger context of its own whose one
 * logger writes to one appender, configured from XML as a user would. All encode with
 * Tributary's {@code TributaryJsonLayout}, so they differ only in how they ship. Names:
 * {@code tributary-log4j2}, {@code log4j2-kafka-sync} (Log4j2's KafkaAppender,
 * {@code syncSend=true}, its default), {@code log4j2-kafka-nosync} ({@code syncSend=false}); a
 * {@code -async} suffix makes every logger asynchronous (an {@link AsyncLoggerContext}, as
 * AsyncLoggerContextSelector creates).
 * Not thread-safe to build; {@link #log()} is.
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
      boolean defaultBuffer) {
    switch (name) {
      case "tributary-log4j2":
      case "tributary-log4j2-async":
        // As a user configures it, plus room for a whole measurement iteration of a tight
        // loop: a per-call figure must be the cost of shipping an event, never of dropping one.
        return new Log4j2Shipper(name, name.endsWith("-async"), "<Tributary name=\"A\" "
            + "destination=\"kafka://" + bootstrap + "\" topic=\"" + topic
            + "\"" + (defaultBuffer ? "" : " bufferSize=\"2GB\"") + " jmx=\"false\"/>");
      case "log4j2-kafka-sync":
      case "log4j2-kafka-nosync":
      case "log4j2-kafka-nosync-async":
        // Log4j2's KafkaAppender as its manual shows it; only syncSend varies.
        return new Log4j2Shipper(name, name.endsWith("-async"), "<Kafka name=\"A\" topic=\""
            + topic + "\" syncSend=\"" + name.equals("log4j2-kafka-sync")
            + "\"><TributaryJsonLayout/><Property name=\"bootstrap.servers\" value=\""
            + bootstrap + "\"/></Kafka>");
      default:
        throw new IllegalArgumentException("not a Log4j2 contestant: " + name);
    }
  }

  @Override
  void log() {
    logger.info(MESSAGE, "SKU-48213", 2);
  }

  /**
   * Tributary's 2 GB buffer is drained fully, or the heap would fill over the run. Log4j2's
   * KafkaAppender is bounded by its ring buffer and kafka-clients' {@code buffer.memory}, and
   * drains at ~10k events/s (a request per record), so a full backlog would take half a minute:
   * it gets 5 s, and a tight loop then meets the full buffers it would meet in production.
   */
  @Override
  void drain(TopicCounter arrivals) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(
        name.startsWith("tributary") ? 60 : 5);
    while (ringBuffer != null && ringBuffer.getRemainingCapacity() < ringBuffer.getBufferSize()
        && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    TributaryAppender t = tributary();
    if (t != null) {
      while (t.producerMetrics().pendingRecords() > 0 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
    } else {
      arrivals.awaitQuiet(300, Math.max(0,
          TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
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
