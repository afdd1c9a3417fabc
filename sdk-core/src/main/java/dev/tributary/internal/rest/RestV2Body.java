package dev.tributary.internal.rest;

import dev.tributary.TributaryRecord;
import dev.tributary.internal.http.OneShotBody;
import dev.tributary.spi.Batch;
import java.util.Arrays;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.RequestBody;

/**
 * Writes a v2 binary produce body, {@code {"records":[{"key":"<b64>","value":"<b64>"},...]}},
 * straight into one byte array: base64 keeps bytes exact, and skipping a JSON library and
 * intermediate strings keeps the batched path cheap. A null key is left out (a null key in
 * Kafka); record headers are written Strimzi style only when asked. Stateless.
 */
final class RestV2Body {
  /** Exactly this, without a charset: some servers refuse any suffix. */
  static final MediaType CONTENT_TYPE = MediaType.get("application/vnd.kafka.binary.v2+json");
  private static final byte[] BASE64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(
          java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] HEX = "0123456789abcdef".getBytes(
      java.nio.charset.StandardCharsets.US_ASCII);

  private byte[] buf;
  private int len;

  private RestV2Body(int capacity) {
    buf = new byte[Math.max(64, capacity)];
  }

  /** The body for the records of {@code batch} at {@code indices}. */
  static RequestBody encode(Batch batch, int[] indices, boolean headers) {
    long estimate = 16;
    for (int i : indices) {
      TributaryRecord r = batch.record(i);
      estimate += base64Length(r.value().length) + 32
          + (r.key() == null ? 0 : base64Length(r.key().length) + 9);
    }
    RestV2Body w = new RestV2Body((int) Math.min(estimate, Integer.MAX_VALUE - 16));
    w.ascii("{\"records\":[");
    for (int k = 0; k < indices.length; k++) {
      if (k > 0) {
        w.put((byte) ',');
      }
      w.record(batch.record(indices[k]), headers);
    }
    w.ascii("]}");
    return OneShotBody.of(CONTENT_TYPE, w.buf, 0, w.len);
  }

  private void record(TributaryRecord r, boolean headers) {
    put((byte) '{');
    if (r.key() != null) {
      ascii("\"key\":\"");
      base64(r.key());
      ascii("\",");
    }
    ascii("\"value\":\"");
    base64(r.value());
    put((byte) '"');
    List<TributaryRecord.Header> hs = r.headers();
    if (headers && !hs.isEmpty()) {
      ascii(",\"headers\":[");
      for (int i = 0; i < hs.size(); i++) {
        if (i > 0) {
          put((byte) ',');
        }
        ascii("{\"key\":");
        string(hs.get(i).key());
        ascii(",\"value\":\"");
        base64(hs.get(i).value());
        ascii("\"}");
      }
      put((byte) ']');
    }
    put((byte) '}');
  }

  static long base64Length(int n) {
    return 4L * ((n + 2) / 3);
  }

  private void base64(byte[] src) {
    ensure(base64Length(src.length));
    byte[] b = buf;
    int o = len;
    int i = 0;
    int full = src.length - src.length % 3;
    while (i < full) {
      int v = (src[i] & 0xff) << 16 | (src[i + 1] & 0xff) << 8 | (src[i + 2] & 0xff);
      b[o] = BASE64[v >>> 18];
      b[o + 1] = BASE64[(v >>> 12) & 0x3f];
      b[o + 2] = BASE64[(v >>> 6) & 0x3f];
      b[o + 3] = BASE64[v & 0x3f];
      i += 3;
      o += 4;
    }
    int rest = src.length - full;
    if (rest > 0) {
      int v = (src[i] & 0xff) << 16 | (rest == 2 ? (src[i + 1] & 0xff) << 8 : 0);
      b[o] = BASE64[v >>> 18];
      b[o + 1] = BASE64[(v >>> 12) & 0x3f];
      b[o + 2] = rest == 2 ? BASE64[(v >>> 6) & 0x3f] : (byte) '=';
      b[o + 3] = '=';
      o += 4;
    }
    len = o;
  }

  /** A JSON string; everything outside printable ASCII is {@code \\uXXXX}, so no UTF-8 here. */
  private void string(String s) {
    put((byte) '"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        put((byte) '\\');
        put((byte) c);
      } else if (c < 0x20 || c >= 0x7f) {
        ensure(6);
        buf[len++] = '\\';
        buf[len++] = 'u';
        buf[len++] = HEX[c >> 12];
        buf[len++] = HEX[(c >> 8) & 0xf];
        buf[len++] = HEX[(c >> 4) & 0xf];
        buf[len++] = HEX[c & 0xf];
      } else {
        put((byte) c);
      }
    }
    put((byte) '"');
  }

  private void ascii(String s) {
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  private void put(byte b) {
    ensure(1);
    buf[len++] = b;
  }

  private void ensure(long extra) {
    long need = len + extra;
    if (need > buf.length) {
      if (need > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("produce request over 2 GiB");
      }
      buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(need,
          buf.length * 2L)));
    }
  }
}
