package dev.tributary.spi;

import dev.tributary.TributaryConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed destination URI: {@code scheme://host[:port][,host[:port]...][/path]}.
 *
 * <p>Parsed by hand rather than with {@link java.net.URI} because Kafka bootstrap lists put
 * several {@code host:port} pairs, separated by commas, in the authority. Immutable.
 *
 * @param uri the text as given
 * @param scheme lower-cased scheme, e.g. {@code kafka} or {@code pixy+http}
 * @param hosts one or more hosts; a port of {@code -1} means the transport's default
 * @param path everything from the first {@code /} after the authority, or empty
 */
public record Destination(String uri, String scheme, List<HostPort> hosts, String path) {
  /** The setting name used in error messages. */
  public static final String SETTING = "destination";

  public Destination {
    hosts = List.copyOf(hosts);
  }

  /** A host and port; {@code port} is {@code -1} when the URI named none. */
  public record HostPort(String host, int port) {
    /** This host with {@code defaultPort} filled in when it named none. */
    public HostPort withDefaultPort(int defaultPort) {
      return port == -1 ? new HostPort(host, defaultPort) : this;
    }

    @Override
    public String toString() {
      String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
      return port == -1 ? h : h + ":" + port;
    }
  }

  /**
   * Parses {@code uri}.
   *
   * @throws TributaryConfigException naming {@value #SETTING} when the text is not of that form
   */
  public static Destination parse(String uri) {
    return parse(uri, SETTING);
  }

  /**
   * Parses {@code uri}, naming {@code setting} in errors (e.g. {@code standbyDestination}).
   *
   * @throws TributaryConfigException naming {@code setting} when the text is not of that form
   */
  public static Destination parse(String uri, String setting) {
    String allowed = "expected scheme://host:port[,host:port...], e.g. kafka://127.0.0.1:9092";
    if (uri == null || uri.isBlank()) {
      throw new TributaryConfigException(setting, uri, "a destination is required; " + allowed);
    }
    String text = uri.trim();
    int sep = text.indexOf("://");
    if (sep <= 0) {
      throw new TributaryConfigException(setting, uri, "missing scheme; " + allowed);
    }
    String scheme = text.substring(0, sep).toLowerCase(Locale.ROOT);
    if (!scheme.matches("[a-z][a-z0-9+.-]*")) {
      throw new TributaryConfigException(setting, uri, "malformed scheme '" + scheme + "'; "
          + allowed);
    }
    String rest = text.substring(sep + 3);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash);
    if (authority.isEmpty()) {
      throw new TributaryConfigException(setting, uri, "no host given; " + allowed);
    }
    if (authority.indexOf('@') >= 0) {
      // Credentials in the URI would end up in logs and metrics names; they have settings of
      // their own.
      throw new TributaryConfigException(setting, redact(uri), "credentials must not be part of "
          + "the destination; configure them separately");
    }
    List<HostPort> hosts = new ArrayList<>();
    for (String part : authority.split(",", -1)) {
      hosts.add(parseHostPort(uri, part.trim(), allowed, setting));
    }
    return new Destination(text, scheme, hosts, path);
  }

  private static HostPort parseHostPort(String uri, String part, String allowed,
      String setting) {
    if (part.isEmpty()) {
      throw new TributaryConfigException(setting, uri, "empty host in list; " + allowed);
    }
    String host;
    String port = null;
    if (part.startsWith("[")) {
      int close = part.indexOf(']');
      if (close < 0) {
        throw new TributaryConfigException(setting, uri, "unclosed '[' in IPv6 host; " + allowed);
      }
      host = part.substring(1, close);
      String tail = part.substring(close + 1);
      if (!tail.isEmpty()) {
        if (!tail.startsWith(":")) {
          throw new TributaryConfigException(setting, uri, "unexpected '" + tail + "'; "
              + allowed);
        }
        port = tail.substring(1);
      }
    } else {
      int colon = part.lastIndexOf(':');
      host = colon < 0 ? part : part.substring(0, colon);
      port = colon < 0 ? null : part.substring(colon + 1);
    }
    if (host.isEmpty() || !host.matches("[A-Za-z0-9._:%-]+")) {
      throw new TributaryConfigException(setting, uri, "malformed host '" + host + "'; "
          + allowed);
    }
    if (port == null) {
      return new HostPort(host, -1);
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new TributaryConfigException(setting, uri, "port '" + port
          + "' is not a number in 1..65535; " + allowed);
    }
    if (p < 1 || p > 65535) {
      throw new TributaryConfigException(setting, uri, "port " + p + " is outside 1..65535");
    }
    return new HostPort(host, p);
  }

  private static String redact(String uri) {
    return uri.replaceAll("//[^@/]*@", "//***@");
  }

  /** The hosts as {@code host:port,host:port}, each port defaulted to {@code defaultPort}. */
  public String hostList(int defaultPort) {
    StringBuilder sb = new StringBuilder();
    for (HostPort hp : hosts) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(hp.withDefaultPort(defaultPort));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return uri;
  }
}
