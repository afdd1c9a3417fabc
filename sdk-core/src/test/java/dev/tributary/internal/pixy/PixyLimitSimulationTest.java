package dev.tributary.internal.pixy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.internal.pixy.RequestGate.Outcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The gate and its limit, with the transports' defaults, against a simulated kafka-pixy in
 * simulated time (1 ms steps): a proxy that serves requests first come, first served at a fixed
 * rate and answers all it holds at its producer's flush, every {@code flush_frequency} or once it
 * holds {@code flush_bytes}. Whether it flushes every 500 ms (its default) or every 5 ms, the
 * same defaults must reach its own limit without tuning.
 */
class PixyLimitSimulationTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  /** Requests per second the simulated proxy can take; what one measured on a busy 2-core box. */
  private static final int CAPACITY = 3_000;
  private static final int RECORD_BYTES = 350;

  @Test
  void aDefaultConfigKafkaPixyIsDrivenToItsCapacityWithinSeconds() {
    Run run = simulate(500, 100);
    assertThat(run.perSecond(30, 100)).as("steady state").isGreaterThan(0.8 * CAPACITY);
    assertThat(run.delivered(0, 10)).as("the first 10 s, from a cold start")
        .isGreaterThan(20_000);
    assertThat(run.peakLimit).as("a 500 ms flush needs well over a thousand requests in flight")
        .isGreaterThan(1_000);
    assertThat(run.finalLimit).as("queueing in the proxy stops the growth, for good")
        .isLessThan(2 * CAPACITY);
  }

  @Test
  void aFiveMillisecondFlushKafkaPixyIsDrivenToItsCapacityWithFewRequests() {
    Run run = simulate(5, 60);
    assertThat(run.perSecond(30, 60)).as("steady state").isGreaterThan(0.8 * CAPACITY);
    assertThat(run.finalLimit).as("no more requests than the proxy can use")
        .isLessThan(1_000);
  }

  @Test
  void anOutageHalvesTheLimitDownAndARestartedProxyIsBackAtCapacityWithinSeconds() {
    Sim sim = new Sim(500);
    sim.runUntil(30);
    sim.proxy.down = true;
    sim.runUntil(40);
    assertThat(sim.gate.limit().limit()).isLessThanOrEqualTo(PixyDefaults.MIN_IN_FLIGHT);
    sim.proxy.down = false;
    sim.runUntil(60);
    assertThat(sim.run.perSecond(50, 60)).isGreaterThan(0.8 * CAPACITY);
  }

  private static Run simulate(long flushMs, int seconds) {
    Sim sim = new Sim(flushMs);
    sim.runUntil(seconds);
    return sim.run;
  }

  /** Delivery counts per simulated second, and the limit's extremes. */
  private static final class Run {
    final List<Integer> perSecond = new ArrayList<>();
    int peakLimit;
    int finalLimit;

    long delivered(int fromSecond, int toSecond) {
      long n = 0;
      for (int s = fromSecond; s < toSecond; s++) {
        n += perSecond.get(s);
      }
      return n;
    }

    double perSecond(int fromSecond, int toSecond) {
      return (double) delivered(fromSecond, toSecond) / (toSecond - fromSecond);
    }
  }

  private static final class Sim {
    final Run run = new Run();
    final Proxy proxy;
    final RequestGate gate;
    long now;
    int thisSecond;

    Sim(long flushMs) {
      proxy = new Proxy(flushMs * MS);
      gate = new RequestGate(new AdaptiveLimit(PixyDefaults.HTTP_INITIAL_IN_FLIGHT,
          PixyDefaults.MIN_IN_FLIGHT, PixyDefaults.HTTP_MAX_IN_FLIGHT),
          PixyDefaults.MAX_IN_FLIGHT_BYTES, () -> now);
    }

    void runUntil(int second) {
      while (now < second * 1_000 * MS) {
        while (gate.queued() < 20_000) {
          gate.submit(new SimCall(this));
        }
        proxy.step(this);
        now += MS;
        if (now % (1_000 * MS) == 0) {
          run.perSecond.add(thisSecond);
          thisSecond = 0;
        }
        run.peakLimit = Math.max(run.peakLimit, gate.limit().limit());
      }
      run.finalLimit = gate.limit().limit();
    }
  }

  /** Serves {@link #CAPACITY} requests a second, answers them at its flush. */
  private static final class Proxy {
    final long flushNanos;
    final ArrayDeque<SimCall> arrived = new ArrayDeque<>();
    final List<SimCall> buffered = new ArrayList<>();
    long bufferedSince;
    double tokens;
    boolean down;

    Proxy(long flushNanos) {
      this.flushNanos = flushNanos;
    }

    void step(Sim sim) {
      if (down) {
        // Connection refused: every request fails at once.
        List<SimCall> refused = new ArrayList<>(arrived);
        arrived.clear();
        refused.addAll(buffered);
        buffered.clear();
        for (SimCall c : refused) {
          sim.gate.finished(c.startNanos, RECORD_BYTES, Outcome.OVERLOADED);
        }
        return;
      }
      tokens = Math.min(tokens + CAPACITY / 1_000.0, CAPACITY / 100.0);
      while (tokens >= 1 && !arrived.isEmpty()) {
        tokens--;
        if (buffered.isEmpty()) {
          bufferedSince = sim.now;
        }
        buffered.add(arrived.poll());
      }
      boolean full = (long) buffered.size() * RECORD_BYTES >= 1 << 20;
      if (!buffered.isEmpty() && (sim.now - bufferedSince >= flushNanos || full)) {
        List<SimCall> done = new ArrayList<>(buffered);
        buffered.clear();
        for (SimCall c : done) {
          sim.thisSecond++;
          sim.gate.finished(c.startNanos, RECORD_BYTES, Outcome.SUCCEEDED);
        }
      }
    }
  }

  private static final class SimCall implements RequestGate.Call {
    final Sim sim;
    long startNanos;

    SimCall(Sim sim) {
      this.sim = sim;
    }

    @Override
    public long bytes() {
      return RECORD_BYTES;
    }

    @Override
    public boolean start(long startNanos) {
      this.startNanos = startNanos;
      sim.proxy.arrived.add(this);
      return true;
    }

    @Override
    public void rejected() {}
  }
}
