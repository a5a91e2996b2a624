package io.skiff.generator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One field of a schema struct, as declared in JSON. A field without {@code versions} but with
 * {@code taggedVersions} exists exactly in its tagged versions. {@code flexibleVersions} on a field
 * narrows where it uses compact encoding (only the request header's client id does this).
 * Immutable after parsing.
 */
final class FieldSpec {
    final String name;
    final FieldType type;
    final Versions versions;
    final Versions nullableVersions;
    final Versions taggedVersions;
    final Integer tag;
    final Versions flexibleVersions;
    final String defaultText;
    final boolean ignorable;
    final boolean zeroCopy;
    final String about;
    /** Inline struct definition, or empty when the type refers to a common struct or a primitive. */
    final List<FieldSpec> fields;

    FieldSpec(JsonNode node) {
        this.name = node.get("name").asText();
        this.type = FieldType.parse(node.get("type").asText());
        this.taggedVersions = Versions.parse(text(node, "taggedVersions"), Versions.NONE);
        Versions declared = Versions.parse(text(node, "versions"), null);
        if (declared == null) {
            if (taggedVersions.empty()) {
                throw new IllegalArgumentException("field " + name + " has neither versions nor taggedVersions");
            }
            declared = taggedVersions;
        }
        this.versions = declared;
        this.nullableVersions = Versions.parse(text(node, "nullableVersions"), Versions.NONE);
        this.tag = node.has("tag") ? node.get("tag").asInt() : null;
        if (tag != null && taggedVersions.empty()) {
            throw new IllegalArgumentException("field " + name + " has a tag but no taggedVersions");
        }
        this.flexibleVersions = Versions.parse(text(node, "flexibleVersions"), null);
        this.defaultText = node.has("default") ? node.get("default").asText() : null;
        this.ignorable = node.has("ignorable") && node.get("ignorable").asBoolean();
        this.zeroCopy = node.has("zeroCopy") && node.get("zeroCopy").asBoolean();
        this.about = text(node, "about");
        List<FieldSpec> children = new ArrayList<>();
        if (node.has("fields")) {
            for (JsonNode child : node.get("fields")) {
                children.add(new FieldSpec(child));
            }
        }
        this.fields = children;
    }

    private static String text(JsonNode node, String key) {
        return node.has(key) ? node.get(key).asText() : null;
    }

    boolean isTagged() {
        return tag != null;
    }

    /** The struct type this field refers to (directly or as array element), else null. */
    String structTypeName() {
        if (type.isStruct()) {
            return type.structName();
        }
        if (type.isStructArray()) {
            return type.element().structName();
        }
        return null;
    }

    String camelName() {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    /** Kafka's rule: "set" and the name capitalised, also for schema names that start lower-case. */
    String setterName() {
        return "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    boolean defaultIsNull() {
        return "null".equals(defaultText);
    }
}
