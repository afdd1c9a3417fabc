package dev.tributary.benchmarks;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real proxy (kafka-pixy, the Strimzi bridge) in a child process in front of the suite's
 * broker, for the whole run: unpacked from {@code ../shared/peers} into a temporary folder,
 * started on two free loopback ports, waited for until it answers, stopped with SIGTERM at the
 * end (forcibly after 30 s) and its folder deleted. A port found free can be taken before the
 * proxy binds it, so a start that fails is tried again on new ports, up to three times.
 * Subclasses say how to unpack, configure and probe their proxy. Thread-safe.
 */
abstract class ProxyProcess implements SuiteService {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private Path dir;
  private Process process;

  /** Unpacks the proxy into {@code dir} (once per run). */
  abstract void unpack(Path dir) throws IOException;

  /** The command that starts the proxy on these ports, its config written into {@code dir}. */
  abstract List<String> command(Path dir, String bootstrap, int port, int secondPort)
      throws IOException;

  /** Whether the proxy started on these ports answers yet. */
  abstract boolean ready(int port, int secondPort);

  /**
   * Has the proxy do once what it does lazily on its first request (e.g. create its Kafka
   * producer), so that cost falls on no trial; nothing by default.
   */
  void warmUp(int port, int secondPort) throws IOException {}

  /** What the forks are told: the proxy's address(es) as system properties. */
  abstract Map<String, String> published(int port, int secondPort);

  @Override
  public synchronized Map<String, String> start(Map<String, String> before) throws IOException {
    String bootstrap = before.get(BrokerProcess.BOOTSTRAP_PROPERTY);
    if (bootstrap == null) {
      throw new IOException(name() + " needs the Kafka broker started before it");
    }
    dir = Files.createTempDirectory("tributary-bench-proxy-");
    try {
      unpack(dir);
      IOException last = null;
      for (int attempt = 0; attempt < 3; attempt++) {
        int port = BrokerProcess.freePort();
        int second = BrokerProcess.freePort();
        try {
          launch(command(dir, bootstrap, port, second), port, second);
          warmUp(port, second);
          return published(port, second);
        } catch (IOException e) {
          last = e;
        }
      }
      throw last;
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void launch(List<String> command, int port, int second) throws IOException {
    Path log = dir.resolve("proxy.log");
    process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(name() + " exited with " + process.exitValue()
            + " while starting: " + tail(log));
      }
      if (ready(port, second)) {
        return;
      }
      sleep(100);
    }
    stop(Duration.ZERO);
    throw new IOException(name() + " did not answer within " + READY_TIMEOUT + ": " + tail(log));
  }

  @Override
  public synchronized void close() {
    stop(STOP_GRACE);
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        System.err.println("could not delete " + dir + ": " + e);
      }
      dir = null;
    }
  }

  private void stop(Duration grace) {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Whether {@code GET http://127.0.0.1:<port><path>} answers 200. */
  static boolean answers200(int port, String path) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path)
          .toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(2000);
      try {
        return c.getResponseCode() == 200;
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether something accepts connections on {@code port}. */
  static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
