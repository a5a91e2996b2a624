package io.skiff.compat.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A record as a client saw it, with key, value and header values as lower-case hex ({@code null}
 * for a null key or value) so that equality is byte equality and a failing comparison prints
 * readably. Partition and offset are -1 for a record not yet written. Immutable.
 */
public record ClientRecord(int partition, long offset, String key, String value, List<Header> headers) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    /** A header; its value in hex, {@code null} for a null value. */
    public record Header(String name, String value) {
        public static Header of(String name, byte[] value) {
            return new Header(name, hex(value));
        }
    }

    public ClientRecord {
        headers = List.copyOf(headers);
    }

    public static ClientRecord of(byte[] key, byte[] value, Header... headers) {
        return new ClientRecord(-1, -1, hex(key), hex(value), List.of(headers));
    }

    public static String hex(byte[] bytes) {
        return bytes == null ? null : HEX.formatHex(bytes);
    }

    public static byte[] bytes(String hex) {
        return hex == null ? null : HEX.parseHex(hex);
    }

    public byte[] keyBytes() {
        return bytes(key);
    }

    public byte[] valueBytes() {
        return bytes(value);
    }

    /** The same content without partition and offset, for comparing what was written with what was read. */
    public ClientRecord content() {
        return new ClientRecord(-1, -1, key, value, headers);
    }

    public ClientRecord at(int partition, long offset) {
        return new ClientRecord(partition, offset, key, value, headers);
    }

    /** The JSON line a driver reads on stdin to produce this record. */
    public String toJsonLine() {
        ObjectNode node = JSON.createObjectNode();
        node.put("key", key);
        node.put("value", value);
        ArrayNode hs = node.putArray("headers");
        for (Header h : headers) {
            hs.addArray().add(h.name()).add(h.value());
        }
        return node.toString();
    }

    /** From a driver's {@code {"event": "record", ...}} line. */
    public static ClientRecord fromEvent(JsonNode e) {
        List<Header> headers = new ArrayList<>();
        for (JsonNode h : e.path("headers")) {
            headers.add(new Header(h.get(0).asText(), h.get(1).isNull() ? null : h.get(1).asText()));
        }
        return new ClientRecord(e.path("partition").asInt(), e.path("offset").asLong(), text(e.get("key")),
                text(e.get("value")), headers);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
