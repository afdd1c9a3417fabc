package dev.tributary.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@code main} class run in a child JVM on the test's own class path, for tests where what
 * happens at JVM exit matters: its stdout and stderr are kept line by line, its stdin can be
 * written, and it is killed if the test JVM exits first. Waits are for conditions (a line, the
 * exit), each with a generous bound that only catches a hang.
 *
 * <pre>{@code
 * try (JavaChild child = JavaChild.start(MyMain.class, List.of("-Dx=y"), "1000")) {
 *   child.awaitLine(l -> l.startsWith("done"), Duration.ofSeconds(60));
 *   assertThat(child.awaitExit(Duration.ofSeconds(60))).isZero();
 * }
 * }</pre>
 */
public final class JavaChild implements AutoCloseable {
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
        "java-child-reaper"));
  }

  private final Process process;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();
  private final Thread[] readers;

  private JavaChild(Process process) {
    this.process = process;
    this.readers = new Thread[] {read(process.getInputStream(), stdout, "stdout"),
        read(process.getErrorStream(), stderr, "stderr")};
  }

  /** Starts {@code main} with {@code jvmArgs} (e.g. {@code -Dk=v}) and program {@code args}. */
  public static JavaChild start(Class<?> main, List<String> jvmArgs, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).start();
      RUNNING.add(p);
      return new JavaChild(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + main.getName(), e);
    }
  }

  private static Thread read(InputStream in, List<String> into, String name) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in,
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          into.add(line);
        }
      } catch (IOException ignored) {
        // The child is gone.
      }
    }, "java-child-" + name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * Waits for a line of stdout or stderr matching {@code match}; returns it.
   *
   * @throws AssertionError if none came within {@code bound} or the child exited without one
   */
  public String awaitLine(Predicate<String> match, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline) {
      String found = find(match);
      if (found != null) {
        return found;
      }
      if (!process.isAlive() && readersDone()) {
        break;
      }
      sleepBriefly();
    }
    String found = find(match);
    if (found != null) {
      return found;
    }
    throw new AssertionError("No such line from the child within " + bound + "; it wrote:\n"
        + output());
  }

  /** Writes {@code line} to the child's stdin. */
  public void send(String line) {
    try {
      Writer w = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      w.write(line + "\n");
      w.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("The child's stdin is closed", e);
    }
  }

  /**
   * Waits up to {@code bound} for the child to exit and for its output to be read.
   *
   * @return its exit code
   * @throws AssertionError if it is still running then
   */
  public int awaitExit(Duration bound) {
    try {
      if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("The child still runs after " + bound + "; it wrote:\n"
            + output());
      }
      for (Thread t : readers) {
        t.join(TimeUnit.SECONDS.toMillis(30));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted", e);
    }
    RUNNING.remove(process);
    return process.exitValue();
  }

  public List<String> stdout() {
    return List.copyOf(stdout);
  }

  public List<String> stderr() {
    return List.copyOf(stderr);
  }

  /** Both streams, labelled, for failure messages. */
  public String output() {
    StringBuilder sb = new StringBuilder();
    stdout.forEach(l -> sb.append("out| ").append(l).append('\n'));
    stderr.forEach(l -> sb.append("err| ").append(l).append('\n'));
    return sb.toString();
  }

  @Override
  public void close() {
    process.destroyForcibly();
    RUNNING.remove(process);
  }

  private String find(Predicate<String> match) {
    for (List<String> lines : List.of(stdout, stderr)) {
      for (String l : lines) {
        if (match.test(l)) {
          return l;
        }
      }
    }
    return null;
  }

  private boolean readersDone() {
    for (Thread t : readers) {
      if (t.isAlive()) {
        return false;
      }
    }
    return true;
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted", e);
    }
  }
}
