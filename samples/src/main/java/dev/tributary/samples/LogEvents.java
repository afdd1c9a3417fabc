package dev.tributary.samples;

import dev.tributary.TributaryRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Makes the JSON log lines of one simulated request-handling thread: mostly INFO with some
 * DEBUG, WARN and ERROR, from a handful of loggers, grouped into requests of a few lines that
 * share a request id (also the record key). Each line is about 200 bytes and carries a
 * {@code seq} number that the demo uses to find lost and duplicated events. Not thread-safe:
 * one instance per thread.
 */
final class LogEvents {
  private static final String[] LOGGERS = {
      "com.acme.http.AccessLog",
      "com.acme.checkout.CartService",
      "com.acme.payments.PaymentClient",
      "com.acme.inventory.StockRepository",
      "com.acme.auth.TokenVerifier",
  };
  private static final String SEQ_FIELD = "\"seq\":";

  private final String topic;
  private final String thread;
  private final SplittableRandom random;
  private final StringBuilder json = new StringBuilder(320);
  private String requestId;
  private int linesLeftInRequest;

  LogEvents(String topic, int worker, long seed) {
    this.topic = topic;
    this.thread = "http-nio-8080-exec-" + (worker + 1);
    this.random = new SplittableRandom(seed);
  }

  /** The next log line as a record keyed by its request id. */
  TributaryRecord next(long seq) {
    if (linesLeftInRequest-- <= 0) {
      requestId = Long.toHexString(random.nextLong() | Long.MIN_VALUE);
      linesLeftInRequest = random.nextInt(1, 9);
    }
    long now = System.currentTimeMillis();
    int logger = random.nextInt(LOGGERS.length);
    String level = level(random.nextInt(100));
    json.setLength(0);
    json.append("{\"ts\":\"").append(Instant.ofEpochMilli(now))
        .append("\",\"level\":\"").append(level)
        .append("\",\"logger\":\"").append(LOGGERS[logger])
        .append("\",\"thread\":\"").append(thread)
        .append("\",\"requestId\":\"").append(requestId)
        .append("\",").append(SEQ_FIELD).append(seq)
        .append(",\"msg\":\"");
    message(level, logger);
    json.append("\"}");
    return TributaryRecord.builder(topic)
        .key(requestId)
        .value(json.toString().getBytes(StandardCharsets.UTF_8))
        .timestampMs(now)
        .build();
  }

  /** The {@code seq} of a line made by {@link #next}, or -1 if it has none. */
  static long seqOf(byte[] value) {
    String text = new String(value, StandardCharsets.UTF_8);
    int at = text.indexOf(SEQ_FIELD);
    if (at < 0) {
      return -1;
    }
    int start = at + SEQ_FIELD.length();
    int end = start;
    while (end < text.length() && Character.isDigit(text.charAt(end))) {
      end++;
    }
    return end == start ? -1 : Long.parseLong(text, start, end, 10);
  }

  private static String level(int percentile) {
    if (percentile < 2) {
      return "ERROR";
    } else if (percentile < 10) {
      return "WARN";
    } else if (percentile < 25) {
      return "DEBUG";
    }
    return "INFO";
  }

  private void message(String level, int logger) {
    if (level.equals("ERROR")) {
      json.append("payment declined for order ").append(random.nextInt(1_000_000))
          .append(": upstream timeout after ").append(random.nextInt(1_000, 5_000))
          .append(" ms, will retry");
      return;
    }
    if (level.equals("WARN")) {
      json.append("slow response from inventory-service: ").append(random.nextInt(250, 2_000))
          .append(" ms (threshold 250 ms)");
      return;
    }
    switch (logger) {
      case 0 -> json.append("GET /api/v1/carts/").append(random.nextInt(100_000))
          .append(" 200 in ").append(random.nextInt(1, 120)).append(" ms");
      case 1 -> json.append("added sku=SKU-").append(random.nextInt(10_000, 99_999))
          .append(" qty=").append(random.nextInt(1, 5)).append(" to cart ")
          .append(random.nextInt(100_000));
      case 2 -> json.append("authorised order ").append(random.nextInt(1_000_000))
          .append(" amount=").append(random.nextInt(1, 500)).append('.')
          .append(random.nextInt(10, 100)).append(" EUR via psp=adyen");
      case 3 -> json.append("cache miss for sku=SKU-").append(random.nextInt(10_000, 99_999))
          .append(", loaded from db in ").append(random.nextInt(1, 40)).append(" ms");
      default -> json.append("token for user u-").append(random.nextInt(1_000_000))
          .append(" expires in ").append(random.nextInt(30, 600)).append(" s, refreshing");
    }
  }
}
