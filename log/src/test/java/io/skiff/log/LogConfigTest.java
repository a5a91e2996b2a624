package io.skiff.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogConfigTest {
    @Test
    void defaultsAreKafkas() {
        LogConfig c = LogConfig.defaults();
        assertThat(c.segmentBytes()).isEqualTo(1 << 30);
        assertThat(c.segmentMs()).isEqualTo(604_800_000L);
        assertThat(c.segmentIndexBytes()).isEqualTo(10 * 1024 * 1024);
        assertThat(c.indexIntervalBytes()).isEqualTo(4096);
        assertThat(c.retentionMs()).isEqualTo(604_800_000L);
        assertThat(c.retentionBytes()).isEqualTo(-1);
        assertThat(c.delete()).isTrue();
        assertThat(c.compact()).isFalse();
        assertThat(c.minCleanableDirtyRatio()).isEqualTo(0.5);
        assertThat(c.flushMessages()).isEqualTo(Long.MAX_VALUE);
        assertThat(c.flushMs()).isEqualTo(Long.MAX_VALUE);
        assertThat(c.logAppendTime()).isFalse();
        assertThat(c.maxMessageBytes()).isEqualTo(1_048_588);
    }

    @Test
    void parsesKafkaNamedStringsAndRoundTrips() {
        LogConfig c = LogConfig.from(Map.of("cleanup.policy", "compact,delete", "segment.bytes", "1024",
                "message.timestamp.type", "LogAppendTime", "min.cleanable.dirty.ratio", "0.25"));
        assertThat(c.compact()).isTrue();
        assertThat(c.delete()).isTrue();
        assertThat(c.segmentBytes()).isEqualTo(1024);
        assertThat(c.logAppendTime()).isTrue();
        assertThat(LogConfig.from(c.asMap())).isEqualTo(c);
        assertThat(c.with(Map.of("segment.bytes", 2048)).segmentBytes()).isEqualTo(2048);
    }

    @Test
    void invalidValuesNameTheKey() {
        assertThatThrownBy(() -> LogConfig.from(Map.of("segment.bytes", "abc")))
                .isInstanceOf(LogConfig.InvalidConfigException.class).hasMessageContaining("segment.bytes");
        assertThatThrownBy(() -> LogConfig.from(Map.of("segment.bytes", 3)))
                .hasMessageContaining("segment.bytes");
        assertThatThrownBy(() -> LogConfig.from(Map.of("cleanup.policy", "keep")))
                .hasMessageContaining("cleanup.policy");
        assertThatThrownBy(() -> LogConfig.from(Map.of("message.timestamp.type", "Now")))
                .hasMessageContaining("message.timestamp.type");
        assertThatThrownBy(() -> LogConfig.from(Map.of("min.cleanable.dirty.ratio", 2)))
                .hasMessageContaining("min.cleanable.dirty.ratio");
    }

    @Test
    void everyDefinitionHasDocAndDefault() {
        assertThat(LogConfigs.ALL).allSatisfy(d -> {
            assertThat(d.doc()).isNotBlank();
            assertThat(d.defaultValue()).isNotNull();
        });
        assertThat(LogConfigs.ALL).extracting(LogConfigs.Def::name).doesNotHaveDuplicates();
    }

    @Test
    void aMinCompactionLagAboveTheMaxIsKafkasConflict() {
        assertThatThrownBy(() -> LogConfig.from(Map.of(LogConfigs.MIN_COMPACTION_LAG_MS, 10,
                LogConfigs.MAX_COMPACTION_LAG_MS, 5)))
                .isInstanceOf(LogConfig.InvalidConfigException.class)
                .hasMessage("conflict topic config setting min.compaction.lag.ms (10) > max.compaction.lag.ms (5)");
        assertThat(LogConfig.from(Map.of(LogConfigs.MIN_COMPACTION_LAG_MS, 5, LogConfigs.MAX_COMPACTION_LAG_MS, 5))
                .minCompactionLagMs()).isEqualTo(5);
        assertThat(LogConfig.defaults().maxCompactionLagMs()).isEqualTo(Long.MAX_VALUE);
    }
}
