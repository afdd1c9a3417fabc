package dev.tributary.grpc.internal;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/2 channel to kafka-pixy and the threads it owns, closed together.
 *
 * <p>The channel gets threads of its own rather than grpc-java's shared pools, so they are
 * daemon threads named {@code tributary-grpc-<clientId>}, which the appenders recognise as the
 * SDK's own and never log from, and so closing the producer leaves no thread behind.
 * Callbacks run directly on the I/O thread ({@code directExecutor}): they only complete
 * records. Retries are off: the producer's sender is the one retry layer.
 */
final class PixyChannel {
  private final ManagedChannel channel;
  private final EventLoopGroup group;
  private final ExecutorService offload;

  private PixyChannel(ManagedChannel channel, EventLoopGroup group, ExecutorService offload) {
    this.channel = channel;
    this.group = group;
    this.offload = offload;
  }

  /** Builds the channel; connects lazily on the first call, so never blocks here. */
  static PixyChannel open(GrpcSettings settings, String clientId) {
    ChannelCredentials credentials = InsecureChannelCredentials.create();
    if (settings.tls) {
      TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
      if (settings.trustManagers != null) {
        tls.trustManager(settings.trustManagers);
      }
      if (settings.keyManagers != null) {
        tls.keyManager(settings.keyManagers);
      }
      credentials = tls.build();
    }
    EventLoopGroup group = new NioEventLoopGroup(1,
        new DefaultThreadFactory("tributary-grpc-" + clientId, true));
    ThreadPoolExecutor offload = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "tributary-grpc-offload-" + clientId);
          t.setDaemon(true);
          return t;
        });
    offload.allowCoreThreadTimeOut(true);
    try {
      return new PixyChannel(builder(settings, credentials, group, offload).build(), group,
          offload);
    } catch (RuntimeException | Error e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      offload.shutdownNow();
      throw e;
    }
  }

  private static NettyChannelBuilder builder(GrpcSettings settings,
      ChannelCredentials credentials, EventLoopGroup group, ExecutorService offload) {
    NettyChannelBuilder builder = NettyChannelBuilder
        .forAddress(settings.host, settings.port, credentials)
        .eventLoopGroup(group)
        .channelType(NioSocketChannel.class)
        // Name resolution blocks; it runs here instead of grpc-java's shared executor.
        .offloadExecutor(offload)
        .directExecutor()
        .disableRetry()
        .userAgent("tributary");
    if (settings.authority != null) {
      builder.overrideAuthority(settings.authority);
    }
    if (!settings.keepAlive.isZero()) {
      builder.keepAliveTime(settings.keepAlive.toMillis(), TimeUnit.MILLISECONDS)
          .keepAliveWithoutCalls(false);
    }
    if (!settings.metadata.isEmpty()) {
      builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers(settings.metadata)));
    }
    return builder;
  }

  private static Metadata headers(Map<String, String> values) {
    Metadata md = new Metadata();
    values.forEach((k, v) -> md.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
    return md;
  }

  ManagedChannel channel() {
    return channel;
  }

  /**
   * Lets calls in flight finish until {@code timeout}, then cancels the rest and stops the
   * threads; returns by the timeout (plus a few milliseconds of bookkeeping).
   *
   * @return false if something was still running at the deadline
   */
  boolean close(Duration timeout) {
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    boolean clean = true;
    try {
      channel.shutdown();
      if (!channel.awaitTermination(left(deadline), TimeUnit.NANOSECONDS)) {
        channel.shutdownNow();
        // Cancelling is local; give the I/O thread a moment to report the cancelled calls.
        clean = channel.awaitTermination(Math.min(left(deadline),
            TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
      }
      // No quiet period: nothing new can arrive once the channel is down.
      long stopMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(left(deadline)));
      clean &= group.shutdownGracefully(0, stopMs, TimeUnit.MILLISECONDS)
          .await(left(deadline), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      channel.shutdownNow();
      clean = false;
    } finally {
      offload.shutdownNow();
    }
    return clean;
  }

  private static long left(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }
}
