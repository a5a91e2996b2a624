package io.skiff.broker.admin;

import io.skiff.broker.config.BrokerConfig;
import io.skiff.broker.config.BrokerConfigs;
import io.skiff.broker.config.ConfigKey;
import io.skiff.broker.config.ConfigSynonyms;
import io.skiff.broker.config.ConfigType;
import io.skiff.broker.config.DynamicBrokerConfig;
import io.skiff.broker.config.InertBrokerConfigs;
import io.skiff.wire.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import io.skiff.wire.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The entries of a DescribeConfigs answer, built as Kafka's {@code ConfigHelper} builds them, so that
 * {@code kafka-configs --describe} prints what it prints against Kafka.
 *
 * <p>A config's <em>synonyms</em> are the places its value could come from, highest precedence first:
 * the topic override (DYNAMIC_TOPIC_CONFIG), then for each spelling of the broker key behind it (see
 * {@link ConfigSynonyms}) this broker's dynamic value (DYNAMIC_BROKER_CONFIG), the cluster-wide
 * dynamic default (DYNAMIC_DEFAULT_BROKER_CONFIG), {@code server.properties} (STATIC_BROKER_CONFIG)
 * and Kafka's default (DEFAULT_CONFIG, absent where the default is null, as Kafka's map of defaults
 * drops nulls); entries before the key's own spelling are dropped, as Kafka drops them (so a topic's
 * {@code retention.ms} has no synonyms unless some layer sets {@code log.retention.ms} itself). The
 * entry's source is its first synonym's, or DEFAULT_CONFIG when there is none. Stateless apart from
 * the live config it reads; thread-safe.
 */
public final class ConfigDescriber {
    // Kafka's DescribeConfigsResponse.ConfigSource ids.
    static final byte DYNAMIC_TOPIC_CONFIG = 1;
    static final byte DYNAMIC_BROKER_CONFIG = 2;
    static final byte DYNAMIC_DEFAULT_BROKER_CONFIG = 3;
    static final byte STATIC_BROKER_CONFIG = 4;
    static final byte DEFAULT_CONFIG = 5;

    /** Kafka's DescribeConfigsResponse.ConfigType UNKNOWN, for keys no definition knows. */
    static final byte UNKNOWN_TYPE = 0;
    private static final String INERT_DOC = "A Kafka broker configuration this broker accepts and does not act on.";

    private final TopicConfigs topics;

    public ConfigDescriber(TopicConfigs topics) {
        this.topics = topics;
    }

    /** Every config of {@code topic} (or those named in {@code keys}), in name order. */
    public List<DescribeConfigsResourceResult> topic(String topic, Collection<String> keys, boolean withSynonyms,
            boolean withDocs) {
        Map<String, String> overrides = topics.overrides(topic);
        Map<String, String> effective = topics.effective(topic);
        List<DescribeConfigsResourceResult> entries = new ArrayList<>();
        for (TopicConfigKeys.Key key : TopicConfigKeys.all().values()) {
            String name = key.name();
            if (keys != null && !keys.contains(name)) {
                continue;
            }
            String value = effective.get(name);
            List<DescribeConfigsSynonym> synonyms = new ArrayList<>();
            if (overrides.containsKey(name)) {
                synonyms.add(synonym(name, value, DYNAMIC_TOPIC_CONFIG));
            }
            String brokerKey = ConfigSynonyms.brokerDefaultOf(name);
            if (brokerKey != null) {
                synonyms.addAll(brokerSynonyms(brokerKey, false));
            }
            entries.add(new DescribeConfigsResourceResult()
                    .setName(name)
                    .setValue(value)
                    .setConfigSource(synonyms.isEmpty() ? DEFAULT_CONFIG : synonyms.get(0).source())
                    .setIsSensitive(false)
                    .setReadOnly(false)
                    .setSynonyms(withSynonyms ? synonyms : List.of())
                    .setConfigType(typeId(key.type()))
                    .setDocumentation(withDocs ? key.doc() : null));
        }
        return entries;
    }

    /**
     * This broker's configs: every key it defines with the value in force ({@code perBroker}), or only
     * the keys set at the cluster-wide dynamic default with the values set there.
     */
    public List<DescribeConfigsResourceResult> broker(boolean perBroker, Collection<String> keys, boolean withSynonyms,
            boolean withDocs) {
        DynamicBrokerConfig dynamic = topics.broker();
        BrokerConfig current = dynamic.current();
        List<DescribeConfigsResourceResult> entries = new ArrayList<>();
        for (ConfigKey<?> key : BrokerConfigs.DEF.keys().values()) {
            String name = key.name();
            if ((keys != null && !keys.contains(name)) || (!perBroker && !dynamic.clusterDefault().containsKey(name))) {
                continue;
            }
            List<DescribeConfigsSynonym> synonyms = brokerSynonyms(name, !perBroker);
            String value = perBroker ? render(current.get(key)) : dynamic.clusterDefault().get(name);
            entries.add(new DescribeConfigsResourceResult()
                    .setName(name)
                    .setValue(key.isSensitive() ? null : value)
                    .setConfigSource(synonyms.isEmpty() ? DEFAULT_CONFIG : synonyms.get(0).source())
                    .setIsSensitive(key.isSensitive())
                    .setReadOnly(!DynamicBrokerConfig.RECONFIGURABLE.contains(name))
                    .setSynonyms(withSynonyms ? synonyms : List.of())
                    .setConfigType(typeId(key.type()))
                    .setDocumentation(withDocs ? key.doc() : null));
        }
        if (perBroker) {
            addInertAndUnknown(entries, dynamic.staticConfig().parsed().originals(), keys, withSynonyms, withDocs);
            entries.sort(Comparator.comparing(DescribeConfigsResourceResult::name));
        }
        return entries;
    }

    /**
     * The rest of what Kafka describes for a broker: the keys Kafka defines that this broker does not act
     * on ({@link InertBrokerConfigs}), with the value from {@code server.properties} or Kafka's default,
     * and every other key set in {@code server.properties}, of unknown type and so, as Kafka treats it,
     * sensitive (value hidden). All read-only: nothing here can change at runtime.
     */
    private static void addInertAndUnknown(List<DescribeConfigsResourceResult> entries, Map<String, String> originals,
            Collection<String> keys, boolean withSynonyms, boolean withDocs) {
        for (InertBrokerConfigs.Key key : InertBrokerConfigs.all().values()) {
            String name = key.name();
            if (keys != null && !keys.contains(name)) {
                continue;
            }
            List<DescribeConfigsSynonym> synonyms = new ArrayList<>();
            if (originals.containsKey(name)) {
                synonyms.add(synonym(name, key.isSensitive() ? null : originals.get(name), STATIC_BROKER_CONFIG));
            }
            if (key.defaultValue() != null) {
                synonyms.add(synonym(name, key.isSensitive() ? null : key.defaultValue(), DEFAULT_CONFIG));
            }
            String value = originals.containsKey(name) ? originals.get(name) : key.defaultValue();
            entries.add(new DescribeConfigsResourceResult()
                    .setName(name)
                    .setValue(key.isSensitive() ? null : value)
                    .setConfigSource(synonyms.isEmpty() ? DEFAULT_CONFIG : synonyms.get(0).source())
                    .setIsSensitive(key.isSensitive())
                    .setReadOnly(true)
                    .setSynonyms(withSynonyms ? synonyms : List.of())
                    .setConfigType(typeId(key.type()))
                    .setDocumentation(withDocs ? INERT_DOC : null));
        }
        for (String name : new TreeSet<>(originals.keySet())) {
            if ((keys != null && !keys.contains(name)) || BrokerConfigs.DEF.keys().containsKey(name)
                    || InertBrokerConfigs.all().containsKey(name)) {
                continue;
            }
            entries.add(new DescribeConfigsResourceResult()
                    .setName(name)
                    .setValue(null)
                    .setConfigSource(STATIC_BROKER_CONFIG)
                    .setIsSensitive(true)
                    .setReadOnly(true)
                    .setSynonyms(withSynonyms ? List.of(synonym(name, null, STATIC_BROKER_CONFIG)) : List.of())
                    .setConfigType(UNKNOWN_TYPE)
                    .setDocumentation(null));
        }
    }

    /**
     * Kafka's {@code configSynonyms}: every layer holding a spelling of broker key {@code name}, from
     * its own spelling on; for the cluster-default resource only the entries of that layer.
     */
    private List<DescribeConfigsSynonym> brokerSynonyms(String name, boolean onlyClusterDefault) {
        DynamicBrokerConfig dynamic = topics.broker();
        List<String> spellings = ConfigSynonyms.brokerSynonyms(name);
        List<DescribeConfigsSynonym> all = new ArrayList<>();
        addFrom(all, spellings, dynamic.perBroker(), DYNAMIC_BROKER_CONFIG);
        addFrom(all, spellings, dynamic.clusterDefault(), DYNAMIC_DEFAULT_BROKER_CONFIG);
        addFrom(all, spellings, dynamic.staticConfig().parsed().originals(), STATIC_BROKER_CONFIG);
        for (String spelling : spellings) {
            ConfigKey<?> key = BrokerConfigs.DEF.keys().get(spelling);
            if (key != null && key.defaultValue() != null) {
                all.add(synonym(spelling, key.isSensitive() ? null : render(key.defaultValue()), DEFAULT_CONFIG));
            }
        }
        int own = 0;
        while (own < all.size() && !all.get(own).name().equals(name)) {
            own++;
        }
        List<DescribeConfigsSynonym> result = new ArrayList<>(all.subList(own, all.size()));
        if (onlyClusterDefault) {
            result.removeIf(s -> s.source() != DYNAMIC_DEFAULT_BROKER_CONFIG);
        }
        return result;
    }

    private static void addFrom(List<DescribeConfigsSynonym> out, List<String> spellings, Map<String, String> layer,
            byte source) {
        for (String spelling : spellings) {
            if (layer.containsKey(spelling)) {
                ConfigKey<?> key = BrokerConfigs.DEF.keys().get(spelling);
                boolean sensitive = key != null && key.isSensitive();
                out.add(synonym(spelling, sensitive ? null : layer.get(spelling), source));
            }
        }
    }

    private static DescribeConfigsSynonym synonym(String name, String value, byte source) {
        return new DescribeConfigsSynonym().setName(name).setValue(value).setSource(source);
    }

    /** Kafka's {@code ConfigDef.convertToString}: lists comma-joined, null stays null. */
    static String render(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(value);
    }

    /** Kafka's DescribeConfigsResponse.ConfigType id of one of our types. */
    static byte typeId(ConfigType type) {
        return typeId(type.name());
    }

    /** Kafka's DescribeConfigsResponse.ConfigType id of a {@code ConfigDef.Type} name; UNKNOWN for others. */
    static byte typeId(String kafkaTypeName) {
        return switch (kafkaTypeName) {
            case "BOOLEAN" -> 1;
            case "STRING" -> 2;
            case "INT" -> 3;
            case "SHORT" -> 4;
            case "LONG" -> 5;
            case "DOUBLE" -> 6;
            case "LIST" -> 7;
            case "CLASS" -> 8;
            case "PASSWORD" -> 9;
            default -> UNKNOWN_TYPE;
        };
    }
}
