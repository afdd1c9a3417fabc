package dev.tributary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testkit.InProcessKafka;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The heap a producer holds with Kafka unreachable (a closed port) and its default 32 MiB buffer
 * full stays within 1.10× the buffer: measured in a child JVM with a fixed heap, after a full
 * collection, against the heap in use once the producer had started. Under each G1 region size
 * a service's heap may give (1 MiB up to 2 GiB of heap, 2 MiB up to 4 GiB, 4 MiB up to 8 GiB),
 * since the buffer's chunks are sized against the region.
 */
class HeldMemoryIT {
  private static final Pattern RESULT = Pattern.compile(
      "held=(\\d+) buffer=(\\d+) buffered=(\\d+) dropped=(\\d+) retried=(\\d+) "
          + "before=(\\d+)");

  @ParameterizedTest(name = "G1 regions of {0}")
  @ValueSource(strings = {"1m", "2m", "4m"})
  void theHeapHeldWithTheBufferFullIsWithinATenthOfTheBuffer(String region) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Soft references cleared at every collection: the JDK's and libraries' soft caches would
    // otherwise be in one measurement and not the other.
    Process child = new ProcessBuilder(java, "-Xms256m", "-Xmx256m", "-XX:+UseG1GC",
        "-XX:G1HeapRegionSize=" + region, "-XX:SoftRefLRUPolicyMSPerMB=0",
        "-cp", System.getProperty("java.class.path"),
        HeldMemoryChild.class.getName(), Integer.toString(InProcessKafka.freePort()))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    Matcher m = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        Matcher candidate = RESULT.matcher(line);
        if (candidate.find()) {
          m = candidate;
        }
      }
    } finally {
      if (!child.waitFor(60, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
    assertThat(m).as("the child's result line").isNotNull();
    long held = Long.parseLong(m.group(1));
    long buffer = Long.parseLong(m.group(2));
    long buffered = Long.parseLong(m.group(3));
    System.out.printf("G1 regions of %s: held %,d bytes with %,d buffered = %.3f x the buffer "
        + "of %,d (heap in use before: %,d); dropped %s, retried %s%n", region, held, buffered,
        (double) held / buffer, buffer, Long.parseLong(m.group(6)), m.group(4), m.group(5));
    assertThat(buffered).as("the buffer was full").isGreaterThan(buffer - 4096);
    assertThat(Long.parseLong(m.group(5))).as("the first batch waits for a retry").isPositive();
    assertThat((double) held / buffer).as("heap held / bufferSize").isLessThanOrEqualTo(1.10)
        // Less than what the buffer holds would mean the measurement missed something.
        .isGreaterThan(0.9);
  }
}
