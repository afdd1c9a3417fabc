package dev.tributary.internal.pixy;

/**
 * The concurrency defaults both kafka-pixy transports (HTTP and gRPC) share, with their reasons.
 * Constants only.
 */
public final class PixyDefaults {
  /**
   * 64 requests to begin with: enough that a 500 ms-flush proxy reaches thousands in flight
   * within five round trips of slow start, few enough not to open needless connections to a
   * 5 ms-flush one, which needs a few dozen.
   */
  public static final int INITIAL_IN_FLIGHT = 64;
  /** The limit never drops below this, so a proxy that failed is probed with a few requests. */
  public static final int MIN_IN_FLIGHT = 4;
  /**
   * Most HTTP requests in flight: each is a connection and a thread (kafka-pixy speaks
   * HTTP/1.1 only). 4,096 covers a 500 ms flush at about 8,000 records/s, beyond which its
   * 1 MiB {@code flush_bytes} makes it flush sooner anyway.
   */
  public static final int HTTP_MAX_IN_FLIGHT = 4_096;
  /** Most gRPC calls in flight: HTTP/2 streams over one connection cost little each. */
  public static final int GRPC_MAX_IN_FLIGHT = 16_384;
  /**
   * 8 MiB of records in flight at most, however high the limit climbs: kafka-pixy flushes at
   * 1 MiB, so more only sits in its memory.
   */
  public static final long MAX_IN_FLIGHT_BYTES = 8L << 20;

  private PixyDefaults() {}
}
