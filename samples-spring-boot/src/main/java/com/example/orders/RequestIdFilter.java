package com.example.orders;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id in the MDC ({@code requestId}), so every event logged while serving
 * it carries the id — in the console pattern and as a JSON field of the Kafka record, which
 * {@code logback-spring.xml} also uses as the record key (one request's events stay in order on
 * one partition).
 *
 * <p>The id is the caller's {@value #HEADER} header when it looks like an id (1–64 characters
 * from {@code A-Z a-z 0-9 . _ -}; anything else could smuggle text into the logs), otherwise a
 * new UUID. It is echoed in the response header. The filter also logs one access event per
 * request, once the outcome is known.
 *
 * <p>Thread-safe: the MDC is per thread and is cleared before the thread serves anything else.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter extends OncePerRequestFilter {
  /** The request and response header carrying the id. */
  public static final String HEADER = "X-Request-Id";
  /** The MDC key, and so the JSON field name, of the id. */
  public static final String MDC_KEY = "requestId";

  private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Logger log = LoggerFactory.getLogger(RequestIdFilter.class);

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    String given = request.getHeader(HEADER);
    String id = given != null && ACCEPTED.matcher(given).matches()
        ? given : UUID.randomUUID().toString();
    MDC.put(MDC_KEY, id);
    response.setHeader(HEADER, id);
    long start = System.nanoTime();
    boolean failed = true;
    try {
      chain.doFilter(request, response);
      failed = false;
    } finally {
      // An exception leaves the response at 200 until the container turns it into a 500.
      int status = failed ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : response.getStatus();
      log.atInfo()
          .addKeyValue("status", status)
          .addKeyValue("durationMs", (System.nanoTime() - start) / 1_000_000)
          .log("{} {} -> {}", request.getMethod(), request.getRequestURI(), status);
      MDC.remove(MDC_KEY);
    }
  }
}
