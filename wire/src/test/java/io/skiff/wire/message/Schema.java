package io.skiff.wire.message;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Test-side view of one of Kafka's JSON schemas, read independently of the generator so the tests
 * do not trust the code they check. The schema directory is the one Maven unpacked from the pinned
 * kafka-clients jar (system property {@code skiff.kafka.schemas}).
 */
final class Schema {
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build();

    final String fileName;
    final JsonNode root;
    final String name;
    final String type;
    final short lowest;
    final short highest;
    final short flexibleFrom;
    /** Common structs by name. */
    final Map<String, JsonNode> commonStructs = new HashMap<>();

    private Schema(Path file) throws IOException {
        this.fileName = file.getFileName().toString();
        this.root = MAPPER.readTree(file.toFile());
        this.name = root.get("name").asText();
        this.type = root.get("type").asText();
        short[] valid = range(root.get("validVersions").asText());
        this.lowest = valid[0];
        this.highest = valid[1];
        short[] flex = range(root.path("flexibleVersions").asText("none"));
        this.flexibleFrom = flex[0] > flex[1] ? Short.MAX_VALUE : flex[0];
        for (JsonNode cs : root.path("commonStructs")) {
            commonStructs.put(cs.get("name").asText(), cs);
        }
    }

    static Path directory() {
        String dir = System.getProperty("skiff.kafka.schemas", "target/kafka-schemas/common/message");
        return Path.of(dir);
    }

    static List<Schema> all() {
        List<Schema> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.add(new Schema(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    String className() {
        return type.equals("request") || type.equals("response") || type.equals("header") ? name + "Data" : name;
    }

    boolean isApi() {
        return type.equals("request") || type.equals("response");
    }

    boolean flexible(short version) {
        return version >= flexibleFrom;
    }

    /** {"none"} is empty (lowest > highest); "N+" is open-ended. */
    static short[] range(String text) {
        String t = text.trim();
        if (t.equals("none")) {
            return new short[] {0, -1};
        }
        if (t.endsWith("+")) {
            return new short[] {Short.parseShort(t.substring(0, t.length() - 1)), Short.MAX_VALUE};
        }
        int dash = t.indexOf('-');
        if (dash > 0) {
            return new short[] {Short.parseShort(t.substring(0, dash)), Short.parseShort(t.substring(dash + 1))};
        }
        short v = Short.parseShort(t);
        return new short[] {v, v};
    }

    static boolean inRange(JsonNode field, String key, short version) {
        JsonNode n = field.get(key);
        if (n == null) {
            return false;
        }
        short[] r = range(n.asText());
        return version >= r[0] && version <= r[1];
    }

    Class<?> ourClass() throws ClassNotFoundException {
        return Class.forName("io.skiff.wire.message." + className());
    }

    @Override
    public String toString() {
        return name;
    }
}
