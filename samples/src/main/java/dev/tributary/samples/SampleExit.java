package dev.tributary.samples;

/**
 * How every sample's {@code main} ends: exit code 0 when the run reports success, 1 when it
 * ran but something is missing (its summary says what), 2 with the stack trace when the sample
 * itself failed. Exits even if Kafka's server code left non-daemon threads behind.
 */
public final class SampleExit {
  /** A sample's run: prints its summary and says whether everything arrived. */
  @FunctionalInterface
  public interface Run {
    boolean ok() throws Exception;
  }

  private SampleExit() {}

  /** Runs {@code run}, then exits the JVM with its code. */
  public static void runAndExit(Run run) {
    int code;
    try {
      code = run.ok() ? 0 : 1;
    } catch (Exception e) {
      e.printStackTrace(); // the sample failed: its whole story is the stack trace
      code = 2;
    }
    System.out.flush();
    System.exit(code);
  }
}
