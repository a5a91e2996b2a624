package io.skiff.replication.zk;

import static io.skiff.replication.zk.ZkTestSupport.await;
import static io.skiff.replication.zk.ZkTestSupport.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ZkMetadataStoreIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    final ZkFixture fixture = new ZkFixture();

    private final long seed = new Random().nextLong();
    private final Random random = new Random(seed);

    private ZkMetadataStore store() throws Exception {
        return fixture.store();
    }

    private static BrokerRegistration broker(int id, int port) {
        return new BrokerRegistration(id, List.of(new EndPoint("PLAINTEXT", "PLAINTEXT", "127.0.0.1", port)),
                Optional.empty(), -1, ZkTestSupport.FIXED_TIME_MS, Map.of());
    }

    private JsonNode rawJson(ZkMetadataStore store, String path) throws Exception {
        return MAPPER.readTree(store.curator().getData().forPath(path));
    }

    @Test
    void persistentPathsAreKafkasAndCreatingThemTwiceIsHarmless() throws Exception {
        ZkMetadataStore store = store();
        await(store.ensurePersistentPaths());
        for (String path : List.of("/brokers/ids", "/brokers/topics", "/brokers/seqid", "/config/changes",
                "/config/topics", "/config/brokers", "/admin/delete_topics", "/isr_change_notification",
                "/latest_producer_id_block", "/consumers")) {
            assertThat(store.curator().checkExists().forPath(path)).as(path).isNotNull();
        }
    }

    @Test
    void persistentPathsAreCompletedAroundExistingOnesAndByRacingBrokers() throws Exception {
        ZkMetadataStore a = store();
        ZkMetadataStore b = store();
        a.curator().create().creatingParentsIfNeeded().forPath("/config/topics/kept", new byte[] {1});
        List<CompletableFuture<Void>> racing = List.of(a.ensurePersistentPaths(), b.ensurePersistentPaths());
        for (CompletableFuture<Void> f : racing) {
            await(f);
        }
        for (String path : ZNodes.PERSISTENT_PATHS) {
            assertThat(a.curator().checkExists().forPath(path)).as(path).isNotNull();
        }
        assertThat(a.curator().getData().forPath("/config/topics/kept")).containsExactly(1);
    }

    @Test
    void clusterIdIsCreatedOnceAndSharedByAllBrokers() throws Exception {
        ZkMetadataStore a = store();
        ZkMetadataStore b = store();
        List<CompletableFuture<String>> racing = List.of(
                a.getOrCreateClusterId(() -> KafkaUuid.random(new Random(seed))),
                b.getOrCreateClusterId(() -> KafkaUuid.random(new Random(seed + 1))));
        String id = await(racing.get(0));
        assertThat(await(racing.get(1))).as("seed %d", seed).isEqualTo(id);
        JsonNode json = rawJson(a, "/cluster/id");
        assertThat(json.get("version").isTextual()).isTrue();
        assertThat(json.get("version").asText()).isEqualTo("1");
        assertThat(json.get("id").asText()).isEqualTo(id);
    }

    @Test
    void brokerSequenceIdsAreDistinctAcrossConcurrentBrokers() throws Exception {
        ZkMetadataStore a = store();
        ZkMetadataStore b = store();
        List<CompletableFuture<Integer>> racing = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            racing.add(a.generateBrokerSequenceId());
            racing.add(b.generateBrokerSequenceId());
        }
        List<Integer> ids = new ArrayList<>();
        for (CompletableFuture<Integer> f : racing) {
            ids.add(await(f));
        }
        assertThat(ids).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isBetween(1, 20));
    }

    @Test
    void brokerRegistrationIsEphemeralVersion5AndDisappearsWhenTheSessionCloses() throws Exception {
        ZkMetadataStore broker = store();
        ZkMetadataStore observer = store();
        List<Set<Integer>> seen = new CopyOnWriteArrayList<>();
        AutoCloseable watch = observer.watchBrokerIds(seen::add);

        await(broker.registerBroker(broker(1, 9092)));

        Stat stat = observer.curator().checkExists().forPath("/brokers/ids/1");
        assertThat(stat.getEphemeralOwner()).isEqualTo(ZkTestSupport.sessionId(broker));
        JsonNode json = rawJson(observer, "/brokers/ids/1");
        assertThat(json.get("version").asInt()).isEqualTo(5);
        assertThat(json.get("endpoints").get(0).asText()).isEqualTo("PLAINTEXT://127.0.0.1:9092");
        assertThat(json.get("host").asText()).isEqualTo("127.0.0.1");
        assertThat(json.get("port").asInt()).isEqualTo(9092);
        assertThat(json.get("timestamp").isTextual()).isTrue();
        assertThat(await(observer.getBroker(1))).contains(broker(1, 9092));
        awaitCondition("broker 1 seen live", () -> seen.contains(Set.of(1)));

        broker.close();

        awaitCondition("broker 1 gone", () -> !seen.isEmpty() && seen.get(seen.size() - 1).isEmpty());
        assertThat(await(observer.liveBrokerIds())).isEmpty();
        watch.close();
    }

    @Test
    void brokerIsReRegisteredAfterItsSessionExpires() throws Exception {
        ZkMetadataStore broker = store();
        ZkMetadataStore observer = store();
        await(broker.registerBroker(broker(3, 9093)));
        long oldSession = ZkTestSupport.sessionId(broker);

        ZkTestSupport.expireSessionOnServer(fixture.server(), broker);

        awaitReRegistration(broker, observer, 3, oldSession);
    }

    @Test
    void brokerIsReRegisteredOnceTheServerDropsASessionOnlyTheClientDeclaredExpired() throws Exception {
        ZkMetadataStore broker = fixture.closeAfterTest(ZkTestSupport.connectWithShortSession(fixture.server()));
        ZkMetadataStore observer = store();
        await(broker.registerBroker(broker(4, 9094)));
        long oldSession = ZkTestSupport.sessionId(broker);

        ZkTestSupport.expireSession(broker);

        awaitReRegistration(broker, observer, 4, oldSession);
    }

    private static void awaitReRegistration(ZkMetadataStore broker, ZkMetadataStore observer, int id, long oldSession)
            throws Exception {
        awaitCondition("re-registered under a new session", () -> {
            try {
                Stat stat = observer.curator().checkExists().forPath("/brokers/ids/" + id);
                return stat != null && stat.getEphemeralOwner() != oldSession
                        && stat.getEphemeralOwner() == ZkTestSupport.sessionId(broker);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(await(observer.liveBrokerIds())).containsExactly(id);
    }

    @Test
    void brokerIdHeldByAnotherLiveSessionIsRefused() throws Exception {
        ZkMetadataStore first = store();
        ZkMetadataStore second = store();
        await(first.registerBroker(broker(5, 9092)));
        assertThatThrownBy(() -> await(second.registerBroker(broker(5, 9094))))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining("already registered");
        assertThat(await(second.getBroker(5))).contains(broker(5, 9092));
    }

    @Test
    void createTopicWritesAssignmentAndConfigAndRefusesADuplicate() throws Exception {
        ZkMetadataStore store = store();
        UUID topicId = KafkaUuid.random(random);
        TopicAssignment assignment = TopicAssignment.of("orders", topicId, Map.of(0, List.of(1, 2), 1, List.of(2, 1)));
        List<List<String>> topicSnapshots = new CopyOnWriteArrayList<>();
        AutoCloseable watch = store.watchTopics(topicSnapshots::add);

        await(store.createTopic(assignment, Map.of("retention.ms", "60000")));

        JsonNode json = rawJson(store, "/brokers/topics/orders");
        assertThat(json.get("version").asInt()).isEqualTo(3);
        assertThat(json.get("topic_id").asText()).isEqualTo(KafkaUuid.toKafkaString(topicId));
        assertThat(json.get("partitions").toString()).isEqualTo("{\"0\":[1,2],\"1\":[2,1]}");
        assertThat(json.get("adding_replicas").size()).isZero();
        assertThat(json.get("removing_replicas").size()).isZero();
        assertThat(rawJson(store, "/config/topics/orders").toString())
                .isEqualTo("{\"version\":1,\"config\":{\"retention.ms\":\"60000\"}}");
        assertThat(await(store.getTopic("orders"))).contains(assignment);
        assertThat(await(store.getConfig(ConfigEntityType.TOPICS, "orders"))).containsExactly(
                Map.entry("retention.ms", "60000"));
        awaitCondition("topic watch saw orders", () -> topicSnapshots.contains(List.of("orders")));

        TopicAssignment again = TopicAssignment.of("orders", KafkaUuid.random(random), Map.of(0, List.of(3)));
        assertThatThrownBy(() -> await(store.createTopic(again, Map.of("retention.ms", "1"))))
                .isInstanceOfSatisfying(MetadataStoreException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.TOPIC_ALREADY_EXISTS));
        assertThat(await(store.getTopic("orders"))).contains(assignment);
        assertThat(await(store.getConfig(ConfigEntityType.TOPICS, "orders"))).containsEntry("retention.ms", "60000");
        watch.close();
    }

    @Test
    void addPartitionsAppendsToTheAssignmentKeepingExistingPartitions() throws Exception {
        ZkMetadataStore store = store();
        UUID topicId = KafkaUuid.random(random);
        await(store.createTopic(TopicAssignment.of("grow", topicId, Map.of(0, List.of(1), 1, List.of(2))), Map.of()));

        await(store.addPartitions("grow", topicId, 2, Map.of(2, List.of(1), 3, List.of(2))));

        assertThat(rawJson(store, "/brokers/topics/grow").get("partitions").toString())
                .isEqualTo("{\"0\":[1],\"1\":[2],\"2\":[1],\"3\":[2]}");
        assertThat(rawJson(store, "/brokers/topics/grow").get("topic_id").asText())
                .isEqualTo(KafkaUuid.toKafkaString(topicId));
    }

    @Test
    void addPartitionsRefusesAStaleCountAnUnknownOrReplacedTopicAndOneMarkedForDeletion() throws Exception {
        ZkMetadataStore store = store();
        UUID topicId = KafkaUuid.random(random);
        TopicAssignment assignment = TopicAssignment.of("fixed", topicId, Map.of(0, List.of(1)));
        await(store.createTopic(assignment, Map.of()));

        assertThatThrownBy(() -> await(store.addPartitions("fixed", topicId, 2, Map.of(2, List.of(1)))))
                .isInstanceOfSatisfying(MetadataStoreException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.INVALID_PARTITIONS));
        assertThatThrownBy(() -> await(store.addPartitions("fixed", KafkaUuid.random(random), 1, Map.of(1, List.of(1)))))
                .isInstanceOfSatisfying(MetadataStoreException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION));
        assertThatThrownBy(() -> await(store.addPartitions("absent", topicId, 1, Map.of(1, List.of(1)))))
                .isInstanceOfSatisfying(MetadataStoreException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION));
        await(store.deleteTopic("fixed"));
        assertThatThrownBy(() -> await(store.addPartitions("fixed", topicId, 1, Map.of(1, List.of(1)))))
                .isInstanceOfSatisfying(MetadataStoreException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.INVALID_TOPIC_EXCEPTION));
        assertThat(await(store.getTopic("fixed"))).contains(assignment);
    }

    @Test
    void deleteTopicMarksItAndAMarkedTopicCannotBeRecreated() throws Exception {
        ZkMetadataStore store = store();
        TopicAssignment assignment = TopicAssignment.of("gone", KafkaUuid.random(random), Map.of(0, List.of(1)));
        await(store.createTopic(assignment, Map.of()));

        await(store.deleteTopic("gone"));
        await(store.deleteTopic("gone"));

        assertThat(await(store.topicsMarkedForDeletion())).containsExactly("gone");
        assertThat(store.curator().getData().forPath("/admin/delete_topics/gone")).isEmpty();
        assertThatThrownBy(() -> await(store.deleteTopic("never")))
                .isInstanceOfSatisfying(MetadataStoreException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION));
        assertThatThrownBy(() -> await(store.createTopic(assignment, Map.of())))
                .isInstanceOfSatisfying(MetadataStoreException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.TOPIC_ALREADY_EXISTS));
    }

    @Test
    void staleZkVersionUpdateIsRefusedAndLeavesTheStateUnchanged() throws Exception {
        ZkMetadataStore store = store();
        PartitionState initial = new PartitionState(1, 0, List.of(1, 2), 1, PartitionState.UNKNOWN_ZK_VERSION);
        assertThat(await(store.createPartitionState("orders", 0, initial)).updated()).isTrue();
        assertThat(await(store.createPartitionState("orders", 0, initial)).outcome())
                .isEqualTo(CasResult.Outcome.VERSION_CONFLICT);
        assertThat(rawJson(store, "/brokers/topics/orders/partitions/0/state").toString())
                .isEqualTo("{\"controller_epoch\":1,\"leader\":1,\"version\":1,\"leader_epoch\":0,\"isr\":[1,2]}");

        PartitionState read = await(store.getPartitionState("orders", 0)).orElseThrow();
        assertThat(read).isEqualTo(initial.withZkVersion(0));
        PartitionState shrunk = new PartitionState(1, 0, List.of(1), 1, read.zkVersion());
        CasResult first = await(store.compareAndSetPartitionState("orders", 0, shrunk, read.zkVersion()));
        assertThat(first).isEqualTo(new CasResult(CasResult.Outcome.UPDATED, 1));

        PartitionState stale = new PartitionState(2, 1, List.of(2), 1, read.zkVersion());
        CasResult second = await(store.compareAndSetPartitionState("orders", 0, stale, read.zkVersion()));

        assertThat(second.outcome()).isEqualTo(CasResult.Outcome.VERSION_CONFLICT);
        assertThat(await(store.getPartitionState("orders", 0))).contains(shrunk.withZkVersion(1));
        assertThat(await(store.getPartitionStates("orders"))).containsExactly(Map.entry(0, shrunk.withZkVersion(1)));
        assertThat(await(store.compareAndSetPartitionState("orders", 7, stale, 0)).outcome())
                .isEqualTo(CasResult.Outcome.NO_NODE);
    }

    @Test
    void writeFencedByASupersededControllerEpochIsRefused() throws Exception {
        ZkMetadataStore store = store();
        store.curator().create().forPath("/controller_epoch", ZkJson.controllerEpoch(1));
        ControllerFence first = new ControllerFence(1, 0);
        PartitionState initial = new PartitionState(1, 0, List.of(1, 2), 1, PartitionState.UNKNOWN_ZK_VERSION);
        assertThat(await(store.createPartitionState("fenced", 0, initial, first)))
                .isEqualTo(new CasResult(CasResult.Outcome.UPDATED, 0));
        assertThat(await(store.createPartitionState("fenced", 0, initial, first)).outcome())
                .isEqualTo(CasResult.Outcome.VERSION_CONFLICT);

        store.curator().setData().withVersion(0).forPath("/controller_epoch", ZkJson.controllerEpoch(2));
        ControllerFence second = new ControllerFence(2, 1);
        PartitionState byOld = new PartitionState(2, 1, List.of(2), 1, 0);
        PartitionState byNew = new PartitionState(1, 1, List.of(1), 2, 0);

        assertThat(await(store.compareAndSetPartitionState("fenced", 0, byOld, 0, first)).outcome())
                .isEqualTo(CasResult.Outcome.CONTROLLER_MOVED);
        assertThat(await(store.createPartitionState("fenced", 1, initial, first)).outcome())
                .isEqualTo(CasResult.Outcome.CONTROLLER_MOVED);
        assertThat(await(store.getPartitionState("fenced", 0))).contains(initial.withZkVersion(0));
        assertThat(await(store.getPartitionState("fenced", 1))).isEmpty();

        assertThat(await(store.compareAndSetPartitionState("fenced", 0, byNew, 5, second)).outcome())
                .isEqualTo(CasResult.Outcome.VERSION_CONFLICT);
        assertThat(await(store.compareAndSetPartitionState("fenced", 0, byNew, 0, second)))
                .isEqualTo(new CasResult(CasResult.Outcome.UPDATED, 1));
        assertThat(await(store.getPartitionState("fenced", 0))).contains(byNew.withZkVersion(1));
    }

    @Test
    void partitionStateWatchSeesCreationAndEachAcceptedUpdateOnly() throws Exception {
        ZkMetadataStore controller = store();
        ZkMetadataStore broker = store();
        List<Optional<PartitionState>> seen = new CopyOnWriteArrayList<>();
        AutoCloseable watch = broker.watchPartitionState("orders", 2, seen::add);
        awaitCondition("initial empty snapshot", () -> seen.contains(Optional.empty()));

        PartitionState initial = new PartitionState(1, 0, List.of(1, 2), 1, PartitionState.UNKNOWN_ZK_VERSION);
        await(controller.createPartitionState("orders", 2, initial));
        awaitCondition("creation seen", () -> seen.contains(Optional.of(initial.withZkVersion(0))));
        PartitionState moved = new PartitionState(2, 1, List.of(2), 1, PartitionState.UNKNOWN_ZK_VERSION);
        await(controller.compareAndSetPartitionState("orders", 2, moved, 0));
        await(controller.compareAndSetPartitionState("orders", 2, initial, 0)); // stale: refused
        awaitCondition("update seen", () -> seen.contains(Optional.of(moved.withZkVersion(1))));

        watch.close();
        assertThat(seen).containsExactly(
                Optional.empty(), Optional.of(initial.withZkVersion(0)), Optional.of(moved.withZkVersion(1)));
    }

    @Test
    void topicWatchSeesCreationAndPartitionIncrease() throws Exception {
        ZkMetadataStore store = store();
        List<Optional<TopicAssignment>> seen = new CopyOnWriteArrayList<>();
        AutoCloseable watch = store.watchTopic("grow", seen::add);
        awaitCondition("initial empty snapshot", () -> seen.contains(Optional.empty()));
        TopicAssignment one = TopicAssignment.of("grow", KafkaUuid.random(random), Map.of(0, List.of(1)));
        await(store.createTopic(one, Map.of()));
        awaitCondition("creation seen", () -> seen.contains(Optional.of(one)));

        TopicAssignment two = TopicAssignment.of("grow", one.topicId(), Map.of(0, List.of(1), 1, List.of(1)));
        ZkTestSupport.overwriteTopic(store, two);

        awaitCondition("increase seen", () -> seen.contains(Optional.of(two)));
        watch.close();
        assertThat(seen).as("seed %d", seed).containsExactly(Optional.empty(), Optional.of(one), Optional.of(two));
    }

    @Test
    void isrChangeNotificationsAreSequentialAndConsumedOnce() throws Exception {
        ZkMetadataStore leader = store();
        ZkMetadataStore controller = store();
        List<List<String>> pending = new CopyOnWriteArrayList<>();
        AutoCloseable watch = controller.watchIsrChanges(pending::add);

        await(leader.notifyIsrChange(Map.of("orders", List.of(1, 0), "audit", Set.of(3))));

        awaitCondition("notification seen", () -> !pending.isEmpty() && pending.get(pending.size() - 1).size() == 1);
        String name = pending.get(pending.size() - 1).get(0);
        assertThat(name).matches("isr_change_\\d{10}");
        assertThat(rawJson(controller, "/isr_change_notification/" + name).toString()).isEqualTo("{\"version\":1,"
                + "\"partitions\":[{\"topic\":\"audit\",\"partition\":3},{\"topic\":\"orders\",\"partition\":0},"
                + "{\"topic\":\"orders\",\"partition\":1}]}");
        assertThat(await(controller.consumeIsrChange(name)))
                .contains(Map.of("audit", List.of(3), "orders", List.of(0, 1)));
        assertThat(await(controller.consumeIsrChange(name))).isEmpty();
        awaitCondition("consumed", () -> pending.get(pending.size() - 1).isEmpty());
        watch.close();
    }

    @Test
    void configWritesAppendAChangeNotification() throws Exception {
        ZkMetadataStore store = store();
        List<List<String>> notifications = new CopyOnWriteArrayList<>();
        AutoCloseable watch = store.watchConfigChanges(notifications::add);

        await(store.setConfig(ConfigEntityType.BROKERS, ConfigEntityType.DEFAULT_ENTITY, Map.of("log.retention.ms", "5")));
        await(store.setConfig(ConfigEntityType.BROKERS, "1", Map.of("log.cleaner.threads", "2")));

        assertThat(rawJson(store, "/config/brokers/<default>").toString())
                .isEqualTo("{\"version\":1,\"config\":{\"log.retention.ms\":\"5\"}}");
        assertThat(await(store.getConfig(ConfigEntityType.BROKERS, "1")))
                .containsExactly(Map.entry("log.cleaner.threads", "2"));
        awaitCondition("two notifications", () -> !notifications.isEmpty()
                && notifications.get(notifications.size() - 1).size() == 2);
        List<String> names = notifications.get(notifications.size() - 1);
        assertThat(names).allMatch(n -> n.matches("config_change_\\d{10}"));
        assertThat(await(store.getConfigChangeEntityPath(names.get(0)))).contains("brokers/<default>");
        assertThat(await(store.getConfigChangeEntityPath(names.get(1)))).contains("brokers/1");
        assertThat(rawJson(store, "/config/changes/" + names.get(1)).get("version").asInt()).isEqualTo(2);
        watch.close();
    }

    @Test
    void producerIdBlocksFromConcurrentAllocatorsNeverOverlap() throws Exception {
        ZkMetadataStore a = store();
        ZkMetadataStore b = store();
        List<CompletableFuture<ProducerIdBlock>> claims = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            claims.add(a.allocateProducerIdBlock(1));
            claims.add(b.allocateProducerIdBlock(2));
        }
        List<ProducerIdBlock> blocks = new ArrayList<>();
        for (CompletableFuture<ProducerIdBlock> claim : claims) {
            blocks.add(await(claim));
        }
        blocks.sort(java.util.Comparator.comparingLong(ProducerIdBlock::firstProducerId));
        for (int i = 0; i < blocks.size(); i++) {
            assertThat(blocks.get(i).firstProducerId()).isEqualTo(i * 1000L);
            assertThat(blocks.get(i).lastProducerId()).isEqualTo(i * 1000L + 999);
        }
        JsonNode latest = rawJson(a, "/latest_producer_id_block");
        assertThat(latest.get("block_start").asText()).isEqualTo("39000");
        assertThat(latest.get("block_end").asText()).isEqualTo("39999");
        assertThat(latest.get("version").asInt()).isEqualTo(1);
        assertThat(latest.get("broker").asInt()).isEqualTo(blocks.get(blocks.size() - 1).assignedBrokerId());
    }
}
