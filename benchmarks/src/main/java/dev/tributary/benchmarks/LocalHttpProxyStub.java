package dev.tributary.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A kafka-pixy HTTP and REST v2 stand-in on 127.0.0.1 that acknowledges every record at once,
 * with no Kafka behind it, so {@link HttpTransportBenchmark} measures the client. Answers
 * {@code POST /topics/<t>/messages} with {@code {"partition":0,"offset":N}} and
 * {@code POST /topics/<t>} with one offset per record of the body. Thread-safe.
 */
final class LocalHttpProxyStub implements AutoCloseable {
  private static final byte[] VALUE_FIELD = "\"value\":\"".getBytes(StandardCharsets.US_ASCII);

  static {
    // Headers and body leave in separate writes; without this, Nagle's algorithm and the
    // client's delayed ACK add ~40 ms to every answer.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicLong answered = new AtomicLong();

  LocalHttpProxyStub(int threads) throws IOException {
    AtomicInteger n = new AtomicInteger();
    executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "proxy-stub-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Records acknowledged so far. */
  long answered() {
    return answered.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      byte[] body = ex.getRequestBody().readAllBytes();
      String response;
      if (ex.getRequestURI().getPath().endsWith("/messages")) {
        response = "{\"partition\":0,\"offset\":" + answered.getAndIncrement() + "}";
      } else {
        int records = count(body);
        long first = answered.getAndAdd(records);
        StringBuilder sb = new StringBuilder(records * 48 + 32).append("{\"offsets\":[");
        for (int i = 0; i < records; i++) {
          sb.append(i == 0 ? "" : ",").append("{\"partition\":0,\"offset\":").append(first + i)
              .append(",\"error_code\":null,\"error\":null}");
        }
        response = sb.append("]}").toString();
      }
      byte[] bytes = response.getBytes(StandardCharsets.US_ASCII);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, bytes.length);
      ex.getResponseBody().write(bytes);
    } finally {
      ex.close();
    }
  }

  /** Records in a v2 body: occurrences of {@code "value":"} (base64 never contains quotes). */
  private static int count(byte[] body) {
    int n = 0;
    outer:
    for (int i = 0; i + VALUE_FIELD.length <= body.length; i++) {
      for (int j = 0; j < VALUE_FIELD.length; j++) {
        if (body[i + j] != VALUE_FIELD[j]) {
          continue outer;
        }
      }
      n++;
      i += VALUE_FIELD.length - 1;
    }
    return n;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
