package dev.tributary.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.tls.HeldCertificate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process broker with secured listeners, shared by a test class: {@code SASL_SSL} with
 * SCRAM-SHA-512 and {@code MTLS} (SSL, client certificate required), both with a certificate
 * from a self-made CA, and KRaft's {@code StandardAuthorizer} denying whatever no ACL allows.
 * The plaintext listener stays for the test itself: {@link #kafka()}'s admin client and
 * {@code consumeAll} connect there as {@code User:ANONYMOUS}, a super user.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SecureKafka KAFKA = new SecureKafka();
 *
 * @BeforeAll
 * static void users() {
 *   KAFKA.createScramUser("app", "app-secret");
 *   KAFKA.allowWrite("User:app", "logs");
 * }
 * }</pre>
 *
 * <p>The field must be static. Not thread-safe: drive it from the test thread.
 */
public final class SecureKafka implements BeforeAllCallback {
  /** Listener name of SASL_SSL with SCRAM-SHA-512. */
  public static final String SASL_SSL = "SASL_SSL";
  /** Listener name of SSL with a required client certificate. */
  public static final String MTLS = "MTLS";
  private static final String STORE_PASSWORD = "broker-store-pw";
  private static final long ADMIN_TIMEOUT_MS = 30_000;

  private Path dir;
  private TestCa ca;
  private Path caPem;
  private InProcessKafka kafka;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (kafka != null) {
      return;
    }
    dir = Files.createTempDirectory("tributary-secure-kafka-");
    ca = TestCa.create("tributary-test-ca");
    caPem = ca.writePem(dir.resolve("ca.pem"));
    HeldCertificate broker = ca.issue("broker", "127.0.0.1", "localhost");
    Path keyStore = TestCa.keyStore(dir.resolve("broker.p12"), broker, ca, STORE_PASSWORD);
    Path trustStore = ca.trustStore(dir.resolve("broker-trust.p12"), STORE_PASSWORD);
    String mtls = "listener.name." + MTLS.toLowerCase() + ".";
    String sasl = "listener.name." + SASL_SSL.toLowerCase() + ".";
    InProcessKafka created = InProcessKafka.builder()
        .listener(SASL_SSL, "SASL_SSL")
        .listener(MTLS, "SSL")
        .brokerConfig(Map.of(
            "ssl.keystore.location", keyStore.toString(),
            "ssl.keystore.type", "PKCS12",
            "ssl.keystore.password", STORE_PASSWORD,
            "ssl.key.password", STORE_PASSWORD,
            "ssl.truststore.location", trustStore.toString(),
            "ssl.truststore.type", "PKCS12",
            "ssl.truststore.password", STORE_PASSWORD))
        .brokerConfig(mtls + "ssl.client.auth", "required")
        .brokerConfig(sasl + "sasl.enabled.mechanisms", "SCRAM-SHA-512")
        .brokerConfig(sasl + "scram-sha-512.sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required;")
        // Brokers, controllers and the test's own clients use the plaintext listeners as
        // ANONYMOUS; everyone else needs an ACL.
        .clusterConfig("authorizer.class.name",
            "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
        .clusterConfig("super.users", "User:ANONYMOUS")
        .clusterConfig("allow.everyone.if.no.acl.found", "false")
        .build();
    // JUnit closes the class's store after its afterAll callbacks, even if start() fails.
    context.getStore(ExtensionContext.Namespace.create(SecureKafka.class, this))
        .put("cluster", (ExtensionContext.Store.CloseableResource) this::close);
    created.start();
    kafka = created;
  }

  private void close() {
    try {
      if (kafka != null) {
        kafka.close();
      }
    } finally {
      try {
        Utils.delete(dir.toFile());
      } catch (IOException ignored) {
        // Best effort: it is under java.io.tmpdir.
      }
    }
  }

  /** The cluster, for topics, the admin client and reading back over plaintext. */
  public InProcessKafka kafka() {
    if (kafka == null) {
      throw new IllegalStateException("Not started: register the extension on a static field");
    }
    return kafka;
  }

  /** {@code 127.0.0.1:port} of the SASL_SSL (SCRAM-SHA-512) listener. */
  public String saslSslBootstrap() {
    return kafka().bootstrapServers(SASL_SSL);
  }

  /** {@code 127.0.0.1:port} of the SSL listener that requires a client certificate. */
  public String mtlsBootstrap() {
    return kafka().bootstrapServers(MTLS);
  }

  /** The CA of the broker's certificate; client certificates it signs are trusted too. */
  public TestCa ca() {
    return ca;
  }

  /** The CA certificate as a PEM file: what a client trusts to reach this broker. */
  public Path caPem() {
    return caPem;
  }

  /** A directory for the test's own files; deleted with the cluster. */
  public Path dir() {
    return dir;
  }

  /**
   * Creates (or updates) a SCRAM-SHA-512 user and waits until the broker knows it, so a login
   * right after does not race the metadata update.
   */
  public void createScramUser(String user, String password) {
    Admin admin = kafka().admin();
    try {
      admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
          new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
          .all().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ADMIN_TIMEOUT_MS);
      while (!admin.describeUserScramCredentials().users().get(ADMIN_TIMEOUT_MS,
          TimeUnit.MILLISECONDS).contains(user)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("SCRAM user " + user + " never reached the broker");
        }
        Thread.sleep(20);
      }
    } catch (Exception e) {
      throw failure("Could not create SCRAM user " + user, e);
    }
  }

  /**
   * Lets {@code principal} (e.g. {@code User:app} or {@code User:CN=app}) describe and write
   * {@code topic}, and waits until the broker's authorizer has the ACLs.
   */
  public void allowWrite(String principal, String topic) {
    allow(principal, topic, AclOperation.DESCRIBE, AclOperation.WRITE);
  }

  /** Grants {@code operations} on {@code topic} to {@code principal} and waits for them. */
  public void allow(String principal, String topic, AclOperation... operations) {
    ResourcePattern resource = new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL);
    List<AclBinding> bindings = new ArrayList<>();
    for (AclOperation op : operations) {
      bindings.add(new AclBinding(resource,
          new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
    }
    Admin admin = kafka().admin();
    try {
      admin.createAcls(bindings).all().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ADMIN_TIMEOUT_MS);
      while (!admin.describeAcls(AclBindingFilter.ANY).values().get(ADMIN_TIMEOUT_MS,
          TimeUnit.MILLISECONDS).containsAll(bindings)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("ACLs for " + principal + " never reached the broker");
        }
        Thread.sleep(20);
      }
    } catch (Exception e) {
      throw failure("Could not grant " + principal + " access to " + topic, e);
    }
  }

  /** Writes {@code cert}'s key and chain as a PKCS12 client key store in {@link #dir()}. */
  public Path clientKeyStore(String fileName, HeldCertificate cert, String password) {
    return TestCa.keyStore(dir.resolve(fileName), cert, ca, password);
  }

  /** Creates a one-partition topic; see {@link InProcessKafka#createTopic(String, int)}. */
  public void createTopic(String topic) {
    kafka().createTopic(topic, 1);
  }

  private static RuntimeException failure(String message, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    if (e instanceof IOException io) {
      return new UncheckedIOException(message, io);
    }
    return e instanceof IllegalStateException ise ? ise : new IllegalStateException(message, e);
  }
}
