package dev.tributary.log4j2;

import static dev.tributary.log4j2.TestLogging.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.TributaryRecord;
import dev.tributary.testkit.CaptureTransportProvider;
import dev.tributary.testkit.SdkThread;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.message.AsynchronouslyFormattable;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.plugins.util.PluginRegistry;
import org.apache.logging.log4j.core.config.plugins.util.PluginType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The appender against a capturing transport: what it sends, drops and reports. */
class TributaryAppenderTest {
  private LoggerContext ctx;
  private String sink;

  @AfterEach
  void stop() {
    if (ctx != null) {
      ctx.stop(5, TimeUnit.SECONDS);
    }
    ThreadContext.clearAll();
  }

  @Test
  void resolvesThroughTheGeneratedDescriptorWithoutAPackagesAttribute() {
    start("capture-basic.xml");
    ctx.getLogger("app").info("hello");
    assertThat(values()).containsExactly("hello");
  }

  @Test
  void resolvesThroughPackageScanningWithThePackagesAttribute() {
    List<PluginType<?>> scanned = PluginRegistry.getInstance()
        .loadFromPackage("dev.tributary.log4j2").get("core");
    assertThat(scanned).extracting(PluginType::getKey)
        .contains("tributary", "field", "header", "tributaryjsonlayout");
    assertThat(scanned).filteredOn(t -> t.getKey().equals("tributary"))
        .extracting(t -> (Object) t.getPluginClass()).containsExactly(TributaryAppender.class);

    start("capture-packages.xml");
    ctx.getLogger("app").info("hello");
    assertThat(values()).containsExactly("hello");
  }

  @Test
  void recordsCarryKeyHeadersAndTheEventTime() {
    start("capture-basic.xml");
    ThreadContext.put("tenant", "acme");
    ThreadContext.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
    ThreadContext.put("span_id", "00f067aa0ba902b7");
    long before = System.currentTimeMillis();
    ctx.getLogger("com.acme.Pay").warn("paid");

    TributaryRecord r = records().get(0);
    assertThat(r.topic()).isEqualTo("app-logs");
    assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("acme");
    assertThat(header(r, "level")).isEqualTo("WARN");
    assertThat(header(r, "logger")).isEqualTo("com.acme.Pay");
    assertThat(header(r, "trace_id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(header(r, "span_id")).isEqualTo("00f067aa0ba902b7");
    assertThat(header(r, "service")).isEqualTo("checkout");
    assertThat(r.timestampMs()).isBetween(before, System.currentTimeMillis());
    Map<String, Object> json = TestLogging.json(r.value());
    assertThat(json).containsEntry("message", "paid").containsEntry("tenant", "acme")
        .containsEntry("env", "test").containsEntry("level", "WARN");
  }

  @Test
  void dropsAndCountsEventsOfInternalLoggersAndThreads() throws Exception {
    start("capture-basic.xml");
    TributaryAppender appender = TestLogging.appender(ctx, "KAFKA");
    ctx.getLogger("org.apache.kafka.clients.NetworkClient").warn("broker down");
    ctx.getLogger("dev.tributary.internal.Sender").info("retrying");
    SdkThread.run(() -> ctx.getLogger("app").info("from an SDK thread"));
    ctx.getLogger("app").info("kept");

    assertThat(values()).containsExactly("kept");
    assertThat(appender.internalEventsDropped()).isEqualTo(3);
  }

  @Test
  void dropsEventsLoggedFromInsideTheAppender() {
    start("capture-basic.xml");
    TributaryAppender appender = TestLogging.appender(ctx, "KAFKA");
    // Formatting this message logs through another logger config that also ends in KAFKA, which
    // Log4j2's per-AppenderControl recursion check does not see; the appender's guard does.
    ctx.getLogger("app.outer").info((Message) new LogsWhenFormatted(ctx.getLogger("app.inner")));

    assertThat(values()).containsExactly("outer");
    assertThat(appender.internalEventsDropped()).isEqualTo(1);
  }

  @Test
  void sendsInternalEventsToTheNamedFallbackAppender() {
    start("capture-fallback.xml");
    TributaryAppender appender = TestLogging.appender(ctx, "KAFKA");
    CountingAppender fallback = ctx.getConfiguration().getAppender("COUNT");
    ctx.getLogger("org.apache.kafka.clients.NetworkClient").warn("broker down");
    ctx.getLogger("app").info("kept");

    assertThat(values()).containsExactly("kept");
    assertThat(fallback.count.sum()).isEqualTo(1);
    assertThat(fallback.loggers).containsExactly("org.apache.kafka.clients.NetworkClient");
    assertThat(appender.internalEventsForwarded()).isEqualTo(1);
    assertThat(appender.internalEventsDropped()).isZero();
  }

  @Test
  void aFallbackAppenderThatThrowsIsReportedAndTheEventCountsAsDropped() {
    TestLogging.StatusCapture status = new TestLogging.StatusCapture();
    try {
      start("capture-failing-fallback.xml");
      TributaryAppender appender = TestLogging.appender(ctx, "KAFKA");
      ctx.getLogger("org.apache.kafka.clients.NetworkClient").info("connecting");
      ctx.getLogger("app").info("kept");

      assertThat(values()).containsExactly("kept");
      assertThat(appender.internalEventsForwarded()).isZero();
      assertThat(appender.internalEventsDropped()).isEqualTo(1);
      assertThat(status.messages()).anySatisfy(m -> assertThat(m)
          .contains("'KAFKA'", "'BROKEN'", "disk full"));
    } finally {
      status.detach();
    }
  }

  @Test
  void warningsOfTheShippingPathReachTheStatusLoggerEvenWithAFallbackAppender() {
    TestLogging.StatusCapture status = new TestLogging.StatusCapture();
    try {
      start("capture-fallback.xml");
      CountingAppender fallback = ctx.getConfiguration().getAppender("COUNT");
      ctx.getLogger("org.apache.kafka.clients.NetworkClient").warn("node -1 not available");

      assertThat(fallback.count.sum()).isEqualTo(1);
      assertThat(status.messages()).anySatisfy(m -> assertThat(m).startsWith("WARN")
          .contains("'KAFKA'", "org.apache.kafka.clients.NetworkClient",
              "node -1 not available"));
    } finally {
      status.detach();
    }
  }

  @Test
  void theCloseMessageNamesTheAppenderAsConfigured() {
    TestLogging.StatusCapture status =
        new TestLogging.StatusCapture(org.apache.logging.log4j.Level.DEBUG);
    try {
      start("capture-basic.xml");
      ctx.getLogger("app").info("one");
      assertThat(ctx.stop(1, TimeUnit.MINUTES)).isTrue();
      ctx = null;

      assertThat(status.messages())
          .filteredOn(m -> m.contains("Tributary") && m.contains("closed"))
          .isNotEmpty()
          .allSatisfy(m -> assertThat(m).contains("Tributary appender 'KAFKA'")
              .doesNotContain("Tributary:KAFKA#"));
    } finally {
      status.detach();
    }
  }

  @Test
  void sizesAndDurationsTakeTheSyntaxBothAppendersShare() {
    TributaryAppender appender = TributaryAppender.newBuilder().setName("SYNTAX")
        .setDestination("capture://syntax").setTopic("t").setJmx("false")
        .setBufferSize("64MiB").setMaxRecordSize("512k").setMaxBlockTime("1.5 seconds")
        .setDeliveryTimeout("2 minutes").setLinger("20 milliseconds").setCloseTimeout("PT3S")
        .buildOrThrow();
    appender.start();
    assertThat(appender.stop(1, TimeUnit.MINUTES)).isTrue();
  }

  @Test
  void reportsEachBadSettingByNameAndStartsTheRest() {
    TestLogging.StatusCapture status = new TestLogging.StatusCapture();
    try {
      start("capture-misconfigured.xml");
      CountingAppender count = ctx.getConfiguration().getAppender("COUNT");
      ctx.getLogger("app").info("still logging");

      assertThat(count.count.sum()).isEqualTo(1);
      assertThat(ctx.getConfiguration().getAppenders()).containsOnlyKeys("COUNT");
      assertThat(status.messages())
          .anySatisfy(m -> assertThat(m).contains("'NO_TOPIC'", "setting 'topic'"))
          .anySatisfy(m -> assertThat(m).contains("'BAD_SIZE'", "'lots'", "'bufferSize'"))
          .anySatisfy(m -> assertThat(m).contains("'BAD_DEST'", "'destination'"));
    } finally {
      status.detach();
    }
  }

  @Test
  void anyLog4j2LayoutReplacesTheDefaultJson() {
    start("capture-template-layout.xml");
    ctx.getLogger("app").error("with ECS", new IllegalStateException("boom"));

    Map<String, Object> json = TestLogging.json(records().get(0).value());
    assertThat(json).containsKeys("ecs.version", "log.level", "error.stack_trace")
        .containsEntry("message", "with ECS").doesNotContainKey("level_value");
  }

  @Test
  void appenderFieldsJoinANestedTributaryJsonLayout() {
    start("capture-nested-json.xml");
    ctx.getLogger("app").error("x", new IllegalStateException("boom"));

    TributaryRecord r = records().get(0);
    Map<String, Object> json = TestLogging.json(r.value());
    assertThat(json).containsEntry("service", "checkout").containsEntry("env", "test")
        .doesNotContainKey("@version");
    assertThat((String) json.get("@timestamp")).endsWith("Z");
    assertThat((String) json.get("stack_trace")).contains("frames truncated");
    assertThat(r.headers()).isEmpty();
  }

  @Test
  void stoppingDeliversWhatWasLogged() {
    start("capture-basic.xml");
    Logger log = ctx.getLogger("app");
    for (int i = 0; i < 1000; i++) {
      log.info("event {}", i);
    }
    assertThat(ctx.stop(1, TimeUnit.MINUTES)).isTrue();
    ctx = null;
    assertThat(records()).hasSize(1000);
  }

  @Test
  void flushWaitsForDelivery() {
    start("capture-basic.xml");
    ctx.getLogger("app").info("one");
    assertThat(TestLogging.appender(ctx, "KAFKA").flush(Duration.ofMinutes(1)).complete())
        .isTrue();
    assertThat(values()).containsExactly("one");
  }

  /** Formats (and so logs) only when a layout asks, i.e. inside the appender. */
  @AsynchronouslyFormattable
  private static final class LogsWhenFormatted extends SimpleMessage {
    private static final long serialVersionUID = 1L;
    private final transient Logger inner;

    LogsWhenFormatted(Logger inner) {
      super("outer");
      this.inner = inner;
    }

    @Override
    public String getFormattedMessage() {
      inner.info("logged while encoding");
      return "outer";
    }

    @Override
    public void formatTo(StringBuilder buffer) {
      buffer.append(getFormattedMessage());
    }
  }

  @Test
  void spoolSettingsPutEveryEventThroughTheDisk(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path spool) {
    sink = "unit-" + System.nanoTime();
    ctx = TestLogging.start("capture-spool.xml", "capture-spool.xml",
        Map.of("test.sink", sink, "test.spool", spool.toString()));
    for (int i = 0; i < 100; i++) {
      ctx.getLogger("app").info("spooled " + i);
    }
    assertThat(values()).hasSize(100).contains("spooled 0", "spooled 99");
    TributaryAppender a = (TributaryAppender) ctx.getConfiguration().getAppenders().get("KAFKA");
    assertThat(a.producerMetrics().spooled()).isEqualTo(100);
    assertThat(spool.resolve("tributary.lock")).exists();
  }

  @Test
  void eventsAFullBufferDropsAreCountedAndNeverEncoded() {
    start("capture-overload.xml");
    CountingLayout.ENCODED.set(0);
    for (int i = 0; i < 2000; i++) {
      ctx.getLogger("app").info("the same line, over and over");
    }
    TributaryAppender a = ctx.getConfiguration().getAppender("KAFKA");
    long appended = a.producerMetrics().appended();
    long dropped = a.producerMetrics().dropped(dev.tributary.DropReason.BUFFER_FULL);
    assertThat(appended + dropped).isEqualTo(2000);
    assertThat(dropped).isGreaterThan(1900);
    // Each accepted event was encoded; of the dropped, at most the one that found the edge.
    assertThat((long) CountingLayout.ENCODED.get()).isBetween(appended, appended + 1);
  }

  private void start(String resource) {
    sink = "unit-" + System.nanoTime();
    ctx = TestLogging.start(resource, resource, Map.of("test.sink", sink));
  }

  private List<TributaryRecord> records() {
    if (ctx != null) {
      TributaryAppender a = (TributaryAppender) ctx.getConfiguration().getAppenders().values()
          .stream().filter(TributaryAppender.class::isInstance).findFirst().orElseThrow();
      a.flush(Duration.ofMinutes(1));
    }
    return CaptureTransportProvider.records(sink);
  }

  private List<Object> values() {
    return records().stream().map(r -> TestLogging.json(r.value()).get("message")).toList();
  }
}
