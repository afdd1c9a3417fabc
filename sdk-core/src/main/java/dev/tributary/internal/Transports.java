package dev.tributary.internal;

import dev.tributary.TributaryConfigException;
import dev.tributary.spi.Destination;
import dev.tributary.spi.TransportProvider;
import java.util.Iterator;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds the {@link TransportProvider} serving a destination's scheme. */
public final class Transports {
  /** Schemes served by optional modules, and the artifact a user must add for them. */
  private static final Map<String, String> OPTIONAL = Map.of(
      "pixy+grpc", "dev.tributary:sdk-grpc",
      "pixy+grpcs", "dev.tributary:sdk-grpc");

  private Transports() {}

  private static String rootCause(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == t ? t.toString() : t.getMessage() + ", caused by " + root;
  }

  /**
   * The provider for {@code destination}'s scheme.
   *
   * @throws TributaryConfigException listing the schemes available when none matches, or
   *     naming the artifact to add when the scheme's transport needs a library that is missing
   */
  public static TransportProvider provider(Destination destination) {
    TransportLibraries.require(destination);
    return provider(destination, Transports.class.getClassLoader());
  }

  /** As {@link #provider(Destination)}, finding providers through {@code loader}. */
  static TransportProvider provider(Destination destination, ClassLoader loader) {
    TreeSet<String> known = new TreeSet<>();
    ServiceConfigurationError broken = null;
    Iterator<TransportProvider> it = ServiceLoader.load(TransportProvider.class, loader)
        .iterator();
    while (true) {
      TransportProvider p;
      try {
        if (!it.hasNext()) {
          break;
        }
        p = it.next();
      } catch (ServiceConfigurationError e) {
        // One broken provider (a missing optional dependency) must not hide the others; its
        // error is the likely reason when nothing serves the scheme.
        if (broken == null) {
          broken = e;
        }
        continue;
      }
      if (p.schemes().contains(destination.scheme())) {
        return p;
      }
      known.addAll(p.schemes());
    }
    String artifact = OPTIONAL.get(destination.scheme());
    String allowed = artifact != null
        ? "the scheme '" + destination.scheme() + "' needs " + artifact + " on the classpath"
        : "unknown scheme '" + destination.scheme() + "'; available schemes: "
            + String.join(", ", known);
    if (broken != null) {
      // Installed but not loadable (a missing or clashing dependency): say so, with the cause,
      // rather than asking for an artifact that may well be there.
      allowed = "a transport provider on the classpath failed to load (" + rootCause(broken)
          + "); if it serves '" + destination.scheme() + "', its installation is broken"
          + (artifact != null ? " (check " + artifact + " and its dependencies)" : "")
          + ". Otherwise: " + allowed;
      throw new TributaryConfigException(Destination.SETTING, destination.uri(), allowed,
          broken);
    }
    throw new TributaryConfigException(Destination.SETTING, destination.uri(), allowed);
  }
}
