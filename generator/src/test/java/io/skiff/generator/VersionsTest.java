package io.skiff.generator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionsTest {
    @Test
    void parsesEverySchemaNotation() {
        assertThat(Versions.parse("3", null)).isEqualTo(new Versions((short) 3, (short) 3));
        assertThat(Versions.parse("1-4", null)).isEqualTo(new Versions((short) 1, (short) 4));
        assertThat(Versions.parse("2+", null)).isEqualTo(new Versions((short) 2, Short.MAX_VALUE));
        assertThat(Versions.parse("none", null).empty()).isTrue();
        assertThat(Versions.parse(null, Versions.ALL)).isEqualTo(Versions.ALL);
    }

    @Test
    void conditionIsSimplifiedAgainstItsContext() {
        Versions context = Versions.parse("0-12", null);
        assertThat(Versions.parse("0+", null).condition("v", context)).isEqualTo("true");
        assertThat(Versions.parse("13+", null).condition("v", context)).isEqualTo("false");
        assertThat(Versions.parse("9+", null).condition("v", context)).isEqualTo("(v >= 9)");
        assertThat(Versions.parse("3-5", null).condition("v", context)).isEqualTo("(v >= 3 && v <= 5)");
        assertThat(Versions.parse("0-5", null).condition("v", context)).isEqualTo("(v <= 5)");
        assertThat(Versions.NONE.condition("v", context)).isEqualTo("false");
    }

    @Test
    void intersectionOfDisjointRangesIsEmpty() {
        assertThat(Versions.parse("0-2", null).intersect(Versions.parse("3+", null)).empty()).isTrue();
        assertThat(Versions.parse("0-5", null).intersect(Versions.parse("3+", null))).isEqualTo(new Versions((short) 3, (short) 5));
    }
}
