package dev.tributary.internal;

import dev.tributary.TributaryConfigException;
import dev.tributary.spi.Destination;
import java.util.Map;

/**
 * The libraries that sdk-core's own transports need but sdk-core does not bring: its
 * dependencies on them are optional, so that a {@code kafka://} user's classpath holds only
 * kafka-clients and SLF4J. A destination whose transport needs a missing library fails when the
 * config is built, naming the Maven artifact to add, rather than with a
 * {@link NoClassDefFoundError} from deep inside the transport.
 */
public final class TransportLibraries {
  /**
   * The OkHttp release sdk-core is built and tested with (the root pom's
   * {@code okhttp.version}; {@code TransportLibrariesTest} keeps the two equal).
   */
  public static final String OKHTTP_VERSION = "4.12.0";

  /** A class only the library has, and the artifact that brings it (with its dependencies). */
  private record Library(String probeClass, String artifact) {}

  private static final Library OKHTTP = new Library("okhttp3.OkHttpClient",
      "com.squareup.okhttp3:okhttp:" + OKHTTP_VERSION);

  private static final Map<String, Library> BY_SCHEME = Map.of(
      "pixy+http", OKHTTP,
      "pixy+https", OKHTTP,
      "rest+http", OKHTTP,
      "rest+https", OKHTTP);

  private TransportLibraries() {}

  /**
   * Checks that the libraries {@code destination}'s transport needs can be loaded.
   *
   * @throws TributaryConfigException naming the destination and the artifact to add
   */
  public static void require(Destination destination) {
    Library library = BY_SCHEME.get(destination.scheme());
    if (library == null || present(library.probeClass())) {
      return;
    }
    throw new TributaryConfigException(Destination.SETTING, destination.uri(),
        "the scheme '" + destination.scheme() + "' needs " + library.artifact()
            + " on the classpath (an optional dependency of dev.tributary:sdk-core; add it to"
            + " your build)");
  }

  private static boolean present(String className) {
    try {
      // Not initialized: only whether it can be found.
      Class.forName(className, false, TransportLibraries.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
