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
        return registry;
    }
}
