package dev.tributary.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The classification table of the HTTP transports, and Retry-After parsing. */
class ClassifierTest {

  @Test
  void statusesRetriedWhateverTheBody() {
    for (int s : new int[] {408, 425, 429, 502, 503, 504}) {
      assertThat(Classifier.alwaysRetriable(s)).as("%d", s).isTrue();
      assertThat(Classifier.retriableStatus(s, "<html>too large</html>")).isTrue();
    }
  }

  @Test
  void otherClientErrorsRedirectsAndUnsupportedAreFatal() {
    for (int s : new int[] {301, 307, 400, 401, 403, 404, 409, 413, 415, 422, 501, 505}) {
      assertThat(Classifier.retriableStatus(s, "x")).as("%d", s).isFalse();
    }
  }

  @Test
  void serverErrorsAreRetriedUnlessTheRecordIsTooLarge() {
    assertThat(Classifier.retriableStatus(500, "kafka: client has run out of available brokers"))
        .isTrue();
    assertThat(Classifier.retriableStatus(500, null)).isTrue();
    assertThat(Classifier.retriableStatus(507, "disk")).isTrue();
    assertThat(Classifier.retriableStatus(500,
        "kafka server: Message was too large, server rejected it")).isFalse();
    assertThat(Classifier.retriableStatus(500, "The request included a message larger than "
        + "the max message size the server will accept.")).isFalse();
  }

  @Test
  void confluentCodes() {
    assertThat(Classifier.retriableCode(50003, "Leader not available")).isTrue();
    assertThat(Classifier.retriableCode(50002, "Invalid record")).isFalse();
    assertThat(Classifier.retriableCode(40101, "Authentication failed")).isFalse();
    assertThat(Classifier.retriableCode(40301, "Not authorized")).isFalse();
    assertThat(Classifier.retriableCode(40401, "Topic not found")).isFalse();
    assertThat(Classifier.retriableCode(42901, "Too many requests")).isTrue();
    assertThat(Classifier.retriableCode(50001, "store error")).isTrue();
  }

  @Test
  void strimziCodesAreHttpStatuses() {
    assertThat(Classifier.retriableCode(404, "Topic not found")).isFalse();
    assertThat(Classifier.retriableCode(500, "Expiring 1 record(s): 120000 ms has passed"))
        .isTrue();
    assertThat(Classifier.retriableCode(500, "The message is 2000000 bytes when serialized "
        + "which is larger than 1048576")).isFalse();
  }

  @Test
  void karapaceCodes() {
    assertThat(Classifier.retriableCode(2, "NotEnoughReplicas")).isTrue();
    assertThat(Classifier.retriableCode(1, "Invalid data")).isFalse();
    assertThat(Classifier.retriableCode(1, "timed out waiting to publish message")).isTrue();
    assertThat(Classifier.retriableCode(1, "Publish message cancelled")).isTrue();
    assertThat(Classifier.retriableCode(1, null)).isFalse();
  }

  @Test
  void unknownCodesKeepTheRecordUnlessClearlyTooLarge() {
    assertThat(Classifier.retriableCode(7, "something")).isTrue();
    assertThat(Classifier.retriableCode(7, "record too large")).isFalse();
  }

  @Test
  void retryAfterTakesSecondsOrADate() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(RetryAfter.parse("3", now)).isEqualTo(Duration.ofSeconds(3));
    assertThat(RetryAfter.parse(" 0 ", now)).isEqualTo(Duration.ZERO);
    assertThat(RetryAfter.parse("Thu, 01 Jan 2026 00:00:42 GMT", now))
        .isEqualTo(Duration.ofSeconds(42));
    assertThat(RetryAfter.parse("Wed, 31 Dec 2025 23:00:00 GMT", now)).isEqualTo(Duration.ZERO);
    assertThat(RetryAfter.parse("99999999999", now)).isEqualTo(RetryAfter.MAX);
    assertThat(RetryAfter.parse("soon", now)).isNull();
    assertThat(RetryAfter.parse("-5", now)).isNull();
    assertThat(RetryAfter.parse(null, now)).isNull();
  }

  @Test
  void htmlBodiesShrinkToTheirTitleOrText() {
    assertThat(ProxyResponse.snippet("<html><head><title>503 Service Temporarily Unavailable"
        + "</title></head><body>...</body></html>")).isEqualTo(
            "503 Service Temporarily Unavailable");
    assertThat(ProxyResponse.snippet("<!DOCTYPE html><html><body><h1>Too   Many\n Requests</h1>"
        + "</body></html>")).isEqualTo("Too Many Requests");
    assertThat(ProxyResponse.snippet("   ")).isEqualTo("(empty body)");
    assertThat(ProxyResponse.snippet("x".repeat(500))).hasSize(ProxyResponse.SNIPPET_CHARS + 3);
  }
}
