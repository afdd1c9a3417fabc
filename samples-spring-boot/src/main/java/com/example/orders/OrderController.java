package com.example.orders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The service's one endpoint; it logs as any Spring controller would, through SLF4J. */
@RestController
public class OrderController {
  private static final Logger log = LoggerFactory.getLogger(OrderController.class);

  /** An order as the endpoint returns it. */
  public record Order(String id, String status) {}

  /** Looks an order up; logs one event carrying the order id as an SLF4J key-value pair. */
  @GetMapping("/orders/{id}")
  public Order order(@PathVariable("id") String id) {
    log.atInfo().addKeyValue("orderId", id).log("Looked up order {}", id);
    return new Order(id, "SHIPPED");
  }
}
