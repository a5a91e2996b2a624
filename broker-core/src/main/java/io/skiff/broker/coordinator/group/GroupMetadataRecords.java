package io.skiff.broker.coordinator.group;

import io.skiff.wire.protocol.DecodeException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Kafka's group-metadata records in {@code __consumer_offsets}, byte for byte.
 *
 * <p>Key: {@code int16 version = 2, string group}. Value, version 3 (what we write; v0-v3 are read):
 * {@code int16 version, string protocolType, int32 generation, nullable string protocol, nullable string
 * leader, int64 currentStateTimestamp (v2+), int32 member count}, then per member {@code string memberId,
 * nullable string groupInstanceId (v3+), string clientId, string clientHost, int32 rebalanceTimeout (v1+),
 * int32 sessionTimeout, bytes subscription, bytes assignment} (bytes: int32 length + data). A null value
 * is a tombstone: the group was deleted. Stateless; thread-safe.
 */
public final class GroupMetadataRecords {
    static final short KEY_VERSION = 2;
    static final short VALUE_VERSION = 3;

    private GroupMetadataRecords() {}

    /** One member as stored. */
    public record StoredMember(String memberId, String groupInstanceId, String clientId, String clientHost,
                               int rebalanceTimeoutMs, int sessionTimeoutMs, byte[] subscription, byte[] assignment) {}

    /** A group as stored (its members only when it was STABLE; none when EMPTY). */
    public record StoredGroup(String protocolType, int generation, String protocol, String leader,
                              long currentStateTimestamp, List<StoredMember> members) {}

    /** The stored form of {@code group} (call under its monitor). */
    static StoredGroup snapshot(ClassicGroup group) {
        List<StoredMember> members = new ArrayList<>();
        for (GroupMember m : group.allMembers()) {
            members.add(new StoredMember(m.memberId(), m.groupInstanceId(), m.clientId() == null ? "" : m.clientId(),
                    m.clientHost() == null ? "" : m.clientHost(), m.rebalanceTimeoutMs(), m.sessionTimeoutMs(),
                    m.protocols().get(group.protocolName()), m.assignment()));
        }
        return new StoredGroup(group.protocolType(), group.generationId(), group.protocolName(), group.leaderId(),
                group.currentStateTimestamp(), members);
    }

    /** The members of a stored group, each supporting only the group's chosen protocol. */
    static List<GroupMember> members(StoredGroup stored) {
        List<GroupMember> members = new ArrayList<>();
        if (stored.protocol() == null) {
            return members;
        }
        for (StoredMember m : stored.members()) {
            GroupMember member = new GroupMember(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(),
                    m.sessionTimeoutMs(), m.rebalanceTimeoutMs(), java.util.Map.of(stored.protocol(), m.subscription()));
            member.assignment(m.assignment());
            members.add(member);
        }
        return members;
    }

    public static byte[] key(String group) {
        Out out = new Out();
        out.putShort(KEY_VERSION);
        out.string(group);
        return out.bytes();
    }

    public static byte[] value(StoredGroup g) {
        Out out = new Out();
        out.putShort(VALUE_VERSION);
        out.string(g.protocolType() == null ? "" : g.protocolType());
        out.putInt(g.generation());
        out.string(g.protocol());
        out.string(g.leader());
        out.putLong(g.currentStateTimestamp());
        out.putInt(g.members().size());
        for (StoredMember m : g.members()) {
            out.string(m.memberId());
            out.string(m.groupInstanceId());
            out.string(m.clientId());
            out.string(m.clientHost());
            out.putInt(m.rebalanceTimeoutMs());
            out.putInt(m.sessionTimeoutMs());
            out.bytes(m.subscription());
            out.bytes(m.assignment());
        }
        return out.bytes();
    }

    /** The group id of a group-metadata key, or null when {@code key} is another record type. */
    public static String readKey(ByteBuffer key) {
        ByteBuffer buf = key.duplicate();
        try {
            return buf.getShort() == KEY_VERSION ? string(buf) : null;
        } catch (BufferUnderflowException e) {
            throw new DecodeException("Truncated group metadata key");
        }
    }

    public static StoredGroup readValue(ByteBuffer value) {
        ByteBuffer buf = value.duplicate();
        try {
            short v = buf.getShort();
            if (v < 0 || v > VALUE_VERSION) {
                throw new DecodeException("Unsupported group metadata value version " + v);
            }
            String protocolType = string(buf);
            int generation = buf.getInt();
            String protocol = string(buf);
            String leader = string(buf);
            long timestamp = v >= 2 ? buf.getLong() : -1L;
            int count = buf.getInt();
            List<StoredMember> members = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String memberId = string(buf);
                String instanceId = v >= 3 ? string(buf) : null;
                String clientId = string(buf);
                String clientHost = string(buf);
                int rebalance = v >= 1 ? buf.getInt() : -1;
                int session = buf.getInt();
                members.add(new StoredMember(memberId, instanceId, clientId, clientHost,
                        rebalance == -1 ? session : rebalance, session, bytes(buf), bytes(buf)));
            }
            return new StoredGroup(protocolType, generation, protocol, leader, timestamp, members);
        } catch (BufferUnderflowException e) {
            throw new DecodeException("Truncated group metadata value");
        }
    }

    private static String string(ByteBuffer buf) {
        return OffsetRecords.readString(buf);
    }

    private static byte[] bytes(ByteBuffer buf) {
        int len = buf.getInt();
        if (len < 0) {
            return new byte[0];
        }
        byte[] b = new byte[len];
        buf.get(b);
        return b;
    }

    /** A growable big-endian buffer. */
    private static final class Out {
        ByteBuffer buf = ByteBuffer.allocate(256);

        void ensure(int n) {
            if (buf.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n));
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
        }

        void putShort(short v) {
            ensure(2);
            buf.putShort(v);
        }

        void putInt(int v) {
            ensure(4);
            buf.putInt(v);
        }

        void putLong(long v) {
            ensure(8);
            buf.putLong(v);
        }

        void string(String s) {
            if (s == null) {
                ensure(2);
                buf.putShort((short) -1);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            ensure(2 + b.length);
            buf.putShort((short) b.length);
            buf.put(b);
        }

        void bytes(byte[] b) {
            byte[] data = b == null ? new byte[0] : b;
            ensure(4 + data.length);
            buf.putInt(data.length);
            buf.put(data);
        }

        byte[] bytes() {
            ensure(0);
            byte[] out = new byte[buf.position()];
            buf.flip();
            buf.get(out);
            return out;
        }
    }
}
