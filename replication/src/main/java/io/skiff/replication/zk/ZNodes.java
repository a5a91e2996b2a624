package io.skiff.replication.zk;

import java.util.List;

/**
 * Every znode path of Kafka's historical ZooKeeper layout that Skiff reads or writes. Payload formats are in
 * {@link ZkJson}. Paths are relative to the connect string's chroot, if any.
 *
 * <pre>
 * /cluster/id                                   {"version":"1","id":"..."}
 * /controller                       ephemeral   {"version":2,"brokerid":N,"timestamp":"ms","kraftControllerEpoch":-1}
 * /controller_epoch                             decimal integer text
 * /brokers/ids/&lt;id&gt;                 ephemeral   broker registration, version 5
 * /brokers/topics/&lt;t&gt;                         {"version":3,"topic_id":..,"partitions":..,"adding_replicas":..,"removing_replicas":..}
 * /brokers/topics/&lt;t&gt;/partitions/&lt;p&gt;/state   {"controller_epoch":..,"leader":..,"version":1,"leader_epoch":..,"isr":[..]}
 * /config/&lt;type&gt;/&lt;name&gt;                     {"version":1,"config":{...}}
 * /config/changes/config_change_&lt;seq&gt; sequential {"version":2,"entity_path":"&lt;type&gt;/&lt;name&gt;"}
 * /admin/delete_topics/&lt;t&gt;                     no data: topic marked for deletion
 * /isr_change_notification/isr_change_&lt;seq&gt;  {"version":1,"partitions":[{"topic":..,"partition":..}]}
 * /latest_producer_id_block                     {"version":1,"broker":N,"block_start":"..","block_end":".."}
 * </pre>
 */
public final class ZNodes {
    public static final String CLUSTER_ID = "/cluster/id";
    public static final String CONTROLLER = "/controller";
    public static final String CONTROLLER_EPOCH = "/controller_epoch";
    public static final String BROKER_IDS = "/brokers/ids";
    public static final String BROKER_TOPICS = "/brokers/topics";
    public static final String BROKER_SEQID = "/brokers/seqid";
    public static final String CONFIG = "/config";
    public static final String CONFIG_CHANGES = "/config/changes";
    public static final String CONFIG_CHANGE_PREFIX = "config_change_";
    public static final String DELETE_TOPICS = "/admin/delete_topics";
    public static final String REASSIGN_PARTITIONS = "/admin/reassign_partitions";
    public static final String PREFERRED_REPLICA_ELECTION = "/admin/preferred_replica_election";
    public static final String ISR_CHANGE_NOTIFICATION = "/isr_change_notification";
    public static final String ISR_CHANGE_PREFIX = "isr_change_";
    public static final String LOG_DIR_EVENT_NOTIFICATION = "/log_dir_event_notification";
    public static final String LATEST_PRODUCER_ID_BLOCK = "/latest_producer_id_block";
    public static final String CONSUMERS = "/consumers";

    /** The persistent paths Kafka creates at startup so later writes never race on parent creation. */
    public static final List<String> PERSISTENT_PATHS = List.of(
            CONSUMERS,
            BROKER_IDS,
            BROKER_TOPICS,
            CONFIG_CHANGES,
            DELETE_TOPICS,
            BROKER_SEQID,
            ISR_CHANGE_NOTIFICATION,
            LATEST_PRODUCER_ID_BLOCK,
            LOG_DIR_EVENT_NOTIFICATION,
            configType(ConfigEntityType.TOPICS),
            configType(ConfigEntityType.CLIENTS),
            configType(ConfigEntityType.USERS),
            configType(ConfigEntityType.BROKERS),
            configType(ConfigEntityType.IPS));

    private ZNodes() {}

    public static String broker(int brokerId) {
        return BROKER_IDS + "/" + brokerId;
    }

    public static String topic(String topic) {
        return BROKER_TOPICS + "/" + topic;
    }

    public static String partitions(String topic) {
        return topic(topic) + "/partitions";
    }

    public static String partitionState(String topic, int partition) {
        return partitions(topic) + "/" + partition + "/state";
    }

    public static String configType(ConfigEntityType type) {
        return CONFIG + "/" + type.znodeName();
    }

    public static String config(ConfigEntityType type, String entityName) {
        return configType(type) + "/" + entityName;
    }

    /** The entity path a config change notification names, relative to {@code /config}. */
    public static String configEntityPath(ConfigEntityType type, String entityName) {
        return type.znodeName() + "/" + entityName;
    }

    public static String deleteTopic(String topic) {
        return DELETE_TOPICS + "/" + topic;
    }
}
