package dev.tributary.benchmarks;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.tributary.logback.JsonEncoder;
import dev.tributary.log4j2.TributaryJsonLayout;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * What the appenders cost the logging thread per event, without a network: the JSON encoding
 * alone ({@code *Encode}: Logback's {@code JsonEncoder}, Log4j2's {@code TributaryJsonLayout})
 * and the whole append ({@code *Append}: loop guard, encoding, record shape, offer to a
 * producer whose {@code noop://} transport acknowledges at once). One typical event: a
 * parameterized message, two MDC / ThreadContext entries, a key-value pair (Logback), a marker.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar AppenderEncodeBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g",
    "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider", "-Dlog4j2.statusLoggerLevel=ERROR"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class AppenderEncodeBenchmark {
  /** 2026-11-22T05:23:15.123Z */
  private static final long TIME = 1_795_324_995_123L;

  private LoggerContext logbackContext;
  private JsonEncoder logbackEncoder;
  private LoggingEvent logbackEvent;
  private dev.tributary.logback.TributaryAppender logbackAppender;
  private TributaryJsonLayout log4j2Layout;
  private LogEvent log4j2Event;
  private dev.tributary.log4j2.TributaryAppender log4j2Appender;

  @Setup(Level.Trial)
  public void setUp() {
    logbackContext = new LoggerContext();
    ch.qos.logback.classic.Logger logger = logbackContext.getLogger("com.acme.checkout.Cart");
    logbackEvent = new LoggingEvent(ch.qos.logback.classic.Logger.class.getName(), logger,
        ch.qos.logback.classic.Level.INFO, "added sku={} qty={} to cart", null,
        new Object[] {"SKU-48213", 2});
    logbackEvent.setThreadName("http-nio-8080-exec-7");
    logbackEvent.setTimeStamp(TIME);
    logbackEvent.setMDCPropertyMap(Map.of("requestId", "f3a9c2e1b7d4a601", "tenant", "acme"));
    logbackEvent.addKeyValuePair(new KeyValuePair("cartId", 5531));
    logbackEvent.addMarker(MarkerFactory.getMarker("AUDIT"));
    logbackEvent.getFormattedMessage(); // Logback formats once per event, before the appenders
    logbackEncoder = new JsonEncoder();
    logbackEncoder.setContext(logbackContext);
    logbackEncoder.setTimeZone("UTC");
    logbackEncoder.addField("service=checkout");
    logbackEncoder.start();

    logbackAppender = new dev.tributary.logback.TributaryAppender();
    logbackAppender.setContext(logbackContext);
    logbackAppender.setName("BENCH");
    logbackAppender.setDestination("noop://local");
    logbackAppender.setTopic("app-logs");
    logbackAppender.setBufferSize("1GB");
    logbackAppender.setJmx(false);
    logbackAppender.addField("service=checkout");
    logbackAppender.start();
    if (!logbackAppender.isStarted()) {
      throw new IllegalStateException("Logback appender did not start");
    }

    SortedArrayStringMap context = new SortedArrayStringMap();
    context.putValue("requestId", "f3a9c2e1b7d4a601");
    context.putValue("tenant", "acme");
    log4j2Event = Log4jLogEvent.newBuilder().setLoggerName("com.acme.checkout.Cart")
        .setLevel(org.apache.logging.log4j.Level.INFO)
        .setMessage(new ParameterizedMessage("added sku={} qty={} to cart", "SKU-48213", 2))
        .setThreadName("http-nio-8080-exec-7").setTimeMillis(TIME).setContextData(context)
        .setMarker(MarkerManager.getMarker("AUDIT")).build();
    log4j2Layout = TributaryJsonLayout.newBuilder().setTimeZone("UTC").buildOrThrow();
    log4j2Appender = dev.tributary.log4j2.TributaryAppender.newBuilder().setName("BENCH")
        .setDestination("noop://local").setTopic("app-logs").setBufferSize("1GB")
        .setJmx("false").build();
    log4j2Appender.start();
  }

  @Benchmark
  public byte[] logbackEncode() {
    return logbackEncoder.encode(logbackEvent);
  }

  @Benchmark
  public byte[] log4j2Encode() {
    return log4j2Layout.toByteArray(log4j2Event);
  }

  @Benchmark
  public void logbackAppend() {
    logbackAppender.doAppend(logbackEvent);
  }

  @Benchmark
  public void log4j2Append() {
    log4j2Appender.append(log4j2Event);
  }

  /**
   * A tight loop outpaces the sender thread even with a no-op transport; the backlog is
   * delivered between iterations, unmeasured, so the buffer never fills (a full buffer would
   * measure the cheaper drop path instead).
   */
  @TearDown(Level.Iteration)
  public void drain() throws InterruptedException {
    if (!log4j2Appender.flush(Duration.ofSeconds(60)).complete()) {
      throw new IllegalStateException("Log4j2 backlog not drained within 60 s");
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (logbackAppender.metrics().pendingRecords() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Logback backlog not drained within 60 s");
      }
      Thread.sleep(10);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    logbackAppender.stop();
    long logbackDropped = logbackAppender.closeReport().dropped();
    log4j2Appender.stop();
    long log4j2Dropped = log4j2Appender.producerMetrics().dropped();
    if (logbackDropped + log4j2Dropped != 0) {
      throw new IllegalStateException("records were dropped (Logback " + logbackDropped
          + ", Log4j2 " + log4j2Dropped + "); the figures measure drops, not appends");
    }
  }
}
