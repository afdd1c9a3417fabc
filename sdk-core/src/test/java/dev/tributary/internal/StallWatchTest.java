package dev.tributary.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.DeliveryReport;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryRecord;
import dev.tributary.spi.Diagnostics;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A destination that accepts nothing while records wait is warned about once after 10 s,
 * repeated every 5 minutes while it lasts, and its recovery announced once; retries alone are
 * routine (INFO), and a close that leaves records behind says why. On a fake clock.
 */
class StallWatchTest {
  private final FakeClock clock = new FakeClock();
  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final Diagnostics diagnostics = new Diagnostics() {
    @Override
    public void info(String message) {
      messages.add("INFO " + message);
    }

    @Override
    public void warn(String message, Throwable cause) {
      messages.add("WARN " + message);
    }

    @Override
    public void error(String message, Throwable cause) {
      messages.add("ERROR " + message);
    }
  };

  private Pipeline pipeline(ScriptedTransport transport) {
    TributaryConfig config = TributaryConfig.builder("kafka://127.0.0.1:9")
        .clientId("stall").diagnostics(diagnostics).jmxEnabled(false)
        .linger(Duration.ZERO).build();
    return new Pipeline(config, transport, clock, new SplittableRandom(7), false);
  }

  /** Runs the sender for {@code d} of fake time, in steps of 100 ms. */
  private void run(Pipeline p, Duration d) {
    for (long left = d.toMillis(); left > 0; left -= 100) {
      p.sender().runOnce();
      clock.advance(Duration.ofMillis(100));
    }
    p.sender().runOnce();
  }

  private List<String> warnings(String fragment) {
    return messages.stream().filter(m -> m.startsWith("WARN") && m.contains(fragment)).toList();
  }

  @Test
  void anOutageIsWarnedAboutOnceAfterTenSecondsAndItsEndOnce() {
    ScriptedTransport transport = new ScriptedTransport(clock)
        .otherwise(ScriptedTransport.Kind.RETRIABLE);
    Pipeline p = pipeline(transport);
    for (int i = 0; i < 100; i++) {
      p.offer(TributaryRecord.of("t", ("r" + i).getBytes()));
    }

    run(p, Duration.ofSeconds(9));
    assertThat(warnings("accepted no record")).isEmpty();
    assertThat(messages).anyMatch(m -> m.startsWith("INFO Retrying delivery"))
        .noneMatch(m -> m.startsWith("WARN Retrying"));

    run(p, Duration.ofSeconds(20));
    assertThat(warnings("accepted no record")).singleElement().asString()
        .contains("kafka://127.0.0.1:9 has accepted no record for 1", "100 record(s) waiting",
            "none dropped or failed", "latest error: scripted retriable",
            "deliveryTimeout (PT5M)");

    transport.otherwise(ScriptedTransport.Kind.SUCCEED);
    run(p, Duration.ofSeconds(20));
    assertThat(p.metrics().sent()).isEqualTo(100);
    assertThat(warnings("accepts records again")).singleElement().asString()
        .contains("kafka://127.0.0.1:9 accepts records again, after", "none dropped or failed");
    assertThat(warnings("accepted no record")).hasSize(1);
  }

  @Test
  void aLastingOutageIsRepeatedEveryFiveMinutesNotPerRecord() {
    ScriptedTransport transport = new ScriptedTransport(clock)
        .otherwise(ScriptedTransport.Kind.RETRIABLE);
    Pipeline p = pipeline(transport);
    for (int i = 0; i < 10; i++) {
      p.offer(TributaryRecord.of("t", ("r" + i).getBytes()));
    }
    run(p, Duration.ofSeconds(11));
    for (int minute = 0; minute < 4; minute++) {
      p.offer(TributaryRecord.of("t", "more".getBytes()));
      run(p, Duration.ofMinutes(1));
    }
    assertThat(warnings("accepted no record")).hasSize(1);
    run(p, Duration.ofMinutes(1));
    assertThat(warnings("accepted no record")).hasSize(2);
    assertThat(warnings("accepted no record").get(1)).contains("for 31");
  }

  @Test
  void aHealthyDestinationAndAnIdleOneAreNeverWarnedAbout() {
    ScriptedTransport transport = new ScriptedTransport(clock);
    Pipeline p = pipeline(transport);
    run(p, Duration.ofSeconds(30)); // nothing to deliver: not a stall
    for (int i = 0; i < 50; i++) {
      p.offer(TributaryRecord.of("t", ("r" + i).getBytes()));
      run(p, Duration.ofSeconds(1));
    }
    assertThat(p.metrics().sent()).isEqualTo(50);
    assertThat(messages).noneMatch(m -> m.startsWith("WARN"));
  }

  @Test
  void aCloseThatLeavesRecordsBehindSaysWhy() {
    ScriptedTransport transport = new ScriptedTransport(clock)
        .otherwise(ScriptedTransport.Kind.RETRIABLE);
    Pipeline p = pipeline(transport);
    for (int i = 0; i < 5; i++) {
      p.offer(TributaryRecord.of("t", ("r" + i).getBytes()));
    }
    run(p, Duration.ofSeconds(3));

    DeliveryReport report = p.close(Duration.ofSeconds(2));

    assertThat(report.pending()).isEqualTo(5);
    assertThat(warnings("closed after")).singleElement().asString()
        .contains("5 record(s) not delivered to kafka://127.0.0.1:9 and lost",
            "kafka://127.0.0.1:9 has accepted no record since the producer started",
            "latest error: scripted retriable",
            "pending=5");
  }
}
