package dev.tributary.internal.appender;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class StackTraceWriterTest {

  @Test
  void writesCausesSuppressedAndCommonFramesLikeLogback() {
    IOException cause = new IOException("disk gone");
    IllegalStateException top = new IllegalStateException("save failed", cause);
    top.addSuppressed(new RuntimeException("cleanup failed"));

    String trace = write(new StackTraceWriter(0, 0), top);

    String first = top.getStackTrace()[0].toString();
    assertThat(trace).startsWith("java.lang.IllegalStateException: save failed\n\tat " + first
        + "\n");
    assertThat(trace).contains("\n\tSuppressed: java.lang.RuntimeException: cleanup failed\n"
        + "\t\tat ");
    assertThat(trace).contains("\nCaused by: java.io.IOException: disk gone\n\tat ");
    // The cause was created one line above the top exception: all frames but its first shared.
    assertThat(trace).contains("\t... " + (cause.getStackTrace().length - 1)
        + " common frames omitted\n");
    assertThat(trace).endsWith("\n");
  }

  @Test
  void marksACircularCauseInsteadOfLooping() {
    IllegalStateException a = new IllegalStateException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);

    assertThat(write(new StackTraceWriter(0, 0), a))
        .contains("Caused by: java.lang.RuntimeException: b")
        .contains("Caused by: [CIRCULAR REFERENCE: java.lang.IllegalStateException: a]\n");
  }

  @Test
  void keepsAtMostMaxDepthFramesPerThrowable() {
    Exception e = new IllegalStateException("deep");
    String trace = write(new StackTraceWriter(2, 0), e);
    assertThat(trace.split("\n\tat ", -1)).hasSize(3);
    assertThat(trace).endsWith("\t... " + (e.getStackTrace().length - 2)
        + " frames truncated\n");
  }

  @Test
  void cutsAtMaxLengthWithAMarkerAndNeverSplitsASurrogatePair() {
    String trace = write(new StackTraceWriter(0, 100), new IllegalStateException("x"));
    assertThat(trace).hasSize(100).endsWith(StackTraceWriter.TRUNCATED);

    // Put a surrogate pair exactly across the cut point.
    String message = "a".repeat(100 - StackTraceWriter.TRUNCATED.length()
        - "java.lang.IllegalStateException: ".length() - 1) + "😀😀";
    String cut = write(new StackTraceWriter(0, 100), new IllegalStateException(message));
    assertThat(cut).endsWith("a" + StackTraceWriter.TRUNCATED);
  }

  @Test
  void survivesAThrowableWhoseGetMessageThrows() {
    Exception e = new Exception() {
      @Override
      public String getMessage() {
        throw new UnsupportedOperationException();
      }
    };
    assertThat(write(new StackTraceWriter(0, 0), e))
        .contains("[getMessage() threw java.lang.UnsupportedOperationException]");
  }

  private static String write(StackTraceWriter writer, Throwable t) {
    StringBuilder out = new StringBuilder("prefix:");
    writer.write(t, out);
    assertThat(out.toString()).startsWith("prefix:");
    return out.substring("prefix:".length());
  }
}
