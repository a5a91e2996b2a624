package io.skiff.broker.coordinator.group;

import io.skiff.wire.message.ConsumerProtocolSubscription;
import io.skiff.wire.protocol.ByteBufferAccessor;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the topics a "consumer"-protocol group subscribes to from its members' metadata: a version-prefixed
 * {@code ConsumerProtocolSubscription} (int16 version, then the message at that version). Call under the
 * group's monitor. Stateless.
 */
final class Subscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);

    private Subscriptions() {}

    /** Every topic some member subscribes to; metadata that cannot be parsed is logged and skipped. */
    static Set<String> topics(ClassicGroup group) {
        Set<String> topics = new HashSet<>();
        for (GroupMember m : group.allMembers()) {
            byte[] metadata = group.protocolName() != null ? m.protocols().get(group.protocolName())
                    : m.protocols().values().stream().findFirst().orElse(null);
            if (metadata == null || metadata.length < 2) {
                continue;
            }
            try {
                ByteBuffer buf = ByteBuffer.wrap(metadata);
                short version = buf.getShort();
                short readable = (short) Math.min(version, ConsumerProtocolSubscription.HIGHEST_SUPPORTED_VERSION);
                topics.addAll(new ConsumerProtocolSubscription(new ByteBufferAccessor(buf), readable).topics());
            } catch (RuntimeException e) {
                LOG.debug("Unreadable subscription of member {} in group {}", m.memberId(), group.groupId(), e);
            }
        }
        return topics;
    }
}
