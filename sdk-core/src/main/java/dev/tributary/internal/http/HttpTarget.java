package dev.tributary.internal.http;

import dev.tributary.TributaryConfigException;
import dev.tributary.spi.Destination;
import okhttp3.HttpUrl;

/**
 * The base URL of an HTTP proxy destination: {@code <family>+http(s)://host[:port][/base/path]}.
 *
 * <p>A path is kept as a prefix, for proxies mounted below a reverse proxy's path. One host
 * only: spreading load over several proxies is a load balancer's job, and silently using only
 * the first of several hosts would mislead. Immutable.
 *
 * @param base the URL every request path is appended to
 * @param tls whether the scheme ends in {@code s} ({@code +https})
 */
public record HttpTarget(HttpUrl base, boolean tls) {
  /** Port of an {@code +https} destination that names none, as for any https URL. */
  public static final int DEFAULT_HTTPS_PORT = 443;

  /**
   * Checks and parses {@code destination}.
   *
   * @param family the scheme before {@code +}, e.g. {@code pixy}
   * @param defaultHttpPort port for {@code +http} when the URI names none (the proxy's own
   *     default)
   * @throws TributaryConfigException naming {@code destination} when it is not of that form
   */
  public static HttpTarget parse(Destination destination, String family, int defaultHttpPort) {
    String form = family + "+http://host:port[/path] or " + family + "+https://host:port[/path]";
    boolean tls;
    if (destination.scheme().equals(family + "+http")) {
      tls = false;
    } else if (destination.scheme().equals(family + "+https")) {
      tls = true;
    } else {
      throw new TributaryConfigException(Destination.SETTING, destination.uri(),
          "expected " + form);
    }
    if (destination.hosts().size() != 1) {
      throw new TributaryConfigException(Destination.SETTING, destination.uri(),
          "an HTTP proxy destination names exactly one host (put a load balancer in front of "
              + "several proxies); expected " + form);
    }
    String path = destination.path();
    if (path.indexOf('?') >= 0 || path.indexOf('#') >= 0) {
      throw new TributaryConfigException(Destination.SETTING, destination.uri(),
          "a query or fragment is not allowed; expected " + form);
    }
    Destination.HostPort hp = destination.hosts().get(0)
        .withDefaultPort(tls ? DEFAULT_HTTPS_PORT : defaultHttpPort);
    HttpUrl.Builder b = new HttpUrl.Builder().scheme(tls ? "https" : "http").port(hp.port());
    try {
      b.host(hp.host());
    } catch (IllegalArgumentException e) {
      throw new TributaryConfigException(Destination.SETTING, destination.uri(),
          "malformed host '" + hp.host() + "'; expected " + form, e);
    }
    String trimmed = path.replaceAll("^/+|/+$", "");
    if (!trimmed.isEmpty()) {
      b.addPathSegments(trimmed);
    }
    return new HttpTarget(b.build(), tls);
  }

  /** The base URL with {@code segments} appended (each one encoded as a single segment). */
  public HttpUrl.Builder append(String... segments) {
    HttpUrl.Builder b = base.newBuilder();
    for (String s : segments) {
      b.addPathSegment(s);
    }
    return b;
  }

  /** Scheme, host, port and path, for messages; never carries a query or credentials. */
  @Override
  public String toString() {
    return base.toString();
  }
}
