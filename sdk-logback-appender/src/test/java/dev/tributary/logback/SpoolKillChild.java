package dev.tributary.logback;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;

/**
 * A stand-in service for {@link SigkillSpoolIT}: logs numbered events through the appender,
 * with a spool, towards a broker that is not there, and prints how many events its spool has
 * written, until it is killed. Arguments: spool directory, broker port.
 */
public final class SpoolKillChild {
  private SpoolKillChild() {}

  public static void main(String[] args) {
    LoggerContext ctx = LogbackTesting.configure(SigkillSpoolIT.xml(args[0],
        Integer.parseInt(args[1])));
    TributaryAppender appender = LogbackTesting.appender(ctx);
    if (!appender.isStarted()) {
      System.out.println("not started: " + LogbackTesting.statusText(ctx));
      System.exit(2);
    }
    Logger log = ctx.getLogger("com.acme.Orders");
    for (int i = 0; ; i++) {
      log.info("seq={}", i);
      if (i % 1000 == 0) {
        System.out.println("spooled=" + appender.metrics().spooled());
        System.out.flush();
      }
    }
  }
}
