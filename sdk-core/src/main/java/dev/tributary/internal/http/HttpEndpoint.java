package dev.tributary.internal.http;

import dev.tributary.internal.tls.TlsMaterial;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One proxy's OkHttp client: a bounded number of requests in flight (the rest queue inside
 * OkHttp's dispatchers, so enqueueing never blocks), keep-alive pools sized to match, the
 * configured timeouts, TLS and the auth and extra headers on every request.
 *
 * <p>Many requests in flight (kafka-pixy needs thousands) are spread over <b>shards</b>, each an
 * OkHttp client with its own dispatcher and connection pool of at most {@link #SHARD_SIZE}
 * connections, sharing one thread pool: OkHttp finds a pooled connection, and cleans its pool,
 * by walking every connection in it, so one pool of thousands of HTTP/1.1 connections spent
 * most of the CPU on those walks (measured with JFR against the real kafka-pixy). A request
 * goes to the shard with the fewest; the shards' limits add up to {@code maxInFlight}.
 *
 * <p>No per-read or per-write socket timeout is set: okio keeps every pending socket read in one
 * JVM-wide list sorted by deadline, which with thousands of reads waiting for kafka-pixy's next
 * flush was the other big cost. {@link CallDeadlines} bounds the whole exchange instead: it
 * cancels a call at {@code http.call.timeout.ms}, which closes its socket and ends a blocked
 * read. Connecting keeps its own timeout.
 *
 * <p>OkHttp's own silent retries and redirects are off (and every body is a
 * {@link OneShotBody}, which stops the replays those switches do not cover): the producer's
 * sender is the only retry layer, and a redirected POST could not be replayed safely anyway.
 * Threads are daemons named {@code tributary-http-<clientId>}. Thread-safe.
 */
public final class HttpEndpoint {
  /** Most connections (and requests in flight) per shard: a pool walk stays short. */
  static final int SHARD_SIZE = 128;

  private final Shard[] shards;
  private final ExecutorService executor;
  private final CallDeadlines deadlines;
  private final Object idle = new Object();
  private volatile boolean closed;

  /**
   * @param maxInFlight requests running at once; more wait in the dispatchers' queues
   */
  public HttpEndpoint(HttpSettings settings, TlsMaterial tls, int maxInFlight, String clientId) {
    this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
        // Unbounded like OkHttp's own: the dispatchers already cap concurrency, and a bounded
        // pool could reject a call promoted while the finishing thread has not returned yet.
        new SynchronousQueue<>(), daemonThreads("tributary-http-" + clientId));
    OkHttpClient.Builder b = new OkHttpClient.Builder()
        .connectTimeout(settings.connectTimeout())
        .readTimeout(Duration.ZERO)
        .writeTimeout(Duration.ZERO)
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .addInterceptor(new FixedHeaders(settings.authorization(), settings.headers()));
    if (tls != null) {
      b.sslSocketFactory(tls.socketFactory(), tls.trustManager());
    }
    int count = (maxInFlight + SHARD_SIZE - 1) / SHARD_SIZE;
    this.shards = new Shard[count];
    for (int i = 0; i < count; i++) {
      // Limits that add up to maxInFlight exactly.
      int limit = maxInFlight / count + (i < maxInFlight % count ? 1 : 0);
      Dispatcher dispatcher = new Dispatcher(executor);
      dispatcher.setMaxRequests(limit);
      dispatcher.setMaxRequestsPerHost(limit);
      dispatcher.setIdleCallback(() -> {
        synchronized (idle) {
          idle.notifyAll();
        }
      });
      shards[i] = new Shard(b.dispatcher(dispatcher)
          .connectionPool(new ConnectionPool(limit, HttpKeys.KEEP_ALIVE.toMillis(),
              TimeUnit.MILLISECONDS))
          .build());
    }
    this.deadlines = new CallDeadlines(settings.callTimeout().toNanos(), clientId);
  }

  /**
   * Starts {@code request}; {@code callback} hears exactly once, on an OkHttp thread. After
   * {@link #close} it fails at once with an {@code IOException}.
   */
  public void enqueue(Request request, Callback callback) {
    Shard shard = leastLoaded();
    Call call = shard.client.newCall(request);
    if (closed) {
      callback.onFailure(call, new IOException("transport closed"));
      return;
    }
    shard.calls.incrementAndGet();
    deadlines.enqueue(call, new Counted(shard, callback));
  }

  /**
   * Waits up to {@code timeout} for requests in flight or queued, then cancels the rest (their
   * callbacks hear an {@code IOException}) and releases connections and threads.
   */
  public void close(Duration timeout) {
    closed = true;
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    synchronized (idle) {
      while (callsInFlight() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          // The idle callbacks wake us; the cap covers a call that ends without one firing.
          idle.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    for (Shard s : shards) {
      s.client.dispatcher().cancelAll();
    }
    deadlines.close();
    executor.shutdown();
    for (Shard s : shards) {
      s.client.connectionPool().evictAll();
    }
  }

  /** Shards, for tests. */
  int shards() {
    return shards.length;
  }

  private Shard leastLoaded() {
    Shard best = shards[0];
    int fewest = best.calls.get();
    for (int i = 1; i < shards.length && fewest > 0; i++) {
      int n = shards[i].calls.get();
      if (n < fewest) {
        best = shards[i];
        fewest = n;
      }
    }
    return best;
  }

  /** Requests running or queued, for tests and diagnostics. */
  public int callsInFlight() {
    int n = 0;
    for (Shard s : shards) {
      Dispatcher d = s.client.dispatcher();
      n += d.runningCallsCount() + d.queuedCallsCount();
    }
    return n;
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** One OkHttp client (dispatcher and pool) and how many calls it has running or queued. */
  private static final class Shard {
    final OkHttpClient client;
    final AtomicInteger calls = new AtomicInteger();

    Shard(OkHttpClient client) {
      this.client = client;
    }
  }

  /** Counts a call out of its shard when it ends, then reports it. */
  private static final class Counted implements Callback {
    private final Shard shard;
    private final Callback callback;

    Counted(Shard shard, Callback callback) {
      this.shard = shard;
      this.callback = callback;
    }

    @Override
    public void onFailure(Call call, IOException e) {
      shard.calls.decrementAndGet();
      callback.onFailure(call, e);
    }

    @Override
    public void onResponse(Call call, Response response) throws IOException {
      shard.calls.decrementAndGet();
      callback.onResponse(call, response);
    }
  }

  /** Adds the auth header and the user's extra headers; holds secrets, so no toString. */
  private static final class FixedHeaders implements Interceptor {
    private final String authorization;
    private final Map<String, String> headers;

    FixedHeaders(String authorization, Map<String, String> headers) {
      this.authorization = authorization;
      this.headers = headers;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
      // User headers come after the default User-Agent, so http.header.User-Agent replaces it.
      Request.Builder b = chain.request().newBuilder().header("User-Agent", "tributary");
      headers.forEach(b::header);
      if (authorization != null) {
        b.header("Authorization", authorization);
      }
      return chain.proceed(b.build());
    }
  }
}
