package io.skiff.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.replication.zk.ErrorCodes;
import io.skiff.replication.zk.MetadataStoreException;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class AdminStoreTest {
    @Test
    void storeFailuresKeepTheirKafkaErrorThroughCompletionWrappers() {
        ApiException exists = AdminStore.translate(new CompletionException(
                new MetadataStoreException(ErrorCodes.TOPIC_ALREADY_EXISTS, "Topic 't' already exists")));
        assertThat(exists.error()).isEqualTo(Errors.TOPIC_ALREADY_EXISTS);
        assertThat(exists.getMessage()).isEqualTo("Topic 't' already exists");
        assertThat(exists.getCause()).as("expected errors carry no stack").isNull();
    }

    @Test
    void unexpectedFailuresBecomeUnknownServerErrorWithTheirCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        ApiException unknown = AdminStore.translate(new CompletionException(boom));
        assertThat(unknown.error()).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
        assertThat(unknown.getCause()).isSameAs(boom);
    }

    @Test
    void apiExceptionsPassThrough() {
        ApiException original = Errors.INVALID_CONFIG.exception("bad");
        assertThat(AdminStore.translate(new CompletionException(original))).isSameAs(original);
    }
}
