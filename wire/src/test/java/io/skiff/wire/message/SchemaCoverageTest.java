package io.skiff.wire.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.wire.protocol.ApiMessage;
import io.skiff.wire.protocol.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every schema in the pinned kafka-clients jar has a generated class, and the API table is complete. */
class SchemaCoverageTest {
    @Test
    void everySchemaHasAGeneratedClass() throws Exception {
        List<Schema> schemas = Schema.all();
        System.out.println("SchemaCoverageTest: " + schemas.size() + " schemas in " + Schema.directory());
        assertThat(schemas).isNotEmpty();
        for (Schema s : schemas) {
            Class<?> c = s.ourClass();
            assertThat(Message.class).as(s.fileName).isAssignableFrom(c);
            if (s.isApi()) {
                ApiMessage m = (ApiMessage) c.getConstructor().newInstance();
                assertThat(m.apiKey()).as(s.fileName).isEqualTo((short) s.root.get("apiKey").asInt());
            }
        }
    }

    @Test
    void apiMessageTypeListsEveryRequestWithItsVersions() {
        for (Schema s : Schema.all()) {
            if (!s.type.equals("request")) {
                continue;
            }
            ApiMessageType t = ApiMessageType.fromApiKey((short) s.root.get("apiKey").asInt());
            assertThat(t.newRequest().getClass().getSimpleName()).isEqualTo(s.className());
            assertThat(t.newResponse().getClass().getSimpleName()).isEqualTo(s.name.replace("Request", "Response") + "Data");
            assertThat(t.messageName() + "Request").isEqualTo(s.name);
            if (s.lowest <= s.highest) {
                assertThat(t.lowestSupportedVersion()).as(s.name).isEqualTo(s.lowest);
                assertThat(t.highestSupportedVersion(true)).as(s.name).isEqualTo(s.highest);
            }
            assertThat(t.latestVersionUnstable()).isEqualTo(s.root.path("latestVersionUnstable").asBoolean(false));
        }
    }
}
