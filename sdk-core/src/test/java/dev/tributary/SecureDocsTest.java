package dev.tributary;

import dev.tributary.testkit.DocBlocks;
import org.junit.jupiter.api.Test;

/** The producer-API blocks on the secured-destinations page are the ones SecureKafkaIT runs. */
class SecureDocsTest {
  private static final String SOURCE = "src/test/java/dev/tributary/SecureKafkaIT.java";

  @Test
  void theProducerBlocksOnThePageAreTheTestedOnes() {
    for (String block : new String[] {"producer-sasl-ssl", "producer-mtls"}) {
      // The test reads its environment from a map; the page from the real one.
      DocBlocks.assertDocumented(DocBlocks.region(SOURCE, block)
          .replace("env.apply(", "System.getenv("));
    }
  }
}
