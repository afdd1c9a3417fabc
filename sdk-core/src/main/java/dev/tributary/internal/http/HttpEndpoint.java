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
 * OkHttp's dispatcher, so enqueueing never blocks), a keep-alive pool sized to match, the
 * configured timeouts, TLS and the auth and extra headers on every request.
 *
 * <p>OkHttp's own silent retries and redirects are off (and every body is a
 * {@link OneShotBody}, which stops the replays those switches do not cover): the producer's
 * sender is the only retry layer, and a redirected POST could not be replayed safely anyway. Threads are daemons named
 * {@code tributary-http-<clientId>}. Thread-safe.
 */
public final class HttpEndpoint {
  private final OkHttpClient client;
  private final ExecutorService executor;
  private final CallDeadlines deadlines;
  private final Object idle = new Object();
  private volatile boolean closed;

  /**
   * @param maxInFlight requests running at once; more wait in the dispatcher's queue
   */
  public HttpEndpoint(HttpSettings settings, TlsMaterial tls, int maxInFlight, String clientId) {
    this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
        // Unbounded like OkHttp's own: the dispatcher already caps concurrency, and a bounded
        // pool could reject a call promoted while the finishing thread has not returned yet.
        new SynchronousQueue<>(), daemonThreads("tributary-http-" + clientId));
    Dispatcher dispatcher = new Dispatcher(executor);
    dispatcher.setMaxRequests(maxInFlight);
    dispatcher.setMaxRequestsPerHost(maxInFlight);
    dispatcher.setIdleCallback(() -> {
      synchronized (idle) {
        idle.notifyAll();
      }
    });
    OkHttpClient.Builder b = new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(maxInFlight,
            HttpKeys.KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS))
        .connectTimeout(settings.connectTimeout())
        // CallDeadlines bounds the whole exchange (OkHttp's callTimeout is too costly with
        // thousands of calls in flight); per-read and per-write limits as long only guard the
        // sockets, without cutting a slow proxy off earlier than the user asked.
        .readTimeout(settings.callTimeout())
        .writeTimeout(settings.callTimeout())
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .addInterceptor(new FixedHeaders(settings.authorization(), settings.headers()));
    if (tls != null) {
      b.sslSocketFactory(tls.socketFactory(), tls.trustManager());
    }
    this.client = b.build();
    this.deadlines = new CallDeadlines(settings.callTimeout().toNanos(), clientId);
  }

  /**
   * Starts {@code request}; {@code callback} hears exactly once, on an OkHttp thread. After
   * {@link #close} it fails at once with an {@code IOException}.
   */
  public void enqueue(Request request, Callback callback) {
    Call call = client.newCall(request);
    if (closed) {
      callback.onFailure(call, new IOException("transport closed"));
      return;
    }
    deadlines.enqueue(call, callback);
  }

  /**
   * Waits up to {@code timeout} for requests in flight or queued, then cancels the rest (their
   * callbacks hear an {@code IOException}) and releases connections and threads.
   */
  public void close(Duration timeout) {
    closed = true;
    Dispatcher d = client.dispatcher();
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    synchronized (idle) {
      while (d.runningCallsCount() + d.queuedCallsCount() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          // The idle callback wakes us; the cap covers a call that ends without it firing.
          idle.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    d.cancelAll();
    deadlines.close();
    executor.shutdown();
    client.connectionPool().evictAll();
  }

  /** Requests running or queued, for tests and diagnostics. */
  public int callsInFlight() {
    Dispatcher d = client.dispatcher();
    return d.runningCallsCount() + d.queuedCallsCount();
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
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
