package dev.tributary.internal.rest;

import dev.tributary.TributaryConfig;
import dev.tributary.internal.http.HttpEndpoint;
import dev.tributary.internal.tls.TlsMaterial;
import dev.tributary.spi.Destination;
import dev.tributary.spi.Diagnostics;
import dev.tributary.spi.Transport;
import dev.tributary.spi.TransportProvider;
import java.util.Set;

/**
 * Serves {@code rest+http://host:port[/path]} and {@code rest+https://...} with the Confluent
 * REST Proxy v2 produce API, which Strimzi Kafka Bridge, Redpanda's HTTP proxy and Karapace
 * also speak: one request per batch and topic, with a result per record.
 *
 * <p>Settings (producer properties): the shared {@code http.*} keys of
 * {@link dev.tributary.internal.http.HttpKeys}, plus {@value RestSettings#MAX_IN_FLIGHT} and
 * {@value RestSettings#HEADERS}. Any other key is refused.
 */
public final class RestProxyTransportProvider implements TransportProvider {

  @Override
  public Set<String> schemes() {
    return Set.of("rest+http", "rest+https");
  }

  @Override
  public void validate(Destination destination, TributaryConfig config) {
    RestSettings s = RestSettings.read(destination, config);
    if (s.http().tls() != null) {
      TlsMaterial.load(s.http().tls()); // fail at startup on a bad file or password
    }
  }

  @Override
  public Transport create(Destination destination, TributaryConfig config,
      Diagnostics diagnostics) {
    RestSettings s = RestSettings.read(destination, config);
    TlsMaterial tls = s.http().tls() == null ? null : TlsMaterial.load(s.http().tls());
    HttpEndpoint endpoint = new HttpEndpoint(s.http(), tls, s.maxInFlight(), config.clientId());
    return new RestProxyTransport(destination.scheme(), s.target(), s.headers(), endpoint,
        diagnostics);
  }
}
