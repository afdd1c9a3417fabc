package dev.tributary.internal.appender;

/**
 * Keeps an appender from shipping events that the shipping itself causes: events from the
 * SDK's own loggers and threads, and events logged on a thread that is already inside the
 * appender. Without it, an appender on the root logger feeds Kafka's client logs back into
 * Kafka, or recurses until the stack overflows.
 *
 * <p>Appenders drop (and count) what this rejects. Thread-safe.
 */
public final class LoopGuard {
  /** Loggers whose events are produced by the shipping path itself. */
  private static final String[] INTERNAL_LOGGER_PREFIXES = {
      "dev.tributary", "org.apache.kafka", "kafka.", "okhttp3", "okio", "io.grpc", "io.netty",
      "io.perfmark", "state.change.logger"};
  /** Threads owned by the SDK and the clients it drives. */
  private static final String[] INTERNAL_THREAD_PREFIXES = {
      "tributary-", "kafka-producer-network-thread", "OkHttp ", "grpc-"};

  private final ThreadLocal<boolean[]> inside = ThreadLocal.withInitial(() -> new boolean[1]);

  /** True for loggers of the SDK and of the clients it uses. */
  public static boolean isInternalLogger(String loggerName) {
    if (loggerName == null) {
      return false;
    }
    for (String prefix : INTERNAL_LOGGER_PREFIXES) {
      if (loggerName.startsWith(prefix)) {
        int n = prefix.length();
        if (prefix.endsWith(".") || loggerName.length() == n || loggerName.charAt(n) == '.') {
          return true;
        }
      }
    }
    return false;
  }

  /** True for the SDK's own threads and its clients' I/O threads. */
  public static boolean isInternalThread(String threadName) {
    if (threadName == null) {
      return false;
    }
    for (String prefix : INTERNAL_THREAD_PREFIXES) {
      if (threadName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Marks the current thread as inside the appender. Returns false if it already was (a
   * re-entrant call, which the caller must drop); otherwise the caller must call {@link #exit()}
   * in a finally block.
   */
  public boolean enter() {
    boolean[] flag = inside.get();
    if (flag[0]) {
      return false;
    }
    flag[0] = true;
    return true;
  }

  public void exit() {
    inside.get()[0] = false;
  }
}
