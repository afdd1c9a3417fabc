package dev.tributary;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One record to deliver: a topic, an optional key, the value bytes, headers and a timestamp.
 *
 * <p>Instances are immutable in shape; the byte arrays are not copied, so a caller must not
 * modify them after handing the record to a producer. Thread-safe once built.
 *
 * <pre>{@code
 * TributaryRecord r = TributaryRecord.builder("app-logs")
 *     .key("order-42")
 *     .value("{\"msg\":\"paid\"}")
 *     .header("level", "INFO")
 *     .build();
 * }</pre>
 */
public final class TributaryRecord {
  /** Fixed per-record overhead counted against the buffer, on top of the payload bytes. */
  static final int OVERHEAD_BYTES = 64;

  private final String topic;
  private final byte[] key;
  private final byte[] value;
  private final List<Header> headers;
  private final long timestampMs;
  private final int sizeInBytes;

  private TributaryRecord(String topic, byte[] key, byte[] value, List<Header> headers,
      long timestampMs) {
    this.topic = topic;
    this.key = key;
    this.value = value;
    this.headers = headers;
    this.timestampMs = timestampMs;
    int size = OVERHEAD_BYTES + topic.length() + value.length + (key == null ? 0 : key.length);
    for (int i = 0; i < headers.size(); i++) {
      Header h = headers.get(i);
      size += h.key().length() + h.value().length + 8;
    }
    this.sizeInBytes = size;
  }

  /**
   * A keyless record stamped with the current time.
   *
   * @throws NullPointerException if {@code topic} or {@code value} is null
   */
  public static TributaryRecord of(String topic, byte[] value) {
    return builder(topic).value(value).build();
  }

  /** A keyed record stamped with the current time. Null {@code key} means no key. */
  public static TributaryRecord of(String topic, byte[] key, byte[] value) {
    return builder(topic).key(key).value(value).build();
  }

  /** Starts a record for {@code topic}. */
  public static Builder builder(String topic) {
    return new Builder(topic);
  }

  public String topic() {
    return topic;
  }

  /** The key, or null for a keyless record (Kafka then spreads records over partitions). */
  public byte[] key() {
    return key;
  }

  public byte[] value() {
    return value;
  }

  /** Headers in insertion order; unmodifiable. */
  public List<Header> headers() {
    return headers;
  }

  /** Event time in epoch milliseconds. */
  public long timestampMs() {
    return timestampMs;
  }

  /** Bytes this record counts against the producer's buffer: payload plus a fixed overhead. */
  public int sizeInBytes() {
    return sizeInBytes;
  }

  @Override
  public String toString() {
    // Never print payloads: they may carry personal data or secrets.
    return "TributaryRecord{topic=" + topic + ", keyBytes=" + (key == null ? "null" : key.length)
        + ", valueBytes=" + value.length + ", headers=" + headers.size()
        + ", timestampMs=" + timestampMs + '}';
  }

  /** A record header: a string name and raw bytes, as in Kafka. */
  public record Header(String key, byte[] value) {
    public Header {
      Objects.requireNonNull(key, "header key");
      Objects.requireNonNull(value, "header value");
    }

    /** A header whose value is {@code value} encoded as UTF-8. */
    public static Header of(String key, String value) {
      return new Header(key, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Builds a {@link TributaryRecord}. Not thread-safe. */
  public static final class Builder {
    private final String topic;
    private byte[] key;
    private byte[] value;
    // Records nearly always carry two headers or fewer (the appenders' level and logger): those
    // are held in fields and become one small immutable list, not a list copied into another.
    private Header first;
    private Header second;
    private List<Header> more;
    private long timestampMs = -1;

    private Builder(String topic) {
      this.topic = Objects.requireNonNull(topic, "topic");
      if (topic.isEmpty()) {
        throw new IllegalArgumentException("topic must not be empty");
      }
    }

    public Builder key(byte[] key) {
      this.key = key;
      return this;
    }

    /** The key as UTF-8; null means no key. */
    public Builder key(String key) {
      this.key = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    public Builder value(byte[] value) {
      this.value = Objects.requireNonNull(value, "value");
      return this;
    }

    /** The value as UTF-8. */
    public Builder value(String value) {
      return value(Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8));
    }

    public Builder header(String key, byte[] value) {
      return header(new Header(key, value));
    }

    public Builder header(String key, String value) {
      return header(Header.of(Objects.requireNonNull(key, "header key"),
          Objects.requireNonNull(value, "header value")));
    }

    public Builder header(Header header) {
      Objects.requireNonNull(header, "header");
      if (first == null) {
        first = header;
      } else if (second == null) {
        second = header;
      } else {
        if (more == null) {
          more = new ArrayList<>(4);
        }
        more.add(header);
      }
      return this;
    }

    private List<Header> headers() {
      if (first == null) {
        return List.of();
      }
      if (second == null) {
        return List.of(first);
      }
      if (more == null) {
        return List.of(first, second);
      }
      List<Header> all = new ArrayList<>(2 + more.size());
      all.add(first);
      all.add(second);
      all.addAll(more);
      return List.copyOf(all);
    }

    /** Event time in epoch milliseconds; defaults to the time {@link #build()} is called. */
    public Builder timestampMs(long timestampMs) {
      if (timestampMs < 0) {
        throw new IllegalArgumentException("timestampMs must be >= 0, was " + timestampMs);
      }
      this.timestampMs = timestampMs;
      return this;
    }

    /**
     * @throws NullPointerException if no value was set
     */
    public TributaryRecord build() {
      Objects.requireNonNull(value, "value");
      List<Header> hs = headers();
      long ts = timestampMs >= 0 ? timestampMs : System.currentTimeMillis();
      return new TributaryRecord(topic, key, value, hs, ts);
    }
  }
}
