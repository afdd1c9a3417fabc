package dev.tributary.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server started as a child process for a test, which dies with the test JVM.
 *
 * <p>Two guards stop orphans: a JVM shutdown hook kills every child still running when the JVM
 * exits (a failed test, a timeout of the fork), and a watchdog shell beside each child kills it
 * within a second of the JVM vanishing without running its hooks ({@code kill -9}). Output goes
 * to a log file, never the test console: kafka-pixy logs every failed message in full.
 *
 * <p>Thread-safe.
 */
final class ChildProcess {
  private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (ChildProcess c : RUNNING) {
        c.process.destroyForcibly();
        c.watchdog.destroyForcibly();
      }
    }, "child-process-reaper"));
  }

  private final String name;
  private final Process process;
  private final Process watchdog;
  private final Path log;

  private ChildProcess(String name, Process process, Process watchdog, Path log) {
    this.name = name;
    this.process = process;
    this.watchdog = watchdog;
    this.log = log;
  }

  /** Starts {@code command} with {@code env} added, its output appended to {@code log}. */
  static ChildProcess start(String name, List<String> command, Map<String, String> env,
      Path log) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("Could not start " + name + ": " + command, e);
    }
    Process dog;
    try {
      // Polls once a second; ends on its own when the child ends, so it never outlives it.
      String script = "while kill -0 $0 2>/dev/null && kill -0 $1 2>/dev/null; do sleep 1; done;"
          + " kill -0 $0 2>/dev/null || kill -9 $1 2>/dev/null";
      dog = new ProcessBuilder("sh", "-c", script, String.valueOf(ProcessHandle.current().pid()),
          String.valueOf(p.pid())).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      p.destroyForcibly();
      throw new IllegalStateException("Could not start the watchdog of " + name, e);
    }
    ChildProcess c = new ChildProcess(name, p, dog, log);
    RUNNING.add(c);
    return c;
  }

  /**
   * Starts {@code command} as {@link #start} does and polls {@code ready} every
   * {@code pollMillis} until it holds.
   *
   * @throws IllegalStateException with the log's tail if the process exits first or is not ready
   *     within {@code timeout} (it is killed then)
   */
  static ChildProcess startReady(String name, List<String> command, Path log,
      BooleanSupplier ready, Duration timeout, long pollMillis) {
    ChildProcess c = start(name, command, Map.of(), log);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!c.isAlive()) {
        throw new IllegalStateException(name + " exited at start; log tail:\n" + c.logTail(3000));
      }
      if (ready.getAsBoolean()) {
        return c;
      }
      sleep(pollMillis);
    }
    c.stop(Duration.ZERO);
    throw new IllegalStateException(name + " was not ready within " + timeout + "; log tail:\n"
        + c.logTail(3000));
  }

  /**
   * Runs {@code launch} after {@code choosePorts}, up to three times: a port found free can be
   * taken by another process before the child binds it. Only for a first start: a restart must
   * keep its address, so it gets one attempt ({@code firstStart} false).
   */
  static void onFreePorts(boolean firstStart, Runnable choosePorts, Runnable launch) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < (firstStart ? 3 : 1); attempt++) {
      if (firstStart) {
        choosePorts.run();
      }
      try {
        launch.run();
        return;
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw last;
  }

  static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /**
   * Sends SIGTERM and waits up to {@code grace} for the process to exit, then kills it.
   *
   * @return true if it exited within the grace period
   */
  boolean stop(Duration grace) {
    boolean clean = true;
    try {
      process.destroy();
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        clean = false;
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      clean = false;
    } finally {
      watchdog.destroyForcibly();
      RUNNING.remove(this);
    }
    return clean;
  }

  /** The last {@code chars} characters of the log, for failure messages. */
  String logTail(int chars) {
    try {
      byte[] all = Files.readAllBytes(log);
      int from = Math.max(0, all.length - chars);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(log " + log + " unreadable: " + e + ")";
    }
  }

  Path log() {
    return log;
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", log " + log + ")";
  }
}
