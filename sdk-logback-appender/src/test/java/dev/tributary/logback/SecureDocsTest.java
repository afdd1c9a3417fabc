package dev.tributary.logback;

import dev.tributary.testkit.DocBlocks;
import org.junit.jupiter.api.Test;

/** The logback.xml blocks on the secured-destinations page are the ones the tests run. */
class SecureDocsTest {
  @Test
  void theLogbackBlocksOnThePageAreTheTestedOnes() {
    DocBlocks.assertDocumented(DocBlocks.resource("/secure/logback-sasl-ssl.xml"));
    DocBlocks.assertDocumented(DocBlocks.resource("/secure/logback-mtls.xml"));
    DocBlocks.assertDocumented(DocBlocks.resource("/secure/logback-pixy-https.xml"));
  }
}
