package dev.tributary.internal.pixy;

/**
 * The concurrency defaults both kafka-pixy transports (HTTP and gRPC) share, with their reasons.
 * Constants only.
 */
public final class PixyDefaults {
  /**
   * 512 HTTP requests to begin with. A 500 ms-flush kafka-pixy needs a few thousand in flight,
   * and each doubling of slow start costs one to two of its round trips (0.5–1 s), so starting
   * at 128 spent the first 2–3 s of a 10 s close timeout ramping up. A 5 ms-flush one is not
   * slowed by 512: on a busy 2-core machine a plain client was faster at 256 in flight than at
   * 64, and probing takes the limit down to what pays. 512 connections and threads at the
   * start cost a few tens of milliseconds of CPU.
   */
  public static final int HTTP_INITIAL_IN_FLIGHT = 512;
  /**
   * 1,024 gRPC calls to begin with: streams over one connection are cheap, and a plain gRPC
   * client against a 5 ms-flush kafka-pixy was faster at 1,024 in flight than at 256.
   */
  public static final int GRPC_INITIAL_IN_FLIGHT = 1_024;
  /** The limit never drops below this, so a proxy that failed is probed with a few requests. */
  public static final int MIN_IN_FLIGHT = 4;
  /**
   * Most HTTP requests in flight: each is a connection and a thread (kafka-pixy speaks
   * HTTP/1.1 only, and OkHttp blocks a thread per call; the connections are spread over pools of
   * at most 128, see {@link dev.tributary.internal.http.HttpEndpoint}). 4,096: with its default config
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
