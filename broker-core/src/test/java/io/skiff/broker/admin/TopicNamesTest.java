package io.skiff.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TopicNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "events", "my.topic_v2-x", "A.B", "__consumer_offsets", "..."})
    void legalNamesPass(String name) {
        assertThat(TopicNames.invalidReason(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "with space", "slash/name", "tab\t", "ünïcode", "star*", "colon:"})
    void illegalNamesAreRefusedWithInvalidTopic(String name) {
        assertThatThrownBy(() -> TopicNames.validate(name))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.error()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION));
    }

    @Test
    void nullNameIsIllegal() {
        assertThat(TopicNames.invalidReason(null)).hasValueSatisfying(r -> assertThat(r).contains("empty"));
    }

    @Test
    void lengthLimitIs249Characters() {
        assertThat(TopicNames.invalidReason("x".repeat(249))).isEmpty();
        assertThat(TopicNames.invalidReason("x".repeat(250)))
                .hasValueSatisfying(r -> assertThat(r).contains("can't be longer than 249"));
    }

    @Test
    void dotAndUnderscoreCollide() {
        assertThat(TopicNames.collision("a.b", List.of("a_b", "c"))).contains("a_b");
        assertThat(TopicNames.collision("a_b", List.of("a.b"))).contains("a.b");
        assertThat(TopicNames.collision("a_b", List.of("a_b"))).isEmpty();
        assertThat(TopicNames.collision("ab", List.of("a_b"))).isEmpty();
    }

    @Test
    void internalTopicsAreFlagged() {
        assertThat(TopicNames.isInternal("__consumer_offsets")).isTrue();
        assertThat(TopicNames.isInternal("__transaction_state")).isTrue();
        assertThat(TopicNames.isInternal("__other")).isFalse();
    }
}
