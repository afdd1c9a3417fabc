package dev.tributary.internal.pixy;

import dev.tributary.TributaryConfig;
import dev.tributary.internal.http.HttpEndpoint;
import dev.tributary.internal.tls.TlsMaterial;
import dev.tributary.spi.Destination;
import dev.tributary.spi.Diagnostics;
import dev.tributary.spi.Transport;
import dev.tributary.spi.TransportProvider;
import java.util.Set;

/**
 * Serves {@code pixy+http://host:port[/path]} and {@code pixy+https://...} with kafka-pixy's
 * HTTP produce API, one record per request, as many requests in flight over a keep-alive pool
 * as the proxy's latency calls for ({@link AdaptiveLimit}).
 *
 * <p>Settings (producer properties): the shared {@code http.*} keys of
 * {@link dev.tributary.internal.http.HttpKeys}, plus {@value PixySettings#MAX_IN_FLIGHT},
 * {@value PixySettings#MAX_IN_FLIGHT_BYTES}, {@value PixySettings#CLUSTER} and
 * {@value PixySettings#ASYNC}. Any other key is refused.
 */
public final class PixyHttpTransportProvider implements TransportProvider {

  @Override
  public Set<String> schemes() {
    return Set.of("pixy+http", "pixy+https");
  }

  @Override
  public void validate(Destination destination, TributaryConfig config) {
    PixySettings s = PixySettings.read(destination, config);
    if (s.http().tls() != null) {
      TlsMaterial.load(s.http().tls()); // fail at startup on a bad file or password
    }
  }

  @Override
  public Transport create(Destination destination, TributaryConfig config,
      Diagnostics diagnostics) {
    PixySettings s = PixySettings.read(destination, config);
    TlsMaterial tls = s.http().tls() == null ? null : TlsMaterial.load(s.http().tls());
    HttpEndpoint endpoint = new HttpEndpoint(s.http(), tls, s.maxInFlight(), config.clientId());
    RequestGate gate = new RequestGate(s.newLimit(), s.maxInFlightBytes(), System::nanoTime);
    return new PixyHttpTransport(destination.scheme(),
        new PixyRequests(s.target(), s.cluster(), s.async()), endpoint, gate, s.async());
  }
}
