package dev.tributary.samples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The load loop of the sample services: sends a fixed mix of requests to their two endpoints
 * and remembers, for each, the request id and the status the service answered.
 *
 * <p>Of every 20 requests: 5 are {@code GET /hello}, 15 are {@code POST /orders}, of which one
 * has no quantity (answered 400) and one orders {@value #UNAVAILABLE_SKU} (the service fails with
 * an exception, 500). Every 7th request carries no {@code X-Request-Id}, so the service makes
 * one up and returns it in the response's {@code X-Request-Id}. Not thread-safe.
 */
public final class OrdersTraffic {
  /** The request header that carries the request id, both ways. */
  public static final String REQUEST_ID_HEADER = "X-Request-Id";
  /** A SKU the sample services fail on with an exception, to show error logging. */
  public static final String UNAVAILABLE_SKU = "SKU-00000";

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final URI base;
  private final String runId;
  private final SplittableRandom random = new SplittableRandom(42);

  /**
   * @param base the service's root, e.g. {@code http://127.0.0.1:8080/}
   * @param runId prefix of the request ids this loop makes, so one run's records can be told
   *     from another's on a shared topic
   */
  public OrdersTraffic(URI base, String runId) {
    this.base = base;
    this.runId = runId;
  }

  /** One request as the client saw it. */
  public record Sent(String requestId, String method, String path, int status) {}

  /** Sends {@code count} requests, one after another, and returns them in order. */
  public List<Sent> send(int count) throws IOException, InterruptedException {
    List<Sent> sent = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      sent.add(sendOne(i));
    }
    return sent;
  }

  private Sent sendOne(int i) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder().timeout(TIMEOUT);
    String method;
    String path;
    if (i % 4 == 0) {
      method = "GET";
      path = "/hello";
      request.uri(base.resolve("/hello?name=user-" + i)).GET();
    } else {
      method = "POST";
      path = "/orders";
      request.uri(base.resolve(path))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(orderForm(i)));
    }
    if (i % 7 != 6) {
      request.header(REQUEST_ID_HEADER, String.format(Locale.ROOT, "%s-%05d", runId, i));
    }
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    String requestId = response.headers().firstValue(REQUEST_ID_HEADER)
        .orElseThrow(() -> new IOException(method + " " + path + " answered without "
            + REQUEST_ID_HEADER + ": " + response.statusCode() + " " + response.body()));
    return new Sent(requestId, method, path, response.statusCode());
  }

  private String orderForm(int i) {
    if (i % 20 == 5) {
      return "sku=SKU-12345";
    }
    String sku = i % 20 == 10 ? UNAVAILABLE_SKU : "SKU-" + random.nextInt(10_000, 99_999);
    return "sku=" + sku + "&qty=" + random.nextInt(1, 5);
  }
}
