package dev.tributary.grpc;

import dev.tributary.DeliveryReport;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.testkit.InProcessKafka;
import dev.tributary.testkit.KafkaBridge;
import dev.tributary.testkit.KafkaPixy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small timed run, not a test: events/s that the producer API, with every default, delivers
 * into Kafka through the real proxies (kafka-pixy with its default config and with a 5 ms
 * flush, over HTTP and gRPC; the Strimzi bridge over HTTP). Each run offers {@code events}
 * records of about 300 bytes at once and times until {@code flush} reports them all acknowledged.
 *
 * <p>Run from the repository root after {@code ./mvnw -o -q package -DskipTests}:
 * <pre>
 * java -cp "$(cat /tmp/cp-sdk-grpc.txt):sdk-grpc/target/test-classes:sdk-grpc/target/classes" \
 *   dev.tributary.grpc.ProxyThroughput [events] [rounds] [only-these-names...]
 * </pre>
 * where the class path file comes from {@code ./mvnw -o -q -pl sdk-grpc -am package -DskipTests
 * dependency:build-classpath -Dmdep.outputFile=/tmp/cp-\${project.artifactId}.txt
 * -Dmdep.includeScope=test}. Needs {@code ../shared/peers}.
 */
public final class ProxyThroughput {
  private ProxyThroughput() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    List<String> only = args.length > 2 ? List.of(args).subList(2, args.length) : List.of();
    try (InProcessKafka kafka = InProcessKafka.builder().build()) {
      kafka.start();
      kafka.createTopic("bench", 3);
      try (KafkaPixy pixy = KafkaPixy.builder(kafka.bootstrapServers()).start();
          KafkaPixy fast = KafkaPixy.builder(kafka.bootstrapServers())
              .flushFrequency(Duration.ofMillis(5)).start();
          KafkaBridge bridge = only.isEmpty() || only.contains("rest-http")
              ? KafkaBridge.builder(kafka.bootstrapServers()).start() : null) {
        Map<String, String> targets = new java.util.LinkedHashMap<>();
        targets.put("pixy-http-default", pixy.httpDestination());
        targets.put("pixy-grpc-default", pixy.grpcDestination());
        targets.put("pixy-http-5ms", fast.httpDestination());
        targets.put("pixy-grpc-5ms", fast.grpcDestination());
        if (bridge != null) {
          targets.put("rest-http", bridge.destination());
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> t : targets.entrySet()) {
          if (!only.isEmpty() && !only.contains(t.getKey())) {
            continue;
          }
          for (int round = 1; round <= rounds; round++) {
            String line = String.format("%-18s round %d: %s", t.getKey(), round,
                run(t.getValue(), events));
            System.out.println(line);
            lines.add(line);
          }
        }
        System.out.println("---");
        lines.forEach(System.out::println);
      }
    }
    System.exit(0);
  }

  static String run(String destination, int events) {
    TributaryConfig config = TributaryConfig.builder(destination).clientId("throughput")
        .build();
    byte[] value = ("{\"@timestamp\":\"2026-01-01T00:00:00.000Z\",\"level\":\"INFO\","
        + "\"logger\":\"com.acme.checkout.Payments\",\"thread\":\"http-nio-8080-exec-7\","
        + "\"message\":\"payment authorised for order %08d amount 1234.56 EUR via card\","
        + "\"service\":\"checkout\",\"host\":\"checkout-7d9f8b-xk2lp\",\"requestId\":"
        + "\"3f1c2a9e-5b7d-4e8a-9c0f-1a2b3c4d5e6f\"}").getBytes(StandardCharsets.UTF_8);
    try (TributaryProducer p = TributaryProducer.create(config)) {
      long t0 = System.nanoTime();
      for (int i = 0; i < events; i++) {
        p.offer(TributaryRecord.of("bench", value));
      }
      DeliveryReport r = p.flush(Duration.ofMinutes(3));
      double secs = (System.nanoTime() - t0) / 1e9;
      return String.format("%,d events in %.2f s = %,.0f events/s (%s, batch avg %.0f ms)",
          r.sent(), secs, r.sent() / secs, r, p.metrics().batchSendLatencyAvgMs());
    }
  }
}
