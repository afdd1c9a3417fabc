package dev.tributary.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service as a newcomer writes one, run by {@link JavaChild}: it logs through SLF4J (so
 * whichever logging framework is on the class path and configured by its usual file does the
 * rest) and returns from {@code main} without stopping anything.
 *
 * <p>Arguments: a number of lines to log at once; or {@code until-stop}, to log a line every
 * 10 ms until a line arrives on stdin. Either way it prints {@code logged <n>} before it
 * returns.
 */
public final class LoggingChild {
  private LoggingChild() {}

  public static void main(String[] args) throws Exception {
    Logger log = LoggerFactory.getLogger("com.acme.Orders");
    long logged = 0;
    if (args[0].equals("until-stop")) {
      CountDownLatch stop = new CountDownLatch(1);
      Thread reader = new Thread(() -> {
        try {
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
              .readLine();
        } catch (IOException ignored) {
          // stdin closed: stop as well
        }
        stop.countDown();
      });
      reader.setDaemon(true);
      reader.start();
      while (!stop.await(10, TimeUnit.MILLISECONDS)) {
        log.info("order {} placed", logged++);
      }
    } else {
      long lines = Long.parseLong(args[0]);
      while (logged < lines) {
        log.info("order {} placed", logged++);
      }
    }
    System.out.println("logged " + logged);
  }
}
