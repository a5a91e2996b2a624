package io.skiff.broker.handler;

import io.skiff.wire.protocol.Uuid;
import java.util.UUID;

/** Conversions between the wire's topic ids and the metadata's; stateless. */
final class TopicIds {
    private TopicIds() {}

    static UUID toJava(Uuid id) {
        return new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    static Uuid toWire(UUID id) {
        return id == null ? Uuid.ZERO_UUID : new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }
}
