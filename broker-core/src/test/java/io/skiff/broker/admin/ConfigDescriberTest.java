package io.skiff.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.broker.config.BrokerConfig;
import io.skiff.broker.config.DynamicBrokerConfig;
import io.skiff.wire.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import io.skiff.wire.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sources and synonyms exactly as Kafka's ConfigHelper derives them. */
class ConfigDescriberTest {
    private final InMemoryConfigStore store = new InMemoryConfigStore();

    private ConfigDescriber describer(Map<String, String> staticConfig) {
        TopicConfigs topics = new TopicConfigs(store, new DynamicBrokerConfig(new BrokerConfig(staticConfig)), 0);
        topics.reloadBroker();
        return new ConfigDescriber(topics);
    }

    private static DescribeConfigsResourceResult entry(List<DescribeConfigsResourceResult> entries, String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> synonyms(DescribeConfigsResourceResult entry) {
        return entry.synonyms().stream().map(ConfigDescriberTest::render).toList();
    }

    private static String render(DescribeConfigsSynonym s) {
        return s.source() + ":" + s.name() + "=" + s.value();
    }

    @Test
    void aDefaultTopicConfigListsKafkasNonNullDefaultsFromItsOwnSpellingOn() {
        List<DescribeConfigsResourceResult> entries = describer(Map.of("broker.id", "0")).topic("t", null, true, false);

        DescribeConfigsResourceResult retention = entry(entries, "retention.ms");
        assertThat(retention.value()).isEqualTo("604800000");
        assertThat(retention.configSource()).isEqualTo(ConfigDescriber.DEFAULT_CONFIG);
        assertThat(retention.configType()).isEqualTo((byte) 5);
        assertThat(retention.synonyms()).as("no layer sets log.retention.ms itself").isEmpty();
        assertThat(synonyms(entry(entries, "segment.bytes"))).containsExactly("5:log.segment.bytes=1073741824");
        assertThat(entry(entries, "remote.storage.enable").synonyms()).isEmpty();
        assertThat(entries).extracting(DescribeConfigsResourceResult::name).hasSize(33).isSorted();
        assertThat(entries).allSatisfy(e -> assertThat(e.readOnly()).isFalse());
    }

    @Test
    void anOverrideComesFirstAndBecomesTheSource() {
        store.configs.put("topics/t", Map.of("retention.ms", "1000"));
        DescribeConfigsResourceResult retention = entry(describer(Map.of("broker.id", "0")).topic("t", null, true, false),
                "retention.ms");

        assertThat(retention.value()).isEqualTo("1000");
        assertThat(retention.configSource()).isEqualTo(ConfigDescriber.DYNAMIC_TOPIC_CONFIG);
        assertThat(synonyms(retention)).first().isEqualTo("1:retention.ms=1000");
    }

    @Test
    void aStaticSpellingBeforeTheOwnOneIsDroppedAsKafkaDropsIt() {
        DescribeConfigsResourceResult retention = entry(describer(Map.of("broker.id", "0", "log.retention.hours", "24"))
                .topic("t", null, true, false), "retention.ms");

        assertThat(retention.value()).isEqualTo("86400000");
        assertThat(retention.synonyms()).isEmpty();
        assertThat(retention.configSource()).isEqualTo(ConfigDescriber.DEFAULT_CONFIG);
    }

    @Test
    void aDynamicBrokerDefaultIsTheSourceOfTopicsWithoutOverride() {
        store.configs.put("brokers/<default>", Map.of("log.retention.ms", "5000"));
        ConfigDescriber describer = describer(Map.of("broker.id", "0"));

        DescribeConfigsResourceResult retention = entry(describer.topic("t", null, true, false), "retention.ms");
        assertThat(retention.value()).isEqualTo("5000");
        assertThat(retention.configSource()).isEqualTo(ConfigDescriber.DYNAMIC_DEFAULT_BROKER_CONFIG);

        List<DescribeConfigsResourceResult> clusterDefault = describer.broker(false, null, true, false);
        assertThat(clusterDefault).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("log.retention.ms");
            assertThat(e.value()).isEqualTo("5000");
            assertThat(synonyms(e)).containsExactly("3:log.retention.ms=5000");
            assertThat(e.readOnly()).isFalse();
        });
    }

    @Test
    void brokerEntriesCarryValuesSourcesAndReadOnlyFlags() {
        List<DescribeConfigsResourceResult> entries = describer(Map.of("broker.id", "0", "num.io.threads", "4"))
                .broker(true, null, true, true);

        DescribeConfigsResourceResult io = entry(entries, "num.io.threads");
        assertThat(io.value()).isEqualTo("4");
        assertThat(io.configSource()).isEqualTo(ConfigDescriber.STATIC_BROKER_CONFIG);
        assertThat(io.readOnly()).as("a thread count this broker resizes at runtime").isFalse();
        assertThat(entry(entries, "num.network.threads").readOnly()).isTrue();
        assertThat(io.documentation()).isNotBlank();
        assertThat(synonyms(io)).containsExactly("4:num.io.threads=4", "5:num.io.threads=8");

        DescribeConfigsResourceResult hours = entry(entries, "log.retention.hours");
        assertThat(synonyms(hours)).containsExactly("5:log.retention.hours=168");
        assertThat(entry(entries, "log.retention.ms").value()).isNull();
        assertThat(entry(entries, "log.retention.ms").readOnly()).isFalse();
    }

    @Test
    void keysWithoutEffectAndUnknownKeysAreDescribedAsKafkaDescribesThem() {
        List<DescribeConfigsResourceResult> entries = describer(Map.of("broker.id", "0", "broker.rack", "r1",
                "ssl.keystore.password", "secret", "my.plugin.setting", "x")).broker(true, null, true, false);

        assertThat(entries).extracting(DescribeConfigsResourceResult::name).isSorted().doesNotHaveDuplicates()
                .contains("ssl.keystore.type", "authorizer.class.name", "process.roles", "num.replica.alter.log.dirs.threads");

        DescribeConfigsResourceResult rack = entry(entries, "broker.rack");
        assertThat(rack.value()).isEqualTo("r1");
        assertThat(rack.configSource()).isEqualTo(ConfigDescriber.STATIC_BROKER_CONFIG);
        assertThat(rack.readOnly()).isTrue();
        assertThat(synonyms(rack)).containsExactly("4:broker.rack=r1");

        DescribeConfigsResourceResult keystoreType = entry(entries, "ssl.keystore.type");
        assertThat(keystoreType.value()).isEqualTo("JKS");
        assertThat(keystoreType.configSource()).isEqualTo(ConfigDescriber.DEFAULT_CONFIG);
        assertThat(keystoreType.configType()).isEqualTo((byte) 2);

        DescribeConfigsResourceResult password = entry(entries, "ssl.keystore.password");
        assertThat(password.isSensitive()).isTrue();
        assertThat(password.value()).isNull();
        assertThat(password.configType()).isEqualTo((byte) 9);
        assertThat(synonyms(password)).containsExactly("4:ssl.keystore.password=null");

        assertThat(entry(entries, "principal.builder.class").configType()).isEqualTo((byte) 8);

        DescribeConfigsResourceResult unknown = entry(entries, "my.plugin.setting");
        assertThat(unknown.isSensitive()).isTrue();
        assertThat(unknown.value()).isNull();
        assertThat(unknown.configType()).isEqualTo(ConfigDescriber.UNKNOWN_TYPE);
        assertThat(unknown.configSource()).isEqualTo(ConfigDescriber.STATIC_BROKER_CONFIG);
    }

    @Test
    void askingForNamedKeysReturnsOnlyThoseWhateverTheirKind() {
        List<DescribeConfigsResourceResult> entries = describer(Map.of("broker.id", "0", "my.plugin.setting", "x"))
                .broker(true, List.of("num.io.threads", "sasl.enabled.mechanisms", "my.plugin.setting"), false, false);

        assertThat(entries).extracting(DescribeConfigsResourceResult::name)
                .containsExactly("my.plugin.setting", "num.io.threads", "sasl.enabled.mechanisms");
        assertThat(entry(entries, "sasl.enabled.mechanisms").value()).isEqualTo("GSSAPI");
    }
}
