package dev.tributary.testkit;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import kafka.server.BrokerServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.PreboundSocketFactoryManager;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.test.api.TestKitDefaults;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.ServerSocketFactory;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * An in-process KRaft Kafka cluster for integration tests, built on Kafka's own
 * {@link KafkaClusterTestKit}.
 *
 * <p>Brokers and controllers are separate nodes (so {@link #stopBroker(int)} never takes the
 * quorum down), every listener is bound to {@code 127.0.0.1} only, and all data lives in a temp
 * directory that {@link #close()} deletes. Broker ids are {@code 0..brokers-1}.
 *
 * <pre>{@code
 * try (InProcessKafka kafka = InProcessKafka.builder().brokers(3).build()) {
 *     kafka.start();
 *     kafka.createTopic("logs", 3, 3, Map.of("min.insync.replicas", "2"));
 *     // ... produce to kafka.bootstrapServers() ...
 *     List<ConsumerRecord<byte[], byte[]>> records = kafka.consumeAll("logs", 100, Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>A broker can be given a fixed port ({@link Builder#brokerPort(int, int)}), which makes
 * {@link #bootstrapServers()} usable before {@link #start()}: a client can be created while
 * nothing listens on that port yet. Nothing is bound until {@code start()}.
 *
 * <p>Not thread-safe: drive it from the test thread.
 */
public final class InProcessKafka implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final String BROKER_LISTENER = TestKitDefaults.DEFAULT_BROKER_LISTENER_NAME;
    private static final String CONTROLLER_LISTENER = TestKitDefaults.DEFAULT_CONTROLLER_LISTENER_NAME;
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final int brokers;
    private final int controllers;
    private final Map<String, String> brokerConfig;
    private final Map<String, String> clusterConfig;
    private final Map<String, String> extraListeners;
    private final Map<Integer, Integer> pinnedPorts;
    private final Duration startTimeout;

    private final Map<Integer, Integer> brokerPorts = new TreeMap<>();
    /** Listener name to broker id to port, for the listeners added with {@link Builder#listener}. */
    private final Map<String, Map<Integer, Integer>> listenerPorts = new TreeMap<>();
    private final Set<Integer> stoppedBrokers = new HashSet<>();
    private Path baseDir;
    private KafkaClusterTestKit cluster;
    private Admin admin;
    private boolean closed;

    private InProcessKafka(Builder builder) {
        this.brokers = builder.brokers;
        this.controllers = builder.controllers;
        this.brokerConfig = Map.copyOf(builder.brokerConfig);
        this.clusterConfig = Map.copyOf(builder.clusterConfig);
        this.extraListeners = Collections.unmodifiableMap(new LinkedHashMap<>(builder.extraListeners));
        this.pinnedPorts = Map.copyOf(builder.pinnedPorts);
        this.startTimeout = builder.startTimeout;
        brokerPorts.putAll(pinnedPorts);
    }

    /** Returns a builder for a 1-broker, 1-controller cluster. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a loopback port that was free a moment ago, chosen below the system's ephemeral port
     * range. Another process may grab it before it is bound again, which is an accepted risk in
     * tests that need a port known in advance.
     *
     * <p>Why not the ephemeral range (what {@code new ServerSocket(0)} gives): a client that keeps
     * connecting to a port nobody listens on yet can, on Linux, be handed that same port as its own
     * source port and connect to itself (TCP simultaneous open); it then holds the port the broker
     * is about to bind, and the broker fails to start. Outgoing connections of every other process
     * take ephemeral ports too.
     */
    public static int freePort() {
        int ceiling = ephemeralRangeStart();
        int floor = 10_000;
        if (ceiling - floor >= 1_000) {
            java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
            for (int attempt = 0; attempt < 200; attempt++) {
                int port = random.nextInt(floor, ceiling);
                if (bindable(port)) {
                    return port;
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free loopback port", e);
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of Linux's ephemeral range, or IANA's (49152) where that file is absent. */
    private static int ephemeralRangeStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 49_152;
        }
    }

    /**
     * Formats and starts every node, then waits until all brokers are registered and unfenced.
     *
     * @throws IllegalStateException if already started, or the cluster is not ready within the
     *                               builder's start timeout (the cluster is closed in that case)
     */
    public void start() {
        if (cluster != null || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        try {
            baseDir = Files.createTempDirectory("tributary-kafka-");
            cluster = buildCluster();
            FutureTask<Void> startup = new FutureTask<>(() -> {
                formatQuietly();
                cluster.startup();
                cluster.waitForReadyBrokers();
                return null;
            });
            // The test kit's own waits are unbounded; a separate thread lets us give up on a stuck start.
            Thread starter = new Thread(startup, "in-process-kafka-start");
            starter.setDaemon(true);
            starter.start();
            try {
                startup.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                starter.interrupt();
                throw new IllegalStateException("Kafka cluster not ready within " + startTimeout, e);
            }
        } catch (Exception e) {
            closeQuietly();
            throw propagate("Kafka cluster failed to start", e);
        }
    }

    /**
     * The test kit's storage formatter prints two long lines per node to {@code System.out}, not
     * through a logger; hold them back so test and demo output stays readable.
     */
    private void formatQuietly() throws Exception {
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            cluster.format();
        } finally {
            System.setOut(out);
        }
    }

    /**
     * Returns {@code 127.0.0.1:port} for every broker, including stopped ones, in broker id order.
     * Before {@link #start()} this only works when every broker has a pinned port.
     */
    public String bootstrapServers() {
        if (brokerPorts.size() < brokers) {
            throw new IllegalStateException("Broker ports are known after start() unless every broker port is pinned");
        }
        return brokerPorts.values().stream().map(port -> LOOPBACK + ":" + port).collect(Collectors.joining(","));
    }

    /**
     * Returns {@code 127.0.0.1:port} for every broker on the extra listener {@code listener} (see
     * {@link Builder#listener(String, String)}), in broker id order. Known after {@link #start()}.
     */
    public String bootstrapServers(String listener) {
        Map<Integer, Integer> ports = listenerPorts.get(listener.toUpperCase(java.util.Locale.ROOT));
        if (ports == null) {
            throw new IllegalStateException("No listener " + listener + " (known after start(): "
                    + listenerPorts.keySet() + ")");
        }
        return ports.values().stream().map(port -> LOOPBACK + ":" + port).collect(Collectors.joining(","));
    }

    /** Returns the port broker {@code brokerId} listens on (or will listen on, if pinned). */
    public int brokerPort(int brokerId) {
        Integer port = brokerPorts.get(brokerId);
        if (port == null) {
            throw new IllegalStateException("No port known for broker " + brokerId);
        }
        return port;
    }

    /** Returns the ids of the brokers that have not been stopped. */
    public SortedSet<Integer> runningBrokers() {
        requireStarted();
        SortedSet<Integer> running = new TreeSet<>(cluster.brokers().keySet());
        running.removeAll(stoppedBrokers);
        return Collections.unmodifiableSortedSet(running);
    }

    /**
     * Shuts broker {@code brokerId} down (controlled shutdown, so leadership moves and the broker
     * leaves the ISRs). It stays down until {@link #startBroker(int)} or {@link #close()}.
     */
    public void stopBroker(int brokerId) {
        requireStarted();
        BrokerServer broker = cluster.brokers().get(brokerId);
        if (broker == null) {
            throw new IllegalArgumentException("No broker " + brokerId + "; brokers are " + cluster.brokers().keySet());
        }
        if (stoppedBrokers.add(brokerId)) {
            broker.shutdown();
        }
    }

    /**
     * Starts broker {@code brokerId} again after {@link #stopBroker(int)}, on the same port and
     * with its data, and waits (up to the builder's start timeout) until every broker is
     * registered and unfenced. Does nothing for a broker that is running.
     *
     * @throws IllegalStateException if the broker is not ready in time
     */
    public void startBroker(int brokerId) {
        requireStarted();
        BrokerServer broker = cluster.brokers().get(brokerId);
        if (broker == null) {
            throw new IllegalArgumentException("No broker " + brokerId + "; brokers are " + cluster.brokers().keySet());
        }
        if (!stoppedBrokers.remove(brokerId)) {
            return;
        }
        FutureTask<Void> startup = new FutureTask<>(() -> {
            // The test kit hands the broker its listener again on the port it had: the socket
            // factory reopens a closed prebound socket at that address.
            broker.startup();
            cluster.waitForReadyBrokers();
            return null;
        });
        Thread starter = new Thread(startup, "in-process-kafka-restart-" + brokerId);
        starter.setDaemon(true);
        starter.start();
        try {
            startup.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            starter.interrupt();
            throw propagate("Broker " + brokerId + " did not start again within " + startTimeout, e);
        }
    }

    /** Returns a shared {@link Admin} client for this cluster; {@link #close()} closes it. */
    public Admin admin() {
        requireStarted();
        if (admin == null) {
            admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
        }
        return admin;
    }

    /** Creates a topic with replication factor 1 and default configs. */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, 1, Map.of());
    }

    /**
     * Creates a topic and waits until every running broker knows all of its partitions, so clients
     * with short metadata timeouts do not race the metadata propagation.
     */
    public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        NewTopic topic = new NewTopic(name, partitions, (short) replicationFactor).configs(configs);
        try {
            admin().createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
            while (!knownToAllRunningBrokers(name, partitions)) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("Topic " + name + " did not reach every broker's metadata");
                }
                Thread.sleep(20);
            }
            awaitLeadersServe(name, partitions);
        } catch (Exception e) {
            throw propagate("Could not create topic " + name, e);
        }
    }

    /**
     * Reads {@code topic} from the beginning of every partition with a plain, group-less consumer
     * until at least {@code expectedCount} records arrived or {@code timeout} elapsed, whichever
     * comes first. Never blocks much longer than {@code timeout}; on timeout it returns what it has,
     * so the caller's assertion shows how many records were missing.
     */
    public List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic, int expectedCount, Duration timeout) {
        requireStarted();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig())) {
            List<TopicPartition> partitions = List.of();
            // An empty result means the topic is not known yet (or not at the broker we asked); ask again.
            while (partitions.isEmpty() && remaining(deadline).compareTo(Duration.ZERO) > 0) {
                partitions = consumer.partitionsFor(topic, remaining(deadline)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
            }
            if (partitions.isEmpty()) {
                return records;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (records.size() < expectedCount && remaining(deadline).compareTo(Duration.ZERO) > 0) {
                Duration poll = Collections.min(List.of(remaining(deadline), Duration.ofMillis(200)));
                consumer.poll(poll).forEach(records::add);
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            // partitionsFor ran out of time: same contract as a poll timeout, return what we have.
        }
        return records;
    }

    /**
     * Reads {@code topic} until it holds {@code expected} distinct values (as UTF-8) or
     * {@code timeout} elapsed on one read, and returns the distinct values. At least once means a
     * record retried across an outage may be in Kafka twice, so counting records alone could stop
     * before the last distinct one is read.
     */
    public Set<String> distinctValues(String topic, int expected, Duration timeout) {
        Set<String> values = new HashSet<>();
        int want = expected;
        while (true) {
            List<ConsumerRecord<byte[], byte[]>> records = consumeAll(topic, want, timeout);
            values.clear();
            records.forEach(r -> values.add(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)));
            if (values.size() >= expected || records.size() < want) {
                return values;
            }
            want = records.size() + expected - values.size();
        }
    }

    /**
     * Shuts every node down and deletes the data directory. Idempotent.
     *
     * @throws IllegalStateException if a node reported a fault while running or shutting down
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
            if (cluster != null) {
                cluster.close();
            }
        } catch (Exception e) {
            throw propagate("Kafka cluster did not shut down cleanly", e);
        } finally {
            deleteBaseDir();
        }
    }

    private KafkaClusterTestKit buildCluster() throws Exception {
        // Bind every listener before building the nodes, because their configs must name the real ports.
        Map<Integer, Map<String, ServerSocketChannel>> sockets = new LinkedHashMap<>();
        boolean handedOver = false;
        try {
            Map<Integer, Map<String, String>> perNode = new HashMap<>();
            List<String> voters = new ArrayList<>();
            for (int id : controllerIds()) {
                int port = bind(sockets, id, CONTROLLER_LISTENER, 0);
                voters.add(id + "@" + LOOPBACK + ":" + port);
                perNode.put(id, new HashMap<>(Map.of(
                        "listeners", CONTROLLER_LISTENER + "://" + LOOPBACK + ":" + port)));
            }
            for (int id = 0; id < brokers; id++) {
                int port = bind(sockets, id, BROKER_LISTENER, pinnedPorts.getOrDefault(id, 0));
                brokerPorts.put(id, port);
                Map<String, String> props = new HashMap<>(brokerConfig);
                StringBuilder listeners = new StringBuilder(BROKER_LISTENER + "://" + LOOPBACK + ":" + port);
                StringBuilder protocols = new StringBuilder(BROKER_LISTENER + ":PLAINTEXT,"
                        + CONTROLLER_LISTENER + ":PLAINTEXT");
                for (Map.Entry<String, String> extra : extraListeners.entrySet()) {
                    int extraPort = bind(sockets, id, extra.getKey(), 0);
                    listenerPorts.computeIfAbsent(extra.getKey(), k -> new TreeMap<>()).put(id, extraPort);
                    listeners.append(',').append(extra.getKey()).append("://").append(LOOPBACK).append(':').append(extraPort);
                    protocols.append(',').append(extra.getKey()).append(':').append(extra.getValue());
                }
                props.put("listeners", listeners.toString());
                if (!extraListeners.isEmpty()) {
                    props.put("listener.security.protocol.map", protocols.toString());
                }
                perNode.put(id, props);
            }
            String quorumVoters = String.join(",", voters);
            perNode.values().forEach(props -> props.put("controller.quorum.voters", quorumVoters));

            TestKitNodes nodes = new TestKitNodes.Builder(productionBootstrapMetadata())
                    .setCombined(false)
                    .setNumBrokerNodes(brokers)
                    .setNumControllerNodes(controllers)
                    .setBaseDirectory(baseDir)
                    .setPerServerProperties(perNode)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            modestResourceDefaults().forEach(builder::setConfigProp);
            clusterConfig.forEach(builder::setConfigProp);
            handOverSockets(builder, sockets);
            handedOver = true;
            return builder.build();
        } finally {
            if (!handedOver) {
                sockets.values().forEach(byListener -> byListener.values().forEach(s -> Utils.closeQuietly(s, "socket")));
            }
        }
    }

    private static int bind(Map<Integer, Map<String, ServerSocketChannel>> sockets, int nodeId, String listener, int port)
            throws IOException {
        // Same factory the test kit uses, so the channel is non-blocking as the broker's acceptor expects.
        ServerSocketChannel channel = ServerSocketFactory.INSTANCE.openServerSocket(
                listener, new InetSocketAddress(LOOPBACK, port), -1, -1);
        sockets.computeIfAbsent(nodeId, id -> new HashMap<>()).put(listener, channel);
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    /**
     * The test kit pre-binds every listener on the wildcard address at a random port and hands that
     * socket to the server, ignoring the host and port in {@code listeners}. There is no public hook
     * to change that, so we place our loopback sockets into its socket manager before it binds its
     * own. Verified against kafka-test-common-runtime 4.3.1; revisit when upgrading Kafka.
     */
    @SuppressWarnings("unchecked")
    private static void handOverSockets(KafkaClusterTestKit.Builder builder,
                                        Map<Integer, Map<String, ServerSocketChannel>> sockets) throws ReflectiveOperationException {
        Field managerField = KafkaClusterTestKit.Builder.class.getDeclaredField("socketFactoryManager");
        managerField.setAccessible(true);
        PreboundSocketFactoryManager manager = (PreboundSocketFactoryManager) managerField.get(builder);
        Field socketsField = PreboundSocketFactoryManager.class.getDeclaredField("sockets");
        socketsField.setAccessible(true);
        synchronized (manager) {
            Map<Integer, Map<String, ServerSocketChannel>> managed =
                    (Map<Integer, Map<String, ServerSocketChannel>>) socketsField.get(manager);
            sockets.forEach((nodeId, byListener) -> managed.computeIfAbsent(nodeId, id -> new HashMap<>()).putAll(byListener));
        }
    }

    /**
     * The test kit defaults to the newest, unreleased metadata version and unstable APIs; the SDK
     * should be tested against what a released broker of this version offers.
     */
    private static BootstrapMetadata productionBootstrapMetadata() {
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, Short> features = Feature.PRODUCTION_FEATURES.stream()
                .collect(Collectors.toMap(Feature::featureName, f -> f.defaultLevel(version)));
        return BootstrapMetadata.fromVersions(version, features, "tributary-testkit");
    }

    /** Broker defaults sized for a 2-core CI machine running several nodes in one JVM. */
    private Map<String, Object> modestResourceDefaults() {
        int internalReplication = Math.min(brokers, 3);
        Map<String, Object> props = new HashMap<>();
        props.put("unstable.api.versions.enable", "false");
        props.put("unstable.feature.versions.enable", "false");
        props.put("num.network.threads", "1");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        props.put("num.recovery.threads.per.data.dir", "1");
        props.put("log.cleaner.threads", "1");
        props.put("group.coordinator.threads", "1");
        // Internal topics default to 50 partitions and replication factor 3; neither fits a tiny cluster.
        props.put("offsets.topic.num.partitions", "1");
        props.put("offsets.topic.replication.factor", String.valueOf(internalReplication));
        props.put("transaction.state.log.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", String.valueOf(internalReplication));
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", String.valueOf(internalReplication));
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        return props;
    }

    private List<Integer> controllerIds() {
        int first = TestKitDefaults.BROKER_ID_OFFSET + TestKitDefaults.CONTROLLER_ID_OFFSET;
        return IntStream.range(first, first + controllers).boxed().toList();
    }

    /**
     * Waits until every partition's leader answers a request for it. Knowing a partition in the
     * metadata cache is not enough: a produce that reaches a leader before it applied the
     * partition fails with NOT_LEADER_OR_FOLLOWER, and an idempotent producer whose later batch
     * then lands first spins on OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout
     * (KAFKA-15591). ListOffsets is served by the leader only, and Admin retries it until then.
     */
    private void awaitLeadersServe(String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        admin().listOffsets(latest).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean knownToAllRunningBrokers(String topic, int partitions) {
        return cluster.brokers().entrySet().stream()
                .filter(e -> !stoppedBrokers.contains(e.getKey()))
                .allMatch(e -> IntStream.range(0, partitions)
                        .allMatch(p -> e.getValue().metadataCache().contains(new TopicPartition(topic, p))));
    }

    private Map<String, Object> consumerConfig() {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
                ConsumerConfig.CLIENT_ID_CONFIG, "in-process-kafka-reader");
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    private void requireStarted() {
        if (cluster == null || closed) {
            throw new IllegalStateException(closed ? "closed" : "not started; call start() first");
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException ignored) {
            // Already failing; the original error is the useful one.
        }
    }

    private void deleteBaseDir() {
        if (baseDir != null) {
            try {
                Utils.delete(baseDir.toFile());
            } catch (IOException ignored) {
                // Best effort: it is under java.io.tmpdir.
            }
        }
    }

    private static RuntimeException propagate(String message, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof IllegalStateException ise ? ise
                : new IllegalStateException(message + ": " + cause, cause);
    }

    /** Configures an {@link InProcessKafka}; {@link #build()} does not start anything. */
    public static final class Builder {
        private int brokers = 1;
        private int controllers = 1;
        private final Map<String, String> brokerConfig = new HashMap<>();
        private final Map<String, String> clusterConfig = new HashMap<>();
        private final Map<String, String> extraListeners = new LinkedHashMap<>();
        private final Map<Integer, Integer> pinnedPorts = new HashMap<>();
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** Number of brokers, ids {@code 0..brokers-1}. Default 1. */
        public Builder brokers(int brokers) {
            if (brokers < 1) {
                throw new IllegalArgumentException("brokers must be >= 1");
            }
            this.brokers = brokers;
            return this;
        }

        /** Number of KRaft controllers (separate from the brokers). Default 1. */
        public Builder controllers(int controllers) {
            if (controllers < 1) {
                throw new IllegalArgumentException("controllers must be >= 1");
            }
            this.controllers = controllers;
            return this;
        }

        /** Adds a broker config, e.g. {@code message.max.bytes} or {@code auto.create.topics.enable}. */
        public Builder brokerConfig(String key, String value) {
            brokerConfig.put(key, value);
            return this;
        }

        /** Adds broker configs; see {@link #brokerConfig(String, String)}. */
        public Builder brokerConfig(Map<String, String> configs) {
            brokerConfig.putAll(configs);
            return this;
        }

        /**
         * Adds a config to every node, controllers included: what both roles must agree on, such
         * as {@code authorizer.class.name} and {@code super.users}.
         */
        public Builder clusterConfig(String key, String value) {
            clusterConfig.put(key, value);
            return this;
        }

        /**
         * Adds a broker listener named {@code name} (e.g. {@code SASL_SSL} or {@code MTLS}) with
         * {@code securityProtocol} ({@code SSL}, {@code SASL_SSL}, {@code SASL_PLAINTEXT}), on a
         * loopback port of its own; {@link InProcessKafka#bootstrapServers(String)} names it.
         * Configure it with listener-prefixed broker configs
         * ({@code listener.name.<name lower-case>.ssl.client.auth}). Brokers, the admin client and
         * {@link InProcessKafka#consumeAll} keep talking over the plaintext listener.
         */
        public Builder listener(String name, String securityProtocol) {
            String n = name.toUpperCase(java.util.Locale.ROOT);
            if (n.equals(BROKER_LISTENER) || n.equals(CONTROLLER_LISTENER) || !n.matches("[A-Z][A-Z0-9_]*")) {
                throw new IllegalArgumentException("listener name " + name + " is taken or malformed");
            }
            extraListeners.put(n, securityProtocol.toUpperCase(java.util.Locale.ROOT));
            return this;
        }

        /** Makes broker {@code brokerId} listen on {@code 127.0.0.1:port}, e.g. from {@link #freePort()}. */
        public Builder brokerPort(int brokerId, int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            pinnedPorts.put(brokerId, port);
            return this;
        }

        /** How long {@link InProcessKafka#start()} may take before it gives up. Default 60 s. */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /** Creates the (unstarted) cluster. */
        public InProcessKafka build() {
            pinnedPorts.keySet().stream().filter(id -> id < 0 || id >= brokers).findFirst().ifPresent(id -> {
                throw new IllegalArgumentException("Pinned port for unknown broker " + id + "; broker ids are 0.." + (brokers - 1));
            });
            return new InProcessKafka(this);
        }
    }
}
