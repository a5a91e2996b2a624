package io.skiff.broker.handler;

import static io.skiff.broker.handler.Contexts.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.broker.admin.InMemoryAdminStore;
import io.skiff.broker.admin.ProducerIdManager;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.InitProducerIdRequestData;
import io.skiff.wire.message.InitProducerIdResponseData;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import org.junit.jupiter.api.Test;

class InitProducerIdHandlerTest {
    private final InMemoryAdminStore store = InMemoryAdminStore.withBrokers(0);
    private final InitProducerIdHandler handler = new InitProducerIdHandler(
            new ProducerIdManager(store::allocateProducerIdBlockFor0), InitProducerIdHandler.TransactionalInit.NONE);

    private InitProducerIdResponseData send(InitProducerIdRequestData request) {
        return handler.handle(context(ApiMessageType.INIT_PRODUCER_ID, 4), request).toCompletableFuture().join();
    }

    @Test
    void idempotentProducersGetDistinctIdsAndEpochZero() {
        InitProducerIdResponseData first = send(new InitProducerIdRequestData().setTransactionalId(null));
        InitProducerIdResponseData second = send(new InitProducerIdRequestData().setTransactionalId(null)
                .setProducerId(first.producerId()).setProducerEpoch((short) 3));
        assertThat(first.errorCode()).isZero();
        assertThat(first.producerEpoch()).isZero();
        assertThat(second.producerId()).isNotEqualTo(first.producerId());
        assertThat(second.producerEpoch()).isZero();
    }

    @Test
    void transactionalIdWithoutCoordinatorIsNotCoordinator() {
        InitProducerIdResponseData response = send(new InitProducerIdRequestData().setTransactionalId("tx"));
        assertThat(response.errorCode()).isEqualTo(Errors.NOT_COORDINATOR.code());
        assertThat(response.producerId()).isEqualTo(-1L);
    }

    @Test
    void emptyTransactionalIdIsInvalid() {
        assertThatThrownBy(() -> send(new InitProducerIdRequestData().setTransactionalId("")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error()).isEqualTo(Errors.INVALID_REQUEST));
    }
}
