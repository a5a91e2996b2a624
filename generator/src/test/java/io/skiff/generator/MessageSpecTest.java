package io.skiff.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

class MessageSpecTest {
    private static final String SCHEMA = String.join("\n",
            "// a comment, as in Kafka's files",
            "{ \"apiKey\": 99, \"type\": \"request\", \"name\": \"FooRequest\",",
            "  \"validVersions\": \"0-3\", \"flexibleVersions\": \"2+\",",
            "  \"fields\": [",
            "    { \"name\": \"Count\", \"type\": \"int32\", \"versions\": \"0+\", \"default\": \"0x7fffffff\" },",
            "    { \"name\": \"Topics\", \"type\": \"[]Topic\", \"versions\": \"1+\", \"fields\": [",
            "      { \"name\": \"Name\", \"type\": \"string\", \"versions\": \"1+\" },",
            "      { \"name\": \"Parts\", \"type\": \"[]Part\", \"versions\": \"1+\" }",
            "    ]},",
            "    { \"name\": \"Hint\", \"type\": \"string\", \"taggedVersions\": \"2+\", \"tag\": 0,",
            "      \"nullableVersions\": \"2+\", \"default\": \"null\" }",
            "  ],",
            "  \"commonStructs\": [ { \"name\": \"Part\", \"versions\": \"0+\", \"fields\": [",
            "    { \"name\": \"Index\", \"type\": \"int32\", \"versions\": \"0+\" } ] } ]",
            "}");

    private static MessageSpec parse(String json) throws Exception {
        JsonNode node = JsonMapper.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build().readTree(json);
        return new MessageSpec(node);
    }

    @Test
    void flattensInlineAndCommonStructsAndNamesRequestClassesWithDataSuffix() throws Exception {
        MessageSpec spec = parse(SCHEMA);
        assertThat(spec.className()).isEqualTo("FooRequestData");
        assertThat(spec.structs).containsOnlyKeys("Topic", "Part");
        assertThat(spec.structs.get("Topic").versions()).isEqualTo(new Versions((short) 1, (short) 3));
        FieldSpec hint = spec.root.fields().get(2);
        assertThat(hint.isTagged()).isTrue();
        assertThat(hint.versions).isEqualTo(hint.taggedVersions);
        assertThat(JavaTypes.defaultExpr(spec.root.fields().get(0))).isEqualTo("2147483647");
        assertThat(JavaTypes.defaultExpr(hint)).isEqualTo("null");
    }

    @Test
    void generatedSourceMentionsSchemaAndNestsStructs() throws Exception {
        String source = MessageGenerator.generate(parse(SCHEMA));
        assertThat(source).contains("public class FooRequestData implements ApiMessage")
                .contains("public static class Topic implements Message")
                .contains("public static class Part implements Message")
                .contains("case 0:");
    }

    @Test
    void referenceToUndefinedStructIsRejected() {
        String bad = SCHEMA.replace("\"[]Part\"", "\"[]Missing\"");
        assertThatThrownBy(() -> parse(bad)).hasMessageContaining("Missing");
    }

    @Test
    void nullDefaultOnNonNullableFieldIsRejected() throws Exception {
        String bad = SCHEMA.replace("\"nullableVersions\": \"2+\", ", "");
        MessageSpec spec = parse(bad);
        assertThatThrownBy(() -> MessageGenerator.generate(spec)).hasMessageContaining("Hint");
    }
}
