package dev.tributary.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoint against a stand-in that holds every request until told to answer, the way
 * kafka-pixy holds a produce until its next flush: many requests in flight spread over
 * connection-pool shards, never more at once than the endpoint's bound, each connection reused,
 * and a call held past {@code http.call.timeout.ms} cut off though no socket timeout is set.
 */
class HttpEndpointIT {
  private HttpServer server;
  private ExecutorService serverThreads;
  private final AtomicInteger holding = new AtomicInteger();
  private final AtomicInteger mostHeld = new AtomicInteger();
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch firstArrived = new CountDownLatch(1);
  private volatile int reached;
  private final Object arrivals = new Object();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1_000);
    serverThreads = Executors.newCachedThreadPool();
    server.setExecutor(serverThreads);
    server.createContext("/", exchange -> {
      clientPorts.add(exchange.getRemoteAddress().getPort());
      exchange.getRequestBody().readAllBytes();
      int now = holding.incrementAndGet();
      mostHeld.accumulateAndGet(now, Math::max);
      synchronized (arrivals) {
        reached++;
        arrivals.notifyAll();
      }
      firstArrived.countDown();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      holding.decrementAndGet();
      byte[] body = "{}".getBytes();
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    server.stop(0);
    serverThreads.shutdownNow();
  }

  @Test
  void requestsSpreadOverPoolShardsNeverExceedTheBoundAndReuseTheirConnections()
      throws Exception {
    // 150 connections: the JDK's HttpServer closes idle connections beyond 200
    // (sun.net.httpserver.maxIdleConnections), which would cut off a reused one mid-request.
    HttpEndpoint endpoint = new HttpEndpoint(settings(Map.of()), null, 150, "test");
    assertThat(endpoint.shards()).as("pools of at most %d connections", HttpEndpoint.SHARD_SIZE)
        .isEqualTo(2);
    BlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();
    for (int i = 0; i < 200; i++) {
      endpoint.enqueue(request(), collect(outcomes));
    }
    awaitArrivals(150);
    assertThat(endpoint.callsInFlight()).as("the rest wait in the client").isEqualTo(200);
    release.countDown();
    for (int i = 0; i < 200; i++) {
      assertThat(outcomes.poll(60, TimeUnit.SECONDS)).isEqualTo(200);
    }
    assertThat(mostHeld.get()).as("held at once").isEqualTo(150);
    assertThat(clientPorts).as("the 50 that waited reused connections").hasSize(150);
    endpoint.close(Duration.ofSeconds(5));
  }

  @Test
  void aCallHeldPastTheCallTimeoutIsCutOffWithoutASocketTimeout() throws Exception {
    HttpEndpoint endpoint = new HttpEndpoint(settings(Map.of("http.call.timeout.ms", "300")),
        null, 4, "test");
    BlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();
    endpoint.enqueue(request(), collect(outcomes));
    assertThat(firstArrived.await(30, TimeUnit.SECONDS)).isTrue();
    // The stand-in holds the answer for up to a minute; the deadline ends the call.
    Object outcome = outcomes.poll(30, TimeUnit.SECONDS);
    assertThat(outcome).isInstanceOf(InterruptedIOException.class);
    assertThat(((Exception) outcome).getMessage()).isEqualTo("timeout");
    endpoint.close(Duration.ZERO);
  }

  private void awaitArrivals(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    synchronized (arrivals) {
      while (reached < n && System.nanoTime() < deadline) {
        arrivals.wait(100);
      }
    }
    assertThat(reached).isEqualTo(n);
  }

  private Request request() {
    return new Request.Builder().url("http://127.0.0.1:" + server.getAddress().getPort() + "/x")
        .post(RequestBody.create("v".getBytes(), MediaType.get("text/plain"))).build();
  }

  private static HttpSettings settings(Map<String, String> properties) {
    return HttpSettings.read(new PropertyReader(properties, "pixy+http"), false);
  }

  private static Callback collect(BlockingQueue<Object> outcomes) {
    return new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        outcomes.add(e);
      }

      @Override
      public void onResponse(Call call, Response response) {
        try (response) {
          outcomes.add(response.code());
        }
      }
    };
  }
}
