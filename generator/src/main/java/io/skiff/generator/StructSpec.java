package io.skiff.generator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A struct to generate as a Java class: the message itself, an inline struct, or a common struct.
 * {@code versions} is the range in which the struct can appear; generated version conditions are
 * simplified against it. Immutable after parsing.
 */
record StructSpec(String name, Versions versions, List<FieldSpec> fields) {
    List<FieldSpec> taggedFieldsByTag() {
        List<FieldSpec> tagged = new ArrayList<>();
        for (FieldSpec f : fields) {
            if (f.isTagged()) {
                tagged.add(f);
            }
        }
        tagged.sort(Comparator.comparingInt(f -> f.tag));
        return tagged;
    }
}
