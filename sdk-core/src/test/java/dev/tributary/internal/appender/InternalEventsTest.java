package dev.tributary.internal.appender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.spi.Diagnostics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The policy for events the loop guard keeps from Kafka, and for encoding failures. */
class InternalEventsTest {
  private final List<String> status = new CopyOnWriteArrayList<>();
  private final Diagnostics diagnostics = new AppenderDiagnostics(() -> "KAFKA",
      (severity, message, cause) -> status.add(severity + " " + message));

  private InternalEvents<FakeEvent> policy(InternalEvents.Fallback<FakeEvent> fallback) {
    return new InternalEvents<>(FakeEvent.VIEW, diagnostics, fallback, "<appender-ref>");
  }

  private static final FakeEvent KAFKA_WARNING =
      FakeEvent.info("org.apache.kafka.clients.NetworkClient", "node -1 down").at("WARN", 30_000);

  @Test
  void withoutAFallbackEventsAreDroppedCountedAndWarningsRelayed() {
    InternalEvents<FakeEvent> p = policy((event, failed) -> 0);
    p.handle(KAFKA_WARNING, InternalEvents.INTERNAL_LOGGER);
    p.handle(FakeEvent.info("dev.tributary.internal.Sender", "x"), InternalEvents.INTERNAL_LOGGER);

    assertThat(p.dropped()).isEqualTo(2);
    assertThat(p.forwarded()).isZero();
    assertThat(status).containsExactly(
        "WARN Tributary appender 'KAFKA': WARN from org.apache.kafka.clients.NetworkClient (1 "
            + "warning(s) or error(s) from the shipping path so far): node -1 down",
        "INFO Tributary appender 'KAFKA': Not shipped to Kafka: 1 event(s) so far of the "
            + "shipping path itself, taken by no fallback appender (latest: "
            + InternalEvents.INTERNAL_LOGGER + "; logger org.apache.kafka.clients.NetworkClient, "
            + "thread main). To keep them, name an appender with <appender-ref>.");
  }

  @Test
  void aWarningIsRelayedEvenWhenAFallbackAppenderTakesIt() {
    InternalEvents<FakeEvent> p = policy((event, failed) -> 1);
    p.handle(KAFKA_WARNING, InternalEvents.INTERNAL_LOGGER);
    p.handle(FakeEvent.info("org.apache.kafka.X", "info"), InternalEvents.INTERNAL_LOGGER);

    assertThat(p.forwarded()).isEqualTo(2);
    assertThat(p.dropped()).isZero();
    assertThat(status).singleElement().asString().startsWith("WARN ").contains("node -1 down");
  }

  @Test
  void aFallbackThatThrowsIsReportedByNameAndTheEventCountsAsDropped() {
    InternalEvents<FakeEvent> p = policy((event, failed) -> {
      failed.failed("FILE", new IllegalStateException("wrapped",
          new java.io.IOException("disk full")));
      return 0;
    });
    p.handle(FakeEvent.info("org.apache.kafka.X", "x"), InternalEvents.INTERNAL_THREAD);

    assertThat(p.forwarded()).isZero();
    assertThat(p.dropped()).isEqualTo(1);
    assertThat(p.fallbackFailures()).isEqualTo(1);
    assertThat(status).anySatisfy(m -> assertThat(m).startsWith("WARN Tributary appender "
        + "'KAFKA': The fallback appender 'FILE' failed").contains("disk full"));
  }

  @Test
  void reportsAreRateLimited() {
    InternalEvents<FakeEvent> p = policy((event, failed) -> 0);
    for (int i = 0; i < 1000; i++) {
      p.handle(KAFKA_WARNING, InternalEvents.REENTRANT);
      p.encodingFailed(new IllegalStateException("bad"));
    }
    assertThat(p.dropped()).isEqualTo(1000);
    assertThat(p.encodingFailures()).isEqualTo(1000);
    // 1st, 20th, 100th and 1000th of each of the three kinds
    assertThat(status).hasSize(12);
    assertThat(status).filteredOn(m -> m.startsWith("ERROR")).last().asString()
        .contains("Could not encode 1000 event(s) so far; latest: java.lang.IllegalStateException");
  }
}
