package io.skiff.generator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed schema file: the top-level struct plus every nested and common struct, flattened
 * (each becomes a static nested class of the top-level class, as in Kafka's generated code).
 * Immutable after parsing.
 */
final class MessageSpec {
    final String name;
    final String type;
    final Short apiKey;
    final Versions validVersions;
    final Versions flexibleVersions;
    final Versions deprecatedVersions;
    final boolean latestVersionUnstable;
    final List<String> listeners;
    final StructSpec root;
    /** Every struct other than the root, by class name, in declaration order. */
    final Map<String, StructSpec> structs = new LinkedHashMap<>();

    MessageSpec(JsonNode node) {
        this.name = node.get("name").asText();
        this.type = node.get("type").asText();
        this.apiKey = node.has("apiKey") ? (short) node.get("apiKey").asInt() : null;
        this.validVersions = Versions.parse(node.get("validVersions").asText(), null);
        this.flexibleVersions = Versions.parse(node.has("flexibleVersions") ? node.get("flexibleVersions").asText() : null,
                Versions.NONE);
        this.deprecatedVersions = Versions.parse(
                node.has("deprecatedVersions") ? node.get("deprecatedVersions").asText() : null, Versions.NONE);
        this.latestVersionUnstable = node.has("latestVersionUnstable") && node.get("latestVersionUnstable").asBoolean();
        List<String> ls = new ArrayList<>();
        if (node.has("listeners")) {
            for (JsonNode l : node.get("listeners")) {
                ls.add(l.asText());
            }
        }
        this.listeners = ls;
        List<FieldSpec> fields = new ArrayList<>();
        // Retired APIs (ControlledShutdown in Kafka 4) keep a schema with no versions and no fields.
        for (JsonNode f : node.path("fields")) {
            fields.add(new FieldSpec(f));
        }
        this.root = new StructSpec(className(), validVersions, fields);
        if (node.has("commonStructs")) {
            for (JsonNode cs : node.get("commonStructs")) {
                List<FieldSpec> csFields = new ArrayList<>();
                for (JsonNode f : cs.get("fields")) {
                    csFields.add(new FieldSpec(f));
                }
                Versions declared = Versions.parse(cs.has("versions") ? cs.get("versions").asText() : null, Versions.ALL);
                register(new StructSpec(cs.get("name").asText(), declared.intersect(validVersions), csFields));
            }
        }
        List<StructSpec> commons = new ArrayList<>(structs.values());
        collectInline(root);
        for (StructSpec common : commons) {
            collectInline(common);
        }
        checkReferences(root);
        for (StructSpec s : structs.values()) {
            checkReferences(s);
        }
    }

    private void collectInline(StructSpec parent) {
        for (FieldSpec f : parent.fields()) {
            if (!f.fields.isEmpty()) {
                StructSpec child = new StructSpec(f.structTypeName(), f.versions.intersect(parent.versions()), f.fields);
                register(child);
                collectInline(child);
            }
        }
    }

    private void register(StructSpec s) {
        if (s.name().equals(className()) || structs.putIfAbsent(s.name(), s) != null) {
            throw new IllegalArgumentException(name + ": struct " + s.name() + " is defined twice");
        }
    }

    private void checkReferences(StructSpec s) {
        for (FieldSpec f : s.fields()) {
            String ref = f.structTypeName();
            if (ref != null && !structs.containsKey(ref)) {
                throw new IllegalArgumentException(name + ": field " + f.name + " refers to unknown struct " + ref);
            }
        }
    }

    boolean isApi() {
        return type.equals("request") || type.equals("response");
    }

    /** Kafka's naming rule: requests, responses and headers get a "Data" suffix, other schemas not. */
    String className() {
        return isApi() || type.equals("header") ? name + "Data" : name;
    }
}
