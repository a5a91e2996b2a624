package io.skiff.broker.handler;

import io.skiff.broker.BrokerServices;
import io.skiff.broker.network.HandlerRegistry;

/**
 * The one place where request handlers are registered: what is listed here is exactly what the
 * broker implements and advertises in ApiVersions.
 */
public final class Handlers {
    private Handlers() {}

    public static HandlerRegistry install(BrokerServices services) {
        HandlerRegistry registry = new HandlerRegistry();
        registry.register(new ApiVersionsHandler(registry));
        registry.register(new MetadataHandler(services));
        registry.register(new CreateTopicsHandler(services));
        registry.register(new DeleteTopicsHandler(services));
        registry.register(new InitProducerIdHandler(services));
        registry.register(new DescribeClusterHandler(services));
        return registry;
    }
}
