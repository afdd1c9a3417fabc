package dev.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server started through the test kit dies with the test JVM, even when that JVM is killed
 * with SIGKILL and runs no shutdown hook: no orphan proxies on a machine after a failed run.
 */
class ChildProcessIT {
  @TempDir
  Path dir;

  @Test
  void aChildOutlivesNoKilledTestJvm() throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Parent.class.getName(), dir.resolve("child.log").toString()).redirectErrorStream(true)
        .start();
    long childPid;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertThat(line).as("the parent JVM reports its child").startsWith("child ");
      childPid = Long.parseLong(line.substring("child ".length()));
    }
    Optional<ProcessHandle> child = ProcessHandle.of(childPid);
    assertThat(child).isPresent();
    jvm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    // The watchdog polls once a second.
    assertThat(child.get().onExit().get(15, TimeUnit.SECONDS).isAlive()).isFalse();
  }

  @Test
  void stopSendsSigtermAndWaits() throws Exception {
    ChildProcess c = ChildProcess.start("sleeper", List.of("sleep", "600"), java.util.Map.of(),
        Files.createFile(dir.resolve("sleep.log")));
    assertThat(c.isAlive()).isTrue();
    assertThat(c.stop(Duration.ofSeconds(10))).isTrue();
    assertThat(c.isAlive()).isFalse();
  }

  /** Starts a long sleep through the test kit, prints its pid and waits to be killed. */
  public static final class Parent {
    public static void main(String[] args) throws Exception {
      ChildProcess c = ChildProcess.start("sleeper", List.of("sleep", "600"), java.util.Map.of(),
          Paths.get(args[0]));
      System.out.println("child " + c.pid());
      System.out.flush();
      Thread.sleep(600_000);
    }
  }
}
