package dev.tributary.internal.pixy;

/**
 * The concurrency defaults both kafka-pixy transports (HTTP and gRPC) share, with their reasons.
 * Constants only.
 */
public final class PixyDefaults {
  /**
   * 128 HTTP requests to begin with: a 500 ms-flush proxy reaches thousands in flight within
   * four round trips of slow start, while a 5 ms-flush one, which needs a few dozen, gets few
   * needless connections and threads (probing then takes the limit down).
   */
  public static final int HTTP_INITIAL_IN_FLIGHT = 128;
  /** 256 gRPC calls to begin with: streams are cheap, so slow start can begin higher. */
  public static final int GRPC_INITIAL_IN_FLIGHT = 256;
  /** The limit never drops below this, so a proxy that failed is probed with a few requests. */
  public static final int MIN_IN_FLIGHT = 4;
  /**
   * Most HTTP requests in flight: each is a connection and a thread (kafka-pixy speaks
   * HTTP/1.1 only, and OkHttp blocks a thread per call). 4,096: with its default config
   * kafka-pixy flushes every 500 ms or once it holds 1 MiB, which small log records reach
   * only with a few thousand in flight; a raw client needed that many to get the most out of
   * it on a 2-core machine.
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
