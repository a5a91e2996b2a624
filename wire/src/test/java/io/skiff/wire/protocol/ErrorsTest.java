package io.skiff.wire.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.RetriableException;
import org.junit.jupiter.api.Test;

/** Checks our table against kafka-clients' {@code Errors}, the oracle. */
class ErrorsTest {

    @Test
    void everyKafkaErrorHasTheSameNameCodeAndRetriability() {
        for (org.apache.kafka.common.protocol.Errors kafka : org.apache.kafka.common.protocol.Errors.values()) {
            Errors ours = Errors.forCode(kafka.code());
            assertThat(ours.name()).as("code %d", kafka.code()).isEqualTo(kafka.name());
            assertThat(ours.code()).isEqualTo(kafka.code());
            boolean kafkaRetriable = kafka.exception() instanceof RetriableException;
            assertThat(ours.retriable()).as("retriable %s", kafka).isEqualTo(kafkaRetriable);
            if (kafka != org.apache.kafka.common.protocol.Errors.NONE) {
                assertThat(ours.message()).as("message %s", kafka).isEqualTo(kafka.message());
            }
        }
    }

    @Test
    void weHaveNoErrorKafkaLacks() {
        assertThat(Errors.values()).hasSameSizeAs(org.apache.kafka.common.protocol.Errors.values());
        for (Errors ours : Errors.values()) {
            assertThat(org.apache.kafka.common.protocol.Errors.forCode(ours.code()).name()).isEqualTo(ours.name());
        }
    }

    @Test
    void unknownCodesMapToUnknownServerError() {
        assertThat(Errors.forCode((short) -2)).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
        assertThat(Errors.forCode(Short.MAX_VALUE)).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
        short next = (short) (Arrays.stream(Errors.values()).mapToInt(Errors::code).max().orElseThrow() + 1);
        assertThat(Errors.forCode(next)).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
    }

    @Test
    void forExceptionFindsTheApiExceptionThroughWrappers() {
        ApiException cause = Errors.NOT_LEADER_OR_FOLLOWER.exception();
        assertThat(Errors.forException(new CompletionException(cause))).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(Errors.forException(new CorruptRecordException("bad crc"))).isEqualTo(Errors.CORRUPT_MESSAGE);
        assertThat(Errors.forException(new IllegalStateException("bug"))).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
    }

    @Test
    void apiExceptionCarriesItsErrorAndRefusesNone() {
        ApiException e = Errors.REQUEST_TIMED_OUT.exception("waited 30000 ms");
        assertThat(e.error()).isEqualTo(Errors.REQUEST_TIMED_OUT);
        assertThat(e.retriable()).isTrue();
        assertThat(e.getMessage()).isEqualTo("waited 30000 ms");
        assertThatThrownBy(() -> Errors.NONE.exception()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new ApiException(Errors.NONE, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
