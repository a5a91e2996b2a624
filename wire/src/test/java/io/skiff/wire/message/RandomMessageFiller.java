package io.skiff.wire.message;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.wire.protocol.MemoryRecordsPayload;
import io.skiff.wire.protocol.Message;
import io.skiff.wire.protocol.RawTaggedField;
import io.skiff.wire.protocol.Uuid;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fills a generated message with seeded random content that is valid for one version, driven by
 * the schema JSON and reflection on the generated setters: only fields present in that version are
 * set, nulls only where the version allows them, tagged fields only in flexible versions, plus a
 * few unknown tagged fields (tags no known field uses, ascending, as a peer would send them).
 */
final class RandomMessageFiller {
    private static final String[] PIECES = {"a", "b", "Z", "0", "-", "_", "é", "ß", "中", "\uD83D\uDE00", "topic", " "};

    private final Schema schema;
    private final Random random;
    private final short version;
    private final boolean flexible;
    private int depth;

    RandomMessageFiller(Schema schema, short version, Random random) {
        this.schema = schema;
        this.version = version;
        this.random = random;
        this.flexible = schema.flexible(version);
    }

    Message newRandomRoot() throws Exception {
        Message m = (Message) schema.ourClass().getConstructor().newInstance();
        fill(m, schema.root.get("fields"));
        return m;
    }

    private void fill(Message target, JsonNode fields) throws Exception {
        Set<Integer> knownTags = new HashSet<>();
        depth++;
        for (JsonNode f : fields == null ? List.<JsonNode>of() : iterable(fields)) {
            if (f.has("tag")) {
                knownTags.add(f.get("tag").asInt());
            }
            boolean tagged = f.has("taggedVersions");
            boolean present = tagged ? flexible && Schema.inRange(f, "taggedVersions", version)
                    : Schema.inRange(f, "versions", version);
            if (!present || (tagged && random.nextInt(3) == 0)) {
                continue;
            }
            String fieldName = f.get("name").asText();
            Method setter = setter(target.getClass(), "set" + Character.toUpperCase(fieldName.charAt(0)) + fieldName.substring(1));
            boolean nullable = Schema.inRange(f, "nullableVersions", version);
            Object value = value(f.get("type").asText(), f, setter.getGenericParameterTypes()[0], nullable);
            setter.invoke(target, value);
        }
        if (flexible && random.nextInt(4) == 0) {
            TreeSet<Integer> tags = new TreeSet<>();
            int n = 1 + random.nextInt(2);
            while (tags.size() < n) {
                int tag = random.nextInt(2) == 0 ? random.nextInt(12) : 100 + random.nextInt(5000);
                if (!knownTags.contains(tag)) {
                    tags.add(tag);
                }
            }
            for (int tag : tags) {
                target.unknownTaggedFields().add(new RawTaggedField(tag, bytes(random.nextInt(6))));
            }
        }
        depth--;
    }

    private Object value(String type, JsonNode field, Type javaType, boolean nullable) throws Exception {
        if (type.startsWith("[]")) {
            if (nullable && random.nextInt(5) == 0) {
                return null;
            }
            Type elementType = ((ParameterizedType) javaType).getActualTypeArguments()[0];
            int n = depth > 4 ? 0 : random.nextInt(4);
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                list.add(value(type.substring(2), field, elementType, false));
            }
            return list;
        }
        switch (type) {
            case "bool": return random.nextBoolean();
            case "int8": return (byte) random.nextInt();
            case "int16": return (short) random.nextInt();
            case "uint16": return random.nextInt(65536);
            case "int32": return random.nextInt();
            case "uint32": return random.nextLong() & 0xFFFFFFFFL;
            case "int64": return random.nextLong();
            case "float64": return (random.nextDouble() - 0.5) * 1e9;
            case "uuid": return new Uuid(random.nextLong(), random.nextLong());
            case "string":
                if (nullable && random.nextInt(5) == 0) {
                    return null;
                }
                StringBuilder s = new StringBuilder();
                for (int i = random.nextInt(6); i > 0; i--) {
                    s.append(PIECES[random.nextInt(PIECES.length)]);
                }
                return s.toString();
            case "bytes":
                if (nullable && random.nextInt(5) == 0) {
                    return null;
                }
                byte[] b = bytes(random.nextInt(12));
                return javaType == ByteBuffer.class ? ByteBuffer.wrap(b) : b;
            case "records":
                if (nullable && random.nextInt(5) == 0) {
                    return null;
                }
                return new MemoryRecordsPayload(ByteBuffer.wrap(bytes(random.nextInt(40))));
            default:
                if (nullable && random.nextInt(4) == 0) {
                    return null;
                }
                Class<?> structClass = (Class<?>) javaType;
                Message struct = (Message) structClass.getConstructor().newInstance();
                JsonNode fields = field.has("fields") ? field.get("fields") : schema.commonStructs.get(type).get("fields");
                fill(struct, fields);
                return struct;
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static Method setter(Class<?> c, String name) {
        for (Method m : c.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 1) {
                return m;
            }
        }
        throw new AssertionError("no setter " + name + " on " + c.getName());
    }

    private static Iterable<JsonNode> iterable(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
