package io.skiff.wire.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.wire.message.ApiMessageType;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Our generated API table against Kafka's generated one, api key by api key, version by version. */
class ApiMessageTypeTest {
    @Test
    void tableMatchesKafkaForEveryApiKeyAndVersion() {
        org.apache.kafka.common.message.ApiMessageType[] kafkaTypes = org.apache.kafka.common.message.ApiMessageType.values();
        assertThat(ApiMessageType.values()).hasSameSizeAs(kafkaTypes);
        for (org.apache.kafka.common.message.ApiMessageType k : kafkaTypes) {
            ApiMessageType ours = ApiMessageType.fromApiKey(k.apiKey());
            assertThat(ours.name()).isEqualTo(k.name());
            assertThat(ours.lowestSupportedVersion()).as(k.name()).isEqualTo(k.lowestSupportedVersion());
            assertThat(ours.highestSupportedVersion(true)).as(k.name()).isEqualTo(k.highestSupportedVersion(true));
            assertThat(ours.highestSupportedVersion(false)).as(k.name()).isEqualTo(k.highestSupportedVersion(false));
            assertThat(ours.latestVersionUnstable()).as(k.name()).isEqualTo(k.latestVersionUnstable());
            Set<String> kafkaListeners = new TreeSet<>();
            k.listeners().forEach(l -> kafkaListeners.add(l.name().toLowerCase(java.util.Locale.ROOT)));
            assertThat(new TreeSet<>(ours.listeners())).as(k.name()).isEqualTo(kafkaListeners);
            // Retired APIs (validVersions "none") have no header versions in Kafka's table either.
            for (short v = 0; v <= k.highestSupportedVersion(true); v++) {
                assertThat(ours.requestHeaderVersion(v)).as(k.name() + " v" + v).isEqualTo(k.requestHeaderVersion(v));
                assertThat(ours.responseHeaderVersion(v)).as(k.name() + " v" + v).isEqualTo(k.responseHeaderVersion(v));
            }
        }
    }

    @Test
    void apiVersionsResponseHeaderIsAlwaysV0() {
        for (short v = 0; v < 10; v++) {
            assertThat(ApiMessageType.API_VERSIONS.responseHeaderVersion(v)).isZero();
        }
        assertThat(ApiMessageType.API_VERSIONS.requestHeaderVersion((short) 3)).isEqualTo((short) 2);
    }

    @Test
    void controlledShutdownV0UsesRequestHeaderV0() {
        assertThat(ApiMessageType.CONTROLLED_SHUTDOWN.requestHeaderVersion((short) 0)).isZero();
        assertThat(ApiMessageType.CONTROLLED_SHUTDOWN.requestHeaderVersion((short) 1)).isEqualTo((short) 1);
    }

    @Test
    void unknownApiKeyIsRejected() {
        assertThat(ApiMessageType.find((short) 32000)).isNull();
        assertThat(ApiMessageType.find((short) -1)).isNull();
        assertThatThrownBy(() -> ApiMessageType.fromApiKey((short) 32000)).isInstanceOf(IllegalArgumentException.class);
    }
}
