package dev.tributary.benchmarks;

import dev.tributary.benchmarks.report.Report;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The whole benchmark suite in one command: starts the {@link SuiteService}s (a Kafka broker in
 * a JVM of its own), runs JMH with every benchmark fork pointed at them, stops them, and writes
 * the report ({@link Report}) with the run's machine, load average before and after, and wall
 * time. Arguments are JMH's own; without a benchmark pattern it runs {@link #SUITE}. Services
 * are listed in {@code main}, in start order: when {@link ProxyBenchmark} is selected, the real
 * proxies (from {@code ../shared/peers}) start after the broker, in front of it; a proxy that
 * cannot run here is skipped, with a line saying why, and so are its routes.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.tributary.benchmarks.Suite     # all, ~40 min
 * java -cp benchmarks/target/benchmarks.jar dev.tributary.benchmarks.Suite \
 *     -wi 0 -i 2 -p roundSeconds=1                                            # smoke, ~9 min
 * }</pre>
 *
 * <p>The output folder is {@code benchmarks/results}, or the system property
 * {@code tributary.bench.out}.
 */
public final class Suite {
  /** Every benchmark of a full run. */
  public static final String SUITE = "CapacityBenchmark|SteadyRateBenchmark|KafkaDownBenchmark"
      + "|HttpTransportBenchmark|GrpcTransportBenchmark|SpoolBenchmark|OfferBenchmark"
      + "|ProxyBenchmark|FailoverBenchmark";
  /** The benchmark that needs the real proxies. */
  static final String PROXY_BENCHMARK = ProxyBenchmark.class.getName() + ".deliver";

  private Suite() {}

  public static void main(String... args) throws Exception {
    // kafka-clients' admin client here would otherwise log every setting through Logback.
    System.setProperty("slf4j.provider", "org.slf4j.nop.NOPServiceProvider");
    CommandLineOptions cli;
    try {
      cli = new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      System.err.println("usage: Suite [JMH options] [benchmark patterns]: " + e.getMessage());
      System.exit(2);
      return;
    }
    Path out = Path.of(System.getProperty("tributary.bench.out", "benchmarks/results"));
    Files.createDirectories(out);
    Map<String, String> run = new LinkedHashMap<>();
    run.put("machine", machine());
    run.put("started", Instant.now().truncatedTo(ChronoUnit.MINUTES).toString());
    run.put("loadBefore", loadAverage());
    run.put("command", System.getProperty("tributary.bench.command",
        "Suite" + (args.length == 0 ? "" : " " + String.join(" ", args))));
    long t0 = System.nanoTime();

    List<SuiteService> services = new ArrayList<>(List.of(new BrokerProcess()));
    boolean proxies = selects(cli, PROXY_BENCHMARK);
    if (proxies) {
      services.addAll(proxies());
    }
    List<String> forkProperties = new ArrayList<>();
    Map<String, String> published = new LinkedHashMap<>();
    Thread cleanup = new Thread(() -> services.forEach(SuiteService::close), "suite-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      for (SuiteService s : services) {
        System.out.printf("Starting %s...%n", s.name());
        long started = System.nanoTime();
        try {
          Map<String, String> props = s.start(Map.copyOf(published));
          published.putAll(props);
          System.out.printf("%s: %s (started in %.1f s)%n", s.name(), props,
              (System.nanoTime() - started) / 1e9);
        } catch (IOException e) {
          if (s instanceof BrokerProcess) {
            throw e;
          }
          System.out.printf("Skipping the routes through %s: it did not start: %s%n", s.name(),
              e.getMessage());
        }
      }
      published.forEach((k, v) -> forkProperties.add("-D" + k + "=" + v));
      runJmh(cli, out, forkProperties, proxies ? routes(published) : List.of());
    } finally {
      services.forEach(SuiteService::close);
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }

    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    run.put("wallTime", took.toMinutes() + " min " + took.toSecondsPart() + " s");
    run.put("loadAfter", loadAverage());
    writeRunProperties(out.resolve(Report.RUN_PROPERTIES), run);
    boolean chart = Report.write(out.resolve("jmh.json"), out);
    System.out.println("wrote " + out.resolve(Report.MARKDOWN) + (chart ? " and "
        + out.resolve(Report.CHART) : " (no chart: the run has no log-shipping results)"));
  }

  /**
   * The proxies {@link ProxyBenchmark} needs, from {@code ../shared/peers}: kafka-pixy twice
   * (its default config, and {@code producer.flush_frequency: 5ms}) and the Strimzi bridge;
   * what cannot run here is skipped with a line saying why.
   */
  private static List<SuiteService> proxies() {
    List<SuiteService> proxies = new ArrayList<>();
    if (PeerFolder.find(PeerFolder.PIXY_GZ).isPresent()) {
      proxies.add(new PixyProcess("pixy", null));
      proxies.add(new PixyProcess("pixy5ms", "5ms"));
    } else {
      System.out.println("Skipping ProxyBenchmark's kafka-pixy routes: "
          + PeerFolder.missing(PeerFolder.PIXY_GZ));
    }
    if (PeerFolder.find(PeerFolder.BRIDGE_TGZ).isEmpty()) {
      System.out.println("Skipping ProxyBenchmark's Strimzi bridge route: "
          + PeerFolder.missing(PeerFolder.BRIDGE_TGZ));
    } else {
      Optional<Path> java = PeerFolder.bridgeJava();
      if (java.isPresent()) {
        proxies.add(new BridgeProcess(java.get()));
      } else {
        System.out.println("Skipping ProxyBenchmark's Strimzi bridge route: it needs Java "
            + PeerFolder.BRIDGE_JAVA + "+ (none found; set -D" + PeerFolder.BRIDGE_JAVA_PROPERTY
            + "=<JDK home> or " + PeerFolder.BRIDGE_JAVA_ENV + ")");
      }
    }
    return proxies;
  }

  /** The routes whose proxy is running: its address is among the published properties. */
  static List<String> routes(Map<String, String> published) {
    return Arrays.stream(ProxyRoute.values()).filter(r -> published.containsKey(r.property))
        .map(r -> r.label).toList();
  }

  /** Whether the run's patterns (or {@link #SUITE} when it has none) select {@code name}. */
  static boolean selects(CommandLineOptions cli, String name) {
    List<String> includes = cli.getIncludes().isEmpty() ? List.of(SUITE) : cli.getIncludes();
    return includes.stream().anyMatch(p -> Pattern.compile(p).matcher(name).find())
        && cli.getExcludes().stream().noneMatch(p -> Pattern.compile(p).matcher(name).find());
  }

  /**
   * Runs JMH. {@code routes}: the proxy routes that can run; none leaves ProxyBenchmark out,
   * some narrow its {@code route} parameter unless the command gave it.
   */
  private static void runJmh(CommandLineOptions cli, Path out, List<String> forkProperties,
      List<String> routes) throws RunnerException {
    ChainedOptionsBuilder options = new OptionsBuilder().parent(cli)
        .resultFormat(ResultFormatType.JSON).result(out.resolve("jmh.json").toString());
    if (cli.getIncludes().isEmpty()) {
      options.include(SUITE);
    }
    if (selects(cli, PROXY_BENCHMARK)) {
      if (routes.isEmpty()) {
        options.exclude("ProxyBenchmark");
      } else if (!cli.getParameter("route").hasValue()) {
        options.param("route", routes.toArray(String[]::new));
      }
    }
    List<String> prepend = new ArrayList<>(forkProperties);
    cli.getJvmArgsPrepend().orElse(List.of()).forEach(prepend::add);
    options.jvmArgsPrepend(prepend.toArray(String[]::new));
    new Runner(options.build()).run();
  }

  /** CPU count and model, memory and OS, as far as this platform tells. */
  static String machine() {
    String cpu = "unknown CPU";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
    } catch (IOException | RuntimeException notLinux) {
      // Keep "unknown CPU".
    }
    long ram = ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), "
        + Math.round(ram / (double) (1L << 30)) + " GiB RAM, " + System.getProperty("os.name")
        + " " + System.getProperty("os.version");
  }

  /** The 1, 5 and 15 minute load averages, or the 1 minute one where /proc has none. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException notLinux) {
      return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean()
          .getSystemLoadAverage());
    }
  }

  private static void writeRunProperties(Path file, Map<String, String> run) throws IOException {
    Properties p = new Properties();
    run.forEach(p::setProperty);
    try (var w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(w, "The suite run described above its results (read by Report)");
    }
  }
}
