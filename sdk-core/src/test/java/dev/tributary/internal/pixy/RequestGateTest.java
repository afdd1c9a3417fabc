package dev.tributary.internal.pixy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.internal.pixy.RequestGate.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate between records and kafka-pixy requests, with a scripted clock and calls. */
class RequestGateTest {
  private long now = 1_000_000_000L;
  private final List<String> events = new ArrayList<>();

  @Test
  void startsCallsUpToTheLimitInOrderAndTheRestWait() {
    RequestGate gate = new RequestGate(new AdaptiveLimit(2, 1, 10), Long.MAX_VALUE, () -> now);
    TestCall a = submit(gate, "a", 10);
    submit(gate, "b", 10);
    TestCall c = submit(gate, "c", 10);
    assertThat(events).containsExactly("start a", "start b");
    assertThat(gate.inFlight()).isEqualTo(2);
    assertThat(gate.queued()).isEqualTo(1);
    gate.finished(a.startNanos, a.bytes, Outcome.REFUSED);
    assertThat(events).containsExactly("start a", "start b", "start c");
    assertThat(c.startNanos).isEqualTo(now);
    assertThat(gate.queued()).isZero();
  }

  @Test
  void theByteCapHoldsCallsBackButOneCallAlwaysRuns() {
    RequestGate gate = new RequestGate(new AdaptiveLimit(10, 1, 10), 100, () -> now);
    TestCall big = submit(gate, "big", 150);
    submit(gate, "small", 10);
    assertThat(events).containsExactly("start big");
    gate.finished(big.startNanos, big.bytes, Outcome.SUCCEEDED);
    TestCall next = submit(gate, "next", 90);
    assertThat(events).containsExactly("start big", "start small", "start next");
    submit(gate, "over", 1);
    assertThat(events).hasSize(3);
    gate.finished(next.startNanos, next.bytes, Outcome.SUCCEEDED);
    assertThat(events).last().isEqualTo("start over");
  }

  @Test
  void aCallThatReportsItselfInsteadOfStartingHoldsNoSlot() {
    RequestGate gate = new RequestGate(new AdaptiveLimit(1, 1, 10), Long.MAX_VALUE, () -> now);
    TestCall expired = new TestCall("expired", 10);
    expired.starts = false;
    gate.submit(expired);
    submit(gate, "b", 10);
    assertThat(events).containsExactly("start expired", "start b");
    assertThat(gate.inFlight()).isEqualTo(1);
  }

  @Test
  void aCallFinishingInsideStartDoesNotRecurseAndTheQueueStillDrains() {
    RequestGate gate = new RequestGate(new AdaptiveLimit(1, 1, 10), Long.MAX_VALUE, () -> now);
    for (int i = 0; i < 1_000; i++) {
      TestCall call = new TestCall("c" + i, 1);
      call.finishInside = gate;
      gate.submit(call);
    }
    assertThat(events).hasSize(1_000);
    assertThat(gate.inFlight()).isZero();
    assertThat(gate.queued()).isZero();
  }

  @Test
  void closingRejectsWaitingCallsAndLaterOnesButLetsStartedOnesRun() {
    RequestGate gate = new RequestGate(new AdaptiveLimit(1, 1, 10), Long.MAX_VALUE, () -> now);
    TestCall running = submit(gate, "running", 1);
    submit(gate, "waiting", 1);
    gate.close();
    submit(gate, "late", 1);
    assertThat(events).containsExactly("start running", "reject waiting", "reject late");
    gate.finished(running.startNanos, running.bytes, Outcome.SUCCEEDED);
    assertThat(gate.inFlight()).isZero();
  }

  @Test
  void overloadShrinksTheLimitWhileRefusedRecordsDoNot() {
    AdaptiveLimit limit = new AdaptiveLimit(8, 1, 100);
    RequestGate gate = new RequestGate(limit, Long.MAX_VALUE, () -> now);
    TestCall a = submit(gate, "a", 1);
    TestCall b = submit(gate, "b", 1);
    now += 1_000_000;
    gate.finished(a.startNanos, a.bytes, Outcome.REFUSED);
    assertThat(limit.limit()).isEqualTo(8);
    gate.finished(b.startNanos, b.bytes, Outcome.OVERLOADED);
    assertThat(limit.limit()).isEqualTo(4);
  }

  private TestCall submit(RequestGate gate, String name, long bytes) {
    TestCall call = new TestCall(name, bytes);
    gate.submit(call);
    return call;
  }

  private final class TestCall implements RequestGate.Call {
    final String name;
    final long bytes;
    long startNanos = -1;
    boolean starts = true;
    RequestGate finishInside;

    TestCall(String name, long bytes) {
      this.name = name;
      this.bytes = bytes;
    }

    @Override
    public long bytes() {
      return bytes;
    }

    @Override
    public boolean start(long startNanos) {
      events.add("start " + name);
      this.startNanos = startNanos;
      if (starts && finishInside != null) {
        finishInside.finished(startNanos, bytes, Outcome.SUCCEEDED);
      }
      return starts;
    }

    @Override
    public void rejected() {
      events.add("reject " + name);
    }
  }
}
