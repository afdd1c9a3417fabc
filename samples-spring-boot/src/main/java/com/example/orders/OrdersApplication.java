package com.example.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small Spring Boot web service whose logs Tributary's Logback appender ships to Kafka.
 *
 * <p>Nothing here mentions Tributary: the appender is declared in {@code logback-spring.xml} and
 * takes its destination, topic and static fields from {@code application.yml}, so shipping is
 * switched per Spring profile ({@code local} logs to the console only) and per environment
 * ({@code TRIBUTARY_DESTINATION=kafka://broker:9092}, {@code --tributary.destination=...}).
 *
 * <p>The package is deliberately not under {@code dev.tributary}: the appender treats events
 * from {@code dev.tributary.*} loggers as its own diagnostics and never ships them.
 *
 * <pre>{@code
 * java -cp ... com.example.orders.OrdersApplication --tributary.destination=kafka://broker:9092
 * java -cp ... com.example.orders.OrdersApplication --spring.profiles.active=local
 * }</pre>
 */
@SpringBootApplication
public class OrdersApplication {

  /** Starts the service; arguments are Spring Boot's ({@code --name=value} properties). */
  public static void main(String[] args) {
    SpringApplication.run(OrdersApplication.class, args);
  }
}
