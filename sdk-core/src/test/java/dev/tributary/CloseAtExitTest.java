package dev.tributary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.internal.ExitHook;
import dev.tributary.testkit.RecordingDiagnostics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A producer still open when the JVM exits is closed by its shutdown hook, within its close
 * timeout; a producer closed the normal way takes its hook back, once; and the hook is never a
 * second close. The JVM's hook registry is stood in for, and "exit" is running the hook.
 */
class CloseAtExitTest {
  /** Kafka client created, nothing listening: records wait, close abandons them. */
  private static final String NOWHERE = "kafka://127.0.0.1:9";

  private final Hooks hooks = new Hooks();
  private final RecordingDiagnostics status = new RecordingDiagnostics();

  private TributaryConfig.Builder config() {
    return TributaryConfig.builder(NOWHERE).diagnostics(status).jmxEnabled(false)
        .micrometerEnabled(false).closeTimeout(Duration.ofMillis(300));
  }

  @Test
  void anOpenProducerIsClosedAtExitWithinItsCloseTimeoutAndSaysWhatWasLeft() {
    TributaryProducer producer = TributaryProducer.create(config().clientId("exit").build(),
        hooks);
    assertThat(hooks.added).singleElement().extracting(Thread::getName)
        .isEqualTo("tributary-exit-exit");
    for (int i = 0; i < 10; i++) {
      producer.offer(TributaryRecord.of("t", ("r" + i).getBytes()));
    }

    hooks.added.get(0).run(); // the JVM exits

    assertThat(producer.offer(TributaryRecord.of("t", "late".getBytes()))).isFalse();
    assertThat(producer.metrics().dropped(DropReason.CLOSED)).isEqualTo(1);
    assertThat(producer.metrics().pendingRecords()).isEqualTo(10);
    assertThat(status.first("closed after PT0.3S")).contains(
        "10 record(s) not delivered to " + NOWHERE + " and lost");
    // The exit close took the hook back, as every close does; the JVM forgives that then.
    assertThat(hooks.removed).containsExactly(hooks.added.get(0));
  }

  @Test
  void aProducerWithAStandbyHasOneHookThatClosesEveryDestination() {
    TributaryProducer producer = TributaryProducer.create(config().clientId("fo")
        .standby("kafka://127.0.0.1:10").build(), hooks);
    assertThat(hooks.added).hasSize(1);
    for (int i = 0; i < 10; i++) {
      producer.offer(TributaryRecord.of("t", ("r" + i).getBytes()));
    }

    hooks.added.get(0).run(); // the JVM exits

    assertThat(producer.offer(TributaryRecord.of("t", "late".getBytes()))).isFalse();
    assertThat(producer.metrics().pendingRecords()).isEqualTo(10);
    assertThat(status.first("closed after PT0.3S")).contains("10 record(s) not delivered to "
        + NOWHERE + " or kafka://127.0.0.1:10 and lost")
        .contains("primary (" + NOWHERE + ") has accepted no record since the producer started");
    assertThat(hooks.removed).containsExactly(hooks.added.get(0));
  }

  @Test
  void aNormalCloseTakesTheHookBackOnceAndTheHookThenClosesNothingAgain() {
    TributaryProducer producer = TributaryProducer.create(config().build(), hooks);
    DeliveryReport first = producer.close(Duration.ofMillis(100));
    producer.close();
    assertThat(hooks.removed).containsExactly(hooks.added.get(0));

    hooks.added.get(0).run(); // had the JVM run it anyway
    assertThat(producer.close(Duration.ZERO)).isSameAs(first);
    assertThat(status.lines).filteredOn(l -> l.contains("closed after")).isEmpty();
  }

  @Test
  void closeAtExitOffRegistersNoHook() {
    try (TributaryProducer producer = TributaryProducer.create(
        config().closeAtExit(false).build(), hooks)) {
      assertThat(producer.config().closeAtExit()).isFalse();
    }
    assertThat(hooks.added).isEmpty();
  }

  @Test
  void aHookThatFailsIsReportedNeverThrownAndOneRegisteredDuringExitIsNone() {
    ExitHook failing = ExitHook.register(hooks, "boom", () -> {
      throw new IllegalStateException("boom");
    }, status);
    hooks.added.get(0).run();
    assertThat(status.first("Closing at JVM exit failed")).isNotNull();
    assertThat(failing.isRegistered()).isTrue();

    Hooks exiting = new Hooks();
    exiting.exiting = true;
    ExitHook late = ExitHook.register(exiting, "late", () -> { }, status);
    assertThat(late.isRegistered()).isFalse();
    late.remove();
    assertThat(exiting.removed).isEmpty();
  }

  /** Records hooks; refuses them as the JVM does once it is exiting. */
  private static final class Hooks implements ExitHook.Registry {
    final List<Thread> added = new CopyOnWriteArrayList<>();
    final List<Thread> removed = new CopyOnWriteArrayList<>();
    volatile boolean exiting;

    @Override
    public void add(Thread hook) {
      if (exiting) {
        throw new IllegalStateException("Shutdown in progress");
      }
      added.add(hook);
    }

    @Override
    public void remove(Thread hook) {
      removed.add(hook);
    }
  }
}
