package dev.tributary.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.DropReason;
import dev.tributary.OverflowPolicy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import org.junit.jupiter.api.Test;

/**
 * Callers blocked on a full buffer under {@code BLOCK} are woken once the buffer has room for
 * a run of records, not once per record that comes back: a wake-up per delivered record cost
 * the blocked threads more processor time than the delivery itself.
 */
class BlockWakeUpTest {
  /** 64 KiB: a resume room of 2 KiB (a thirty-second). */
  private static final long CAPACITY = 64 << 10;
  private static final int RESUME_ROOM = (int) (CAPACITY / 32);

  /** Says when a caller is about to wait, so the test releases room only while it waits. */
  private static final class WaitSignallingClock implements Clock {
    final CountDownLatch waiting = new CountDownLatch(1);

    @Override
    public long nanoTime() {
      return 0; // time stands still: only a signal (or the 50 ms slice's end) ends a wait
    }

    @Override
    public void await(Condition condition, long nanos) throws InterruptedException {
      waiting.countDown();
      condition.awaitNanos(Duration.ofMinutes(1).toNanos());
    }
  }

  @Test
  void blockedCallerIsWokenOnceTheResumeRoomIsFreeNotPerRelease() throws Exception {
    WaitSignallingClock clock = new WaitSignallingClock();
    Accumulator acc = new Accumulator(CAPACITY, OverflowPolicy.BLOCK,
        Duration.ofSeconds(30).toNanos(), Duration.ofMinutes(5).toNanos(), clock);
    assertThat(acc.reserve((int) CAPACITY, r -> { }, Accumulator.NO_DEADLINE)).isNull();

    AtomicReference<DropReason> outcome = new AtomicReference<>(DropReason.CLOSED);
    Thread caller = new Thread(() -> {
      try {
        outcome.set(acc.reserve(300, r -> { }, Long.MAX_VALUE));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "blocked-caller");
    caller.start();
    clock.waiting.await();

    // Records coming back one by one, room enough for the caller's 300 bytes but short of
    // the resume room: nobody is woken.
    int freed = 0;
    while (freed + 300 < RESUME_ROOM) {
      acc.unreserve(300);
      freed += 300;
    }
    assertThat(acc.wakeUps()).isZero();
    assertThat(acc.waiters()).isEqualTo(1);

    // The release that brings the room to the resume room wakes it, once.
    acc.unreserve(RESUME_ROOM - freed);
    assertThat(acc.wakeUps()).isEqualTo(1);
    caller.join();
    assertThat(outcome.get()).isNull();
    assertThat(acc.bufferedBytes()).isEqualTo(CAPACITY - RESUME_ROOM + 300);
    assertThat(acc.waiters()).isZero();

    // Nobody waits now: releases signal nobody.
    acc.unreserve(RESUME_ROOM);
    assertThat(acc.wakeUps()).isEqualTo(1);
  }

  @Test
  void aRecordLargerThanTheResumeRoomIsWokenWhenItFits() throws Exception {
    WaitSignallingClock clock = new WaitSignallingClock();
    Accumulator acc = new Accumulator(CAPACITY, OverflowPolicy.BLOCK,
        Duration.ofSeconds(30).toNanos(), Duration.ofMinutes(5).toNanos(), clock);
    assertThat(acc.reserve((int) CAPACITY, r -> { }, Accumulator.NO_DEADLINE)).isNull();
    int big = 4 * RESUME_ROOM;

    AtomicReference<DropReason> outcome = new AtomicReference<>(DropReason.CLOSED);
    Thread caller = new Thread(() -> {
      try {
        outcome.set(acc.reserve(big, r -> { }, Long.MAX_VALUE));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "blocked-caller");
    caller.start();
    clock.waiting.await();

    acc.unreserve(big - 1);
    assertThat(acc.wakeUps()).isZero();
    acc.unreserve(1);
    assertThat(acc.wakeUps()).isEqualTo(1);
    caller.join();
    assertThat(outcome.get()).isNull();
    assertThat(acc.bufferedBytes()).isEqualTo(CAPACITY);
  }
}
