package com.example.orders.log4j2;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.samples.OrderDesk;
import dev.tributary.samples.OrdersTraffic;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.message.MapMessage;

/**
 * A small order service on the JDK's HTTP server, logging through the Log4j2 API: every request
 * runs with its request id in the ThreadContext (from {@code X-Request-Id}, or a new one,
 * returned in the response either way), and ends with one access log line, a {@link MapMessage}
 * whose {@code method}, {@code path}, {@code status} and {@code latencyMs} entries become JSON
 * fields; a failed request logs its exception. Bound to 127.0.0.1. The same service as the
 * Logback sample's but for the logging calls.
 *
 * <ul>
 *   <li>{@code GET /hello?name=ada} answers 200 with a greeting;
 *   <li>{@code POST /orders} with {@code sku=SKU-12345&qty=2} answers 201 with the order id, 400
 *       for a bad form, 500 when the inventory fails ({@code sku=SKU-00000}).
 * </ul>
 *
 * <p>It lives in {@code com.example}, as a user's service would: the appender never ships
 * events of {@code dev.tributary} loggers (its loop safety), so a sample under that package
 * would ship nothing. Thread-safe; requests are served by a small pool of named threads.
 */
public final class OrdersService implements AutoCloseable {
  /** The logger of the access log lines, one per request. */
  public static final String ACCESS_LOGGER = "com.example.orders.log4j2.AccessLog";
  /** The ThreadContext key of the request id; {@code log4j2.xml} keys records by it. */
  public static final String REQUEST_ID = "requestId";

  private static final Logger log = LogManager.getLogger(OrdersService.class);
  private static final Logger access = LogManager.getLogger(ACCESS_LOGGER);

  static {
    // The JDK server writes a response's headers and body separately; with Nagle's algorithm
    // on, the body waits for the client's delayed ACK (~40 ms a request). Read once, when the
    // JDK's server classes first load.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final OrderDesk desk = new OrderDesk();
  private final HttpServer server;
  private final ExecutorService executor;

  private OrdersService(int port) throws IOException {
    AtomicInteger n = new AtomicInteger();
    executor = Executors.newFixedThreadPool(4, r -> new Thread(r, "http-" + n.incrementAndGet()));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.setExecutor(executor);
    server.createContext("/hello", exchange -> serve(exchange, "GET", this::hello));
    server.createContext("/orders", exchange -> serve(exchange, "POST", this::placeOrder));
  }

  /** Starts serving on 127.0.0.1:{@code port} (0 = any free port). */
  public static OrdersService start(int port) throws IOException {
    OrdersService service = new OrdersService(port);
    service.server.start();
    log.info("orders service listening on {}", service.uri());
    return service;
  }

  /** The service's root URI, e.g. {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Stops accepting requests, lets running ones finish (up to a second) and stops the pool. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("orders service stopped");
  }

  private Response hello(HttpExchange exchange) {
    return new Response(200, desk.hello(exchange.getRequestURI().getRawQuery()));
  }

  private Response placeOrder(HttpExchange exchange) throws IOException {
    OrderDesk.Order order;
    try (InputStream body = exchange.getRequestBody()) {
      order = desk.place(new String(body.readAllBytes(), StandardCharsets.UTF_8));
    }
    log.info("order {} placed: {} x {}", order.orderId(), order.quantity(), order.sku());
    return new Response(201, "{\"orderId\":\"" + order.orderId() + "\"}\n");
  }

  /**
   * Runs one request with its id in the ThreadContext, answers it, and writes its access log
   * line.
   */
  private void serve(HttpExchange exchange, String method, Handler handler) throws IOException {
    long start = System.nanoTime();
    String requestId = OrderDesk.requestId(
        exchange.getRequestHeaders().getFirst(OrdersTraffic.REQUEST_ID_HEADER));
    String path = exchange.getRequestURI().getPath();
    ThreadContext.put(REQUEST_ID, requestId);
    int status = 500;
    try {
      Response response;
      if (!method.equals(exchange.getRequestMethod())) {
        response = new Response(405, method + " only\n");
      } else {
        response = handle(handler, exchange, requestId);
      }
      status = response.status();
      exchange.getResponseHeaders().set(OrdersTraffic.REQUEST_ID_HEADER, requestId);
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } finally {
      long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      String line = exchange.getRequestMethod() + " " + path + " " + status + " in "
          + latencyMs + " ms";
      access.info(new AccessLine()
          .with("message", line)
          .with("method", exchange.getRequestMethod())
          .with("path", path)
          .with("status", status)
          .with("latencyMs", latencyMs));
      ThreadContext.remove(REQUEST_ID);
      exchange.close();
    }
  }

  private static Response handle(Handler handler, HttpExchange exchange, String requestId) {
    try {
      return handler.handle(exchange);
    } catch (IllegalArgumentException e) {
      log.info("rejected: {}", e.getMessage());
      return new Response(400, e.getMessage() + "\n");
    } catch (Exception e) {
      log.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
      return new Response(500, "internal error, request id " + requestId + "\n");
    }
  }

  @FunctionalInterface
  private interface Handler {
    Response handle(HttpExchange exchange) throws IOException;
  }

  private record Response(int status, String body) {}

  /** A map message whose numbers stay numbers in the JSON (StringMapMessage would quote them). */
  private static final class AccessLine extends MapMessage<AccessLine, Object> {
    private static final long serialVersionUID = 1L;
  }
}
