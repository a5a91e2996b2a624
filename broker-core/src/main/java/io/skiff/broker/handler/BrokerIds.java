package io.skiff.broker.handler;

import io.skiff.wire.protocol.Errors;

/** Broker resource names of config requests: a broker id in decimal. */
final class BrokerIds {
    private BrokerIds() {}

    /** @throws io.skiff.wire.protocol.ApiException INVALID_REQUEST with Kafka's message when not an integer */
    static int parse(String resourceName) {
        try {
            return Integer.parseInt(resourceName);
        } catch (NumberFormatException e) {
            throw Errors.INVALID_REQUEST.exception("Broker id must be an integer, but it is: " + resourceName);
        }
    }
}
