package dev.tributary.samples;

import java.net.SocketTimeoutException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The business side of the sample services, free of any logging so that each service shows only
 * its framework's logging: request ids, a greeting, and placing an order from a form body.
 * Thread-safe.
 */
public final class OrderDesk {
  /** A request id taken from a client: short and free of anything that could forge log lines. */
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final AtomicLong nextOrder = new AtomicLong(1_000);

  /** A placed order. */
  public record Order(String orderId, String sku, int quantity) {}

  /** The client's request id if it is a sensible one, else a fresh UUID. */
  public static String requestId(String header) {
    return header != null && REQUEST_ID.matcher(header).matches()
        ? header
        : UUID.randomUUID().toString();
  }

  /** The greeting for {@code GET /hello?name=...}. */
  public String hello(String query) {
    String name = form(query).getOrDefault("name", "world");
    return "hello, " + name + "\n";
  }

  /**
   * Places an order from {@code sku=...&qty=...}.
   *
   * @throws IllegalArgumentException if a field is missing or invalid (a client error, 400)
   * @throws IllegalStateException if the inventory cannot reserve the SKU (a server error, 500);
   *     {@link OrdersTraffic#UNAVAILABLE_SKU} always fails this way
   */
  public Order place(String body) {
    Map<String, String> form = form(body);
    String sku = form.get("sku");
    if (sku == null || !sku.matches("SKU-\\d{5}")) {
      throw new IllegalArgumentException("sku must look like SKU-12345, got " + sku);
    }
    String qty = form.get("qty");
    if (qty == null || !qty.matches("[1-9]\\d{0,2}")) {
      throw new IllegalArgumentException("qty must be 1..999, got " + qty);
    }
    if (sku.equals(OrdersTraffic.UNAVAILABLE_SKU)) {
      throw new IllegalStateException("inventory-service could not reserve " + sku,
          new SocketTimeoutException("Read timed out after 2000 ms"));
    }
    return new Order("order-" + nextOrder.getAndIncrement(), sku, Integer.parseInt(qty));
  }

  private static Map<String, String> form(String encoded) {
    Map<String, String> fields = new HashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return fields;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return fields;
  }
}
