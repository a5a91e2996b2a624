package io.skiff.wire.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Our generated classes expose the accessors Kafka's generated classes expose: every public
 * {@code setX(...)} of a Kafka message class, top-level and nested, exists on ours with the same name.
 * Code that moves between the two (and people reading Kafka's source) can rely on the names.
 */
class AccessorNamesTest {

    @Test
    void everyKafkaSetterHasOurCounterpart() throws Exception {
        List<String> missing = new ArrayList<>();
        int compared = 0;
        for (Schema s : Schema.all()) {
            if ("none".equals(s.root.path("validVersions").asText())) {
                continue; // a retired API: Kafka generates no class for it
            }
            Class<?> kafka = Class.forName("org.apache.kafka.common.message." + s.className());
            Class<?> ours = Class.forName("io.skiff.wire.message." + s.className());
            compared += compare(kafka, ours, missing);
        }
        assertThat(compared).isGreaterThan(1000);
        assertThat(missing).isEmpty();
    }

    private static int compare(Class<?> kafka, Class<?> ours, List<String> missing) {
        Set<String> ourSetters = setters(ours);
        int compared = 0;
        for (String name : setters(kafka)) {
            compared++;
            if (!ourSetters.contains(name)) {
                missing.add(kafka.getSimpleName() + "." + name);
            }
        }
        for (Class<?> nested : kafka.getDeclaredClasses()) {
            if (!Modifier.isPublic(nested.getModifiers())) {
                continue;
            }
            for (Class<?> ourNested : ours.getDeclaredClasses()) {
                if (ourNested.getSimpleName().equals(nested.getSimpleName())) {
                    compared += compare(nested, ourNested, missing);
                }
            }
        }
        return compared;
    }

    private static Set<String> setters(Class<?> c) {
        Set<String> names = new TreeSet<>();
        for (Method m : c.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && m.getName().startsWith("set") && m.getParameterCount() == 1
                    && m.getReturnType() == c) {
                names.add(m.getName());
            }
        }
        return names;
    }
}
