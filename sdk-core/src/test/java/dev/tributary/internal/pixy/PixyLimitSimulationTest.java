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
  /** A proxy that is not the bottleneck, when the client's CPU is. */
  private static final int CONTENDED_PROXY = 50_000;
  /** Client CPU per answer: ANSWER_MICROS × (1 + (inFlight / CONTENTION_IN_FLIGHT)²). */
  private static final double ANSWER_MICROS = 25;
  private static final double CONTENTION_IN_FLIGHT = 384;

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
    Sim sim = new Sim(500, CAPACITY, false, defaultLimit());
    sim.runUntil(30);
    sim.proxy.down = true;
    sim.runUntil(40);
    assertThat(sim.gate.limit().limit()).isLessThanOrEqualTo(PixyDefaults.MIN_IN_FLIGHT);
    sim.proxy.down = false;
    sim.runUntil(60);
    assertThat(sim.run.perSecond(50, 60)).isGreaterThan(0.8 * CAPACITY);
  }

  /**
   * Client, proxy and broker share two busy cores: past a few hundred requests in flight, each
   * answer costs the client more CPU (threads, connections, context switches), so throughput
   * peaks and then falls while the latency grows super-linearly. The limit must find the peak,
   * not climb on while more requests in flight only make everything slower.
   */
  @Test
  void aContendedClientAtAFiveMillisecondFlushSettlesNearTheBestLimitAndStaysThere() {
    settlesNearTheBestFixedLimitAndStaysThere(5);
  }

  @Test
  void aContendedClientAtAFiveHundredMillisecondFlushSettlesNearTheBestLimitAndStaysThere() {
    settlesNearTheBestFixedLimitAndStaysThere(500);
  }

  private static void settlesNearTheBestFixedLimitAndStaysThere(long flushMs) {
    int best = 0;
    double bestRate = 0;
    for (int fixed = 64; fixed <= PixyDefaults.HTTP_MAX_IN_FLIGHT; fixed *= 2) {
      Sim sim = new Sim(flushMs, CONTENDED_PROXY, true, new AdaptiveLimit(fixed, fixed, fixed));
      sim.runUntil(20);
      double rate = sim.run.perSecond(10, 20);
      if (rate > bestRate) {
        bestRate = rate;
        best = fixed;
      }
    }
    Sim sim = new Sim(flushMs, CONTENDED_PROXY, true, defaultLimit());
    sim.runUntil(180);
    assertThat(best).as("the model peaks in the hundreds").isBetween(128, 2_048);
    assertThat(sim.run.perSecond(60, 180)).as("steady state, against the best fixed limit's "
        + bestRate + "/s at " + best).isGreaterThan(0.85 * bestRate);
    assertThat(sim.run.limitAt(120)).as("settled limit").isBetween(best / 2, best * 2);
    assertThat(sim.run.limitChanges(60, 180)).as("limit changes in two settled minutes")
        .isLessThanOrEqualTo(20);
  }

  private static AdaptiveLimit defaultLimit() {
    return new AdaptiveLimit(PixyDefaults.HTTP_INITIAL_IN_FLIGHT, PixyDefaults.MIN_IN_FLIGHT,
        PixyDefaults.HTTP_MAX_IN_FLIGHT);
  }

  private static Run simulate(long flushMs, int seconds) {
    Sim sim = new Sim(flushMs, CAPACITY, false, defaultLimit());
    sim.runUntil(seconds);
    return sim.run;
  }

  /** Delivery counts per simulated second, and the limit's extremes. */
  private static final class Run {
    final List<Integer> perSecond = new ArrayList<>();
    /** The limit at the end of each simulated second, and its changes during it. */
    final List<Integer> limits = new ArrayList<>();
    final List<Integer> changes = new ArrayList<>();
    int peakLimit;
    int finalLimit;

    int limitAt(int second) {
      return limits.get(second);
    }

    int limitChanges(int fromSecond, int toSecond) {
      int n = 0;
      for (int s = fromSecond; s < toSecond; s++) {
        n += changes.get(s);
      }
      return n;
    }

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
    /** Answers the proxy sent that the client has not processed yet; null: it keeps up. */
    final ArrayDeque<SimCall> unprocessed;
    double cpuMicros;
    long now;
    int thisSecond;
    int changesThisSecond;

    Sim(long flushMs, int proxyCapacity, boolean contendedClient, AdaptiveLimit limit) {
      proxy = new Proxy(flushMs * MS, proxyCapacity);
      unprocessed = contendedClient ? new ArrayDeque<>() : null;
      gate = new RequestGate(limit, PixyDefaults.MAX_IN_FLIGHT_BYTES, () -> now);
    }

    void answered(SimCall call) {
      if (unprocessed != null) {
        unprocessed.add(call);
      } else {
        delivered(call);
      }
    }

    void delivered(SimCall call) {
      thisSecond++;
      gate.finished(call.startNanos, RECORD_BYTES, Outcome.SUCCEEDED);
    }

    /** One core's millisecond for answers; each costs more the more requests are in flight. */
    void processAnswers() {
      cpuMicros = unprocessed.isEmpty() ? 0 : cpuMicros + 1_000; // idle time is not saved
      while (!unprocessed.isEmpty()) {
        double x = gate.inFlight() / CONTENTION_IN_FLIGHT;
        double cost = ANSWER_MICROS * (1 + x * x);
        if (cpuMicros < cost) {
          break;
        }
        cpuMicros -= cost;
        delivered(unprocessed.poll());
      }
    }

    void runUntil(int second) {
      while (now < second * 1_000 * MS) {
        while (gate.queued() < 20_000) {
          gate.submit(new SimCall(this));
        }
        int before = gate.limit().limit();
        proxy.step(this);
        if (unprocessed != null) {
          processAnswers();
        }
        if (gate.limit().limit() != before) {
          changesThisSecond++;
        }
        now += MS;
        if (now % (1_000 * MS) == 0) {
          run.perSecond.add(thisSecond);
          run.limits.add(gate.limit().limit());
          run.changes.add(changesThisSecond);
          thisSecond = 0;
          changesThisSecond = 0;
        }
        run.peakLimit = Math.max(run.peakLimit, gate.limit().limit());
      }
      run.finalLimit = gate.limit().limit();
    }
  }

  /** Serves {@code capacity} requests a second, answers them at its flush. */
  private static final class Proxy {
    final long flushNanos;
    final int capacity;
    final ArrayDeque<SimCall> arrived = new ArrayDeque<>();
    final List<SimCall> buffered = new ArrayList<>();
    long bufferedSince;
    double tokens;
    boolean down;

    Proxy(long flushNanos, int capacity) {
      this.flushNanos = flushNanos;
      this.capacity = capacity;
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
      tokens = Math.min(tokens + capacity / 1_000.0, capacity / 100.0);
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
          sim.answered(c);
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
