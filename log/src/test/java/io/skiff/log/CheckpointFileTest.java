package io.skiff.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.log.CheckpointFile.EpochEntry;
import io.skiff.log.CheckpointFile.OffsetEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {
    @TempDir
    Path dir;

    @Test
    void offsetCheckpointUsesKafkasTextFormat() throws IOException {
        Path f = dir.resolve("recovery-point-offset-checkpoint");
        CheckpointFile<OffsetEntry> cp = CheckpointFile.offsets(f);
        cp.write(List.of(new OffsetEntry(new TopicPartition("my-topic", 0), 42),
                new OffsetEntry(new TopicPartition("other", 11), 7)));
        assertThat(Files.readString(f)).isEqualTo("0\n2\nmy-topic 0 42\nother 11 7\n");
        assertThat(cp.read()).containsExactly(new OffsetEntry(new TopicPartition("my-topic", 0), 42),
                new OffsetEntry(new TopicPartition("other", 11), 7));
        assertThat(Files.exists(dir.resolve("recovery-point-offset-checkpoint.tmp"))).isFalse();
    }

    @Test
    void leaderEpochCheckpointUsesKafkasTextFormat() throws IOException {
        Path f = dir.resolve("leader-epoch-checkpoint");
        CheckpointFile<EpochEntry> cp = CheckpointFile.leaderEpochs(f);
        cp.write(List.of(new EpochEntry(0, 0), new EpochEntry(3, 120)));
        assertThat(Files.readString(f)).isEqualTo("0\n2\n0 0\n3 120\n");
        assertThat(cp.read()).containsExactly(new EpochEntry(0, 0), new EpochEntry(3, 120));
    }

    @Test
    void malformedCheckpointIsRejected() throws IOException {
        Path f = dir.resolve("bad");
        Files.writeString(f, "1\n0\n");
        assertThatThrownBy(() -> CheckpointFile.offsets(f).read()).isInstanceOf(IOException.class)
                .hasMessageContaining("version");
        Files.writeString(f, "0\n2\nt 0 1\n");
        assertThatThrownBy(() -> CheckpointFile.offsets(f).read()).isInstanceOf(IOException.class);
        Files.writeString(f, "0\n1\nt x 1\n");
        assertThatThrownBy(() -> CheckpointFile.offsets(f).read()).isInstanceOf(IOException.class);
    }

    @Test
    void leaderEpochCacheAnswersEndOffsetsAndTruncates() throws IOException {
        LeaderEpochCache cache = new LeaderEpochCache(dir);
        cache.assign(1, 0);
        cache.assign(1, 5);
        cache.assign(3, 10);
        cache.assign(2, 12);
        cache.assign(5, 20);
        assertThat(cache.endOffsetFor(0, 30)).isEqualTo(new EpochEntry(-1, -1));
        assertThat(cache.endOffsetFor(1, 30)).isEqualTo(new EpochEntry(1, 10));
        assertThat(cache.endOffsetFor(4, 30)).isEqualTo(new EpochEntry(3, 20));
        assertThat(cache.endOffsetFor(5, 30)).isEqualTo(new EpochEntry(5, 30));
        cache.truncateFromEnd(20);
        cache.truncateFromStart(4);
        assertThat(new LeaderEpochCache(dir).entries()).containsExactly(new EpochEntry(1, 4), new EpochEntry(3, 10));
    }
}
