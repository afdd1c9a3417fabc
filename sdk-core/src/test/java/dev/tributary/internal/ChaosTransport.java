package dev.tributary.internal;

import dev.tributary.RecordMetadata;
import dev.tributary.spi.Batch;
import dev.tributary.spi.BatchCallback;
import dev.tributary.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A transport for stress tests that answers from its own thread, after a random delay, with a
 * random outcome per record: success, retriable or fatal failure, or no answer at all (a hang,
 * answered only when it is closed, as kafka-clients fails what it still holds). It goes down
 * (everything retriable) and recovers, and may block inside {@code send} for a moment, as a
 * Kafka client waiting for metadata does. Every choice comes from one seeded random.
 */
final class ChaosTransport implements Transport {
  /** Chances, in percent, per batch (hang, block in send) and per record (retriable, fatal). */
  record Odds(int hang, int blockInSend, int retriable, int fatal, int outage) {}

  private final SplittableRandom random;
  private final Odds odds;
  private final ScheduledExecutorService answers = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread t = new Thread(r, "chaos-transport");
        t.setDaemon(true);
        return t;
      });
  private final List<Pending> hung = new ArrayList<>();
  private boolean down;
  private boolean closed;
  private long offset;

  private record Pending(Batch batch, BatchCallback callback) {}

  ChaosTransport(long seed, Odds odds) {
    this.random = new SplittableRandom(seed);
    this.odds = odds;
  }

  @Override
  public void send(Batch batch, BatchCallback callback) {
    boolean block;
    boolean hang;
    long delayMicros;
    synchronized (this) {
      if (closed) {
        for (int i = 0; i < batch.size(); i++) {
          callback.retriable(i, new IllegalStateException("transport closed"), null);
        }
        return;
      }
      if (random.nextInt(100) < odds.outage()) {
        down = !down; // an outage starts or ends
      }
      block = random.nextInt(100) < odds.blockInSend();
      hang = random.nextInt(100) < odds.hang();
      delayMicros = random.nextInt(2000);
      if (hang) {
        hung.add(new Pending(batch, callback));
      }
    }
    if (block) {
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(500 + delayMicros));
    }
    if (!hang) {
      answers.schedule(() -> answer(batch, callback), delayMicros, TimeUnit.MICROSECONDS);
    }
  }

  private void answer(Batch batch, BatchCallback callback) {
    for (int i = 0; i < batch.size(); i++) {
      int roll;
      boolean outage;
      long at;
      synchronized (this) {
        roll = random.nextInt(100);
        outage = down;
        at = offset++;
      }
      if (outage || roll < odds.retriable()) {
        callback.retriable(i, new IllegalStateException("chaos: retriable"),
            roll % 7 == 0 ? Duration.ofMillis(1) : null);
      } else if (roll < odds.retriable() + odds.fatal()) {
        callback.fatal(i, new IllegalArgumentException("chaos: fatal"));
      } else {
        callback.succeeded(i, new RecordMetadata(batch.record(i).topic(), 0, at));
      }
    }
  }

  @Override
  public void close(Duration timeout) {
    List<Pending> left;
    synchronized (this) {
      closed = true;
      left = new ArrayList<>(hung);
      hung.clear();
    }
    answers.shutdownNow();
    // As kafka-clients does on close: whatever it still holds fails.
    for (Pending p : left) {
      for (int i = 0; i < p.batch().size(); i++) {
        p.callback().retriable(i, new IllegalStateException("chaos: closed"), null);
      }
    }
  }
}
