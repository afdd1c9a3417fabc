package dev.tributary.internal.http;

import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * A request body of bytes that OkHttp may send only once. OkHttp replays a request on its own
 * after a 503 with {@code Retry-After: 0}, a 408 or a 421, and after some connection failures,
 * unless the body is one-shot; replaying would add a second, hidden retry layer under the
 * sender's, so every proxy request uses this. Immutable; the array is not copied.
 */
public final class OneShotBody extends RequestBody {
  private final MediaType contentType;
  private final byte[] bytes;
  private final int offset;
  private final int length;

  private OneShotBody(MediaType contentType, byte[] bytes, int offset, int length) {
    this.contentType = contentType;
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
  }

  /** A body of {@code bytes[offset..offset+length)}; its Content-Type is exactly the type. */
  public static OneShotBody of(MediaType contentType, byte[] bytes, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > bytes.length) {
      throw new IndexOutOfBoundsException("offset " + offset + ", length " + length
          + ", array " + bytes.length);
    }
    return new OneShotBody(contentType, bytes, offset, length);
  }

  @Override
  public MediaType contentType() {
    return contentType;
  }

  @Override
  public long contentLength() {
    return length;
  }

  @Override
  public boolean isOneShot() {
    return true;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    sink.write(bytes, offset, length);
  }
}
