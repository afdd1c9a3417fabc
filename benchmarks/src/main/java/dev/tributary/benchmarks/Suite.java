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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * are listed in {@code main}, in start order: a proxy in front of the broker is added there.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.tributary.benchmarks.Suite     # all, ~33 min
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
      + "|HttpTransportBenchmark|GrpcTransportBenchmark|SpoolBenchmark|OfferBenchmark";

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

    List<SuiteService> services = List.of(new BrokerProcess());
    List<String> forkProperties = new ArrayList<>();
    Map<String, String> published = new LinkedHashMap<>();
    Thread cleanup = new Thread(() -> services.forEach(SuiteService::close), "suite-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      for (SuiteService s : services) {
        System.out.printf("Starting %s...%n", s.name());
        long started = System.nanoTime();
        Map<String, String> props = s.start(Map.copyOf(published));
        published.putAll(props);
        System.out.printf("%s: %s (started in %.1f s)%n", s.name(), props,
            (System.nanoTime() - started) / 1e9);
      }
      published.forEach((k, v) -> forkProperties.add("-D" + k + "=" + v));
      runJmh(cli, out, forkProperties);
    } finally {
      services.forEach(SuiteService::close);
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }

    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    run.put("wallTime", took.toMinutes() + " min " + took.toSecondsPart() + " s");
    run.put("loadAfter", loadAverage());
    writeRunProperties(out.resolve(Report.RUN_PROPERTIES), run);
    Report.write(out.resolve("jmh.json"), out);
    System.out.println("wrote " + out.resolve(Report.MARKDOWN) + " and "
        + out.resolve(Report.CHART));
  }

  private static void runJmh(CommandLineOptions cli, Path out, List<String> forkProperties)
      throws RunnerException {
    ChainedOptionsBuilder options = new OptionsBuilder().parent(cli)
        .resultFormat(ResultFormatType.JSON).result(out.resolve("jmh.json").toString());
    if (cli.getIncludes().isEmpty()) {
      options.include(SUITE);
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
