package dev.tributary.testkit;

/** Runs code on a thread named as the SDK names its sender thread, as the loop guard sees it. */
public final class SdkThread {
  private SdkThread() {}

  /** Runs {@code work} on a thread named {@code tributary-sender-x} and waits for it. */
  public static void run(Runnable work) throws InterruptedException {
    Thread t = new Thread(work, "tributary-sender-x");
    t.start();
    t.join();
  }
}
