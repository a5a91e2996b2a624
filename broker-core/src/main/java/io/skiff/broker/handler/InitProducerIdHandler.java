package io.skiff.broker.handler;

import io.skiff.broker.BrokerServices;
import io.skiff.broker.admin.AdminStore;
import io.skiff.broker.admin.ProducerIdManager;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.InitProducerIdRequestData;
import io.skiff.wire.message.InitProducerIdResponseData;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.ApiMessage;
import io.skiff.wire.protocol.Errors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * InitProducerId (api key 22). Without a transactional id (an idempotent producer) the answer is a fresh
 * producer id from this broker's ZooKeeper block and epoch 0, whatever id and epoch the producer sent: as in
 * Kafka, an idempotent producer that resets its state simply gets a new id.
 *
 * <p>With a transactional id the request belongs to the transaction coordinator, which is plugged in as a
 * {@link TransactionalInit}. Until it exists the default answers NOT_COORDINATOR, what a Kafka broker that
 * does not coordinate the id answers, so clients look the coordinator up again instead of failing hard.
 * Thread-safe.
 */
public final class InitProducerIdHandler implements ApiHandler<InitProducerIdRequestData> {
    /** Answers InitProducerId for a transactional id (the transaction coordinator's job). */
    @FunctionalInterface
    public interface TransactionalInit {
        CompletionStage<InitProducerIdResponseData> initProducerId(RequestContext context, InitProducerIdRequestData request);

        /** No transaction coordinator on this broker. */
        TransactionalInit NONE = (context, request) -> CompletableFuture.completedFuture(
                failure(Errors.NOT_COORDINATOR));
    }

    private final ProducerIdManager producerIds;
    private final TransactionalInit transactional;

    public InitProducerIdHandler(BrokerServices services) {
        this(new ProducerIdManager(() -> AdminStore.of(services.store(), services.metadata())
                        .allocateProducerIdBlock(services.brokerId())),
                TransactionalInit.NONE);
    }

    public InitProducerIdHandler(ProducerIdManager producerIds, TransactionalInit transactional) {
        this.producerIds = producerIds;
        this.transactional = transactional;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.INIT_PRODUCER_ID;
    }

    @Override
    public CompletionStage<InitProducerIdResponseData> handle(RequestContext context, InitProducerIdRequestData request) {
        String transactionalId = request.transactionalId();
        if (transactionalId != null) {
            if (transactionalId.isEmpty()) {
                throw new ApiException(Errors.INVALID_REQUEST, "Transactional id must not be empty");
            }
            return transactional.initProducerId(context, request);
        }
        return producerIds.generateProducerId().thenApply(id -> new InitProducerIdResponseData()
                .setErrorCode(Errors.NONE.code())
                .setProducerId(id)
                .setProducerEpoch((short) 0));
    }

    private static InitProducerIdResponseData failure(Errors error) {
        return new InitProducerIdResponseData()
                .setErrorCode(error.code())
                .setProducerId(-1L)
                .setProducerEpoch((short) -1);
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, InitProducerIdRequestData request, Errors error) {
        return failure(error);
    }
}
