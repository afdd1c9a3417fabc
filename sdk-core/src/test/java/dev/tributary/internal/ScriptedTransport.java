package dev.tributary.internal;

import dev.tributary.RecordMetadata;
import dev.tributary.spi.Batch;
import dev.tributary.spi.BatchCallback;
import dev.tributary.spi.Transport;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A transport that follows a script, one step per {@code send} call, then a default step:
 * succeed, fail retriably (optionally with a retry-after hint), fail fatally, or hang (keep the
 * callback and never answer), or throw from {@code send} (breaking its contract). Records every batch it was handed and when.
 */
final class ScriptedTransport implements Transport {
  /** ACCEPT: taken without Kafka's confirmation, as kafka-pixy's async mode answers. */
  enum Kind { SUCCEED, ACCEPT, RETRIABLE, FATAL, HANG, THROW }

  record Step(Kind kind, Duration retryAfter, int onlyIndex) {}

  record Sent(Batch batch, BatchCallback callback, long atNanos) {}

  private final Deque<Step> script = new ArrayDeque<>();
  private final FakeClock clock;
  private Step otherwise = new Step(Kind.SUCCEED, null, -1);
  final List<Sent> sent = new ArrayList<>();
  boolean closed;
  private long offset;

  ScriptedTransport(FakeClock clock) {
    this.clock = clock;
  }

  ScriptedTransport then(Kind kind) {
    script.add(new Step(kind, null, -1));
    return this;
  }

  ScriptedTransport then(Kind kind, int times) {
    for (int i = 0; i < times; i++) {
      then(kind);
    }
    return this;
  }

  ScriptedTransport thenRetriableWithRetryAfter(Duration retryAfter) {
    script.add(new Step(Kind.RETRIABLE, retryAfter, -1));
    return this;
  }

  /** Fails only record {@code index} of the next batch retriably; the rest succeed. */
  ScriptedTransport thenRetriableAt(int index) {
    script.add(new Step(Kind.RETRIABLE, null, index));
    return this;
  }

  /** Fails only record {@code index} of the next batch fatally; the rest succeed. */
  ScriptedTransport thenFatalAt(int index) {
    script.add(new Step(Kind.FATAL, null, index));
    return this;
  }

  ScriptedTransport otherwise(Kind kind) {
    otherwise = new Step(kind, null, -1);
    return this;
  }

  /** Batches handed over since the given time, for tests that watch where traffic goes. */
  List<Sent> sentSince(long nanos) {
    return sent.stream().filter(s -> s.atNanos() >= nanos).toList();
  }

  int records() {
    return sent.stream().mapToInt(s -> s.batch().size()).sum();
  }

  @Override
  public void send(Batch batch, BatchCallback callback) {
    sent.add(new Sent(batch, callback, clock.nanoTime()));
    Step step = script.isEmpty() ? otherwise : script.poll();
    if (step.kind() == Kind.THROW) {
      throw new IllegalStateException("scripted throw");
    }
    for (int i = 0; i < batch.size(); i++) {
      Kind kind = step.onlyIndex() >= 0 && step.onlyIndex() != i ? Kind.SUCCEED : step.kind();
      switch (kind) {
        case SUCCEED:
          callback.succeeded(i, new RecordMetadata(batch.record(i).topic(), 0, offset++));
          break;
        case ACCEPT:
          callback.accepted(i, new RecordMetadata(batch.record(i).topic(), -1, -1));
          break;
        case RETRIABLE:
          callback.retriable(i, new IllegalStateException("scripted retriable"),
              step.retryAfter());
          break;
        case FATAL:
          callback.fatal(i, new IllegalArgumentException("scripted fatal"));
          break;
        default:
          break; // HANG: never answer
      }
    }
  }

  @Override
  public void close(Duration timeout) {
    closed = true;
  }
}
