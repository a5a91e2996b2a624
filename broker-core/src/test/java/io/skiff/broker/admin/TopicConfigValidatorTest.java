package io.skiff.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicConfigValidatorTest {
    @Test
    void effectiveConfigAppliesOverridesOnTopOfDefaults() {
        Map<String, String> effective = TopicConfigValidator.validate(Map.of(
                "retention.ms", "1000", "cleanup.policy", "compact", "compression.type", "lz4"));
        assertThat(effective)
                .containsEntry("retention.ms", "1000")
                .containsEntry("cleanup.policy", "compact")
                .containsEntry("compression.type", "lz4")
                .containsEntry("segment.bytes", Integer.toString(1024 * 1024 * 1024))
                .containsEntry("min.insync.replicas", "1");
    }

    @Test
    void unknownKeyIsRefused() {
        assertInvalid(Map.of("retention.msec", "1"), "Unknown topic config name: retention.msec");
    }

    @Test
    void nullValueIsRefused() {
        Map<String, String> configs = new HashMap<>();
        configs.put("retention.ms", null);
        assertInvalid(configs, "Null value");
    }

    @ParameterizedTest
    @CsvSource({
        "retention.ms, soon",
        "segment.bytes, 10",
        "cleanup.policy, forever",
        "message.timestamp.type, WallClock",
        "compression.type, brotli",
        "min.insync.replicas, 0",
        "unclean.leader.election.enable, maybe",
        "min.cleanable.dirty.ratio, 2"
    })
    void badValuesAreRefusedNamingTheKey(String key, String value) {
        assertInvalid(Map.of(key, value), key);
    }

    private static void assertInvalid(Map<String, String> configs, String messagePart) {
        assertThatThrownBy(() -> TopicConfigValidator.validate(configs))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.error()).isEqualTo(Errors.INVALID_CONFIG);
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }
}
