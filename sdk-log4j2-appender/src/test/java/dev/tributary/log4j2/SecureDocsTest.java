package dev.tributary.log4j2;

import dev.tributary.testkit.DocBlocks;
import org.junit.jupiter.api.Test;

/** The log4j2.xml blocks on the secured-destinations page are the ones the tests run. */
class SecureDocsTest {
  @Test
  void theLog4j2BlocksOnThePageAreTheTestedOnes() {
    DocBlocks.assertDocumented(DocBlocks.resource("/secure/log4j2-sasl-ssl.xml"));
    DocBlocks.assertDocumented(DocBlocks.resource("/secure/log4j2-mtls.xml"));
  }
}
