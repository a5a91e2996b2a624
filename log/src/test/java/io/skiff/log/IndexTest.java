package io.skiff.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexTest {
    @TempDir
    Path dir;

    @Test
    void offsetIndexIsPreallocatedAndTrimmedToEntries() throws IOException {
        Path f = dir.resolve("00000000000000000100.index");
        OffsetIndex idx = new OffsetIndex(f, 100, 1000);
        assertThat(Files.size(f)).isEqualTo(1000 - 1000 % 8);
        idx.append(105, 0);
        idx.append(110, 4096);
        idx.close();
        assertThat(Files.size(f)).isEqualTo(16);
        byte[] raw = Files.readAllBytes(f);
        ByteBuffer b = ByteBuffer.wrap(raw);
        assertThat(b.getInt(0)).isEqualTo(5);
        assertThat(b.getInt(4)).isZero();
        assertThat(b.getInt(8)).isEqualTo(10);
        assertThat(b.getInt(12)).isEqualTo(4096);
    }

    @Test
    void offsetLookupFindsLargestEntryAtOrBelowTarget() {
        OffsetIndex idx = new OffsetIndex(dir.resolve("a.index"), 50, 800);
        for (int i = 1; i <= 20; i++) {
            idx.append(50 + i * 10L, i * 100);
        }
        assertThat(idx.lookup(49)).isEqualTo(new OffsetIndex.Entry(50, 0));
        assertThat(idx.lookup(59)).isEqualTo(new OffsetIndex.Entry(50, 0));
        assertThat(idx.lookup(60)).isEqualTo(new OffsetIndex.Entry(60, 100));
        assertThat(idx.lookup(125)).isEqualTo(new OffsetIndex.Entry(120, 700));
        assertThat(idx.lookup(10_000)).isEqualTo(new OffsetIndex.Entry(250, 2000));
        idx.truncateTo(120);
        assertThat(idx.entries()).isEqualTo(6);
        assertThat(idx.lastEntry()).isEqualTo(new OffsetIndex.Entry(110, 600));
    }

    @Test
    void offsetIndexRejectsOutOfOrderAndFullAppends() {
        OffsetIndex idx = new OffsetIndex(dir.resolve("b.index"), 0, 16);
        idx.append(3, 10);
        assertThatThrownBy(() -> idx.append(3, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> idx.append(1L + Integer.MAX_VALUE, 30)).isInstanceOf(IllegalArgumentException.class);
        idx.append(4, 20);
        assertThat(idx.isFull()).isTrue();
        assertThatThrownBy(() -> idx.append(5, 30)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void reopenedIndexKeepsItsEntriesAndSanityCheckCatchesGarbage() throws IOException {
        Path f = dir.resolve("c.index");
        OffsetIndex idx = new OffsetIndex(f, 0, 80);
        idx.append(1, 10);
        idx.append(2, 20);
        idx.close();
        OffsetIndex again = new OffsetIndex(f, 0, 80);
        assertThat(again.entries()).isEqualTo(2);
        again.sanityCheck(100);
        assertThatThrownBy(() -> again.sanityCheck(15)).isInstanceOf(CorruptIndexException.class);
        again.resize(80);
        again.close();
        Files.write(f, new byte[24]);
        OffsetIndex zeros = new OffsetIndex(f, 0, 80);
        assertThatThrownBy(() -> zeros.sanityCheck(1000)).isInstanceOf(CorruptIndexException.class);
    }

    @Test
    void timeIndexKeepsOnlyIncreasingTimestampsAndLooksUpBetweenEntries() throws IOException {
        Path f = dir.resolve("00000000000000000000.timeindex");
        TimeIndex idx = new TimeIndex(f, 0, 12 * 10);
        idx.maybeAppend(1000, 3, false);
        idx.maybeAppend(900, 5, false);
        idx.maybeAppend(1000, 6, false);
        idx.maybeAppend(2000, 9, false);
        assertThat(idx.entries()).isEqualTo(2);
        assertThat(idx.lookup(999)).isEqualTo(new TimeIndex.Entry(TimeIndex.NO_TIMESTAMP, 0));
        assertThat(idx.lookup(1500)).isEqualTo(new TimeIndex.Entry(1000, 3));
        assertThat(idx.lookup(2000)).isEqualTo(new TimeIndex.Entry(2000, 9));
        assertThatThrownBy(() -> idx.maybeAppend(3000, 8, false)).isInstanceOf(IllegalArgumentException.class);
        idx.truncateTo(9);
        assertThat(idx.entries()).isEqualTo(1);
        idx.close();
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f));
        assertThat(b.capacity()).isEqualTo(12);
        assertThat(b.getLong(0)).isEqualTo(1000);
        assertThat(b.getInt(8)).isEqualTo(3);
    }

    @Test
    void timeIndexKeepsLastSlotForTheRollEntry() {
        TimeIndex idx = new TimeIndex(dir.resolve("d.timeindex"), 0, 36);
        idx.maybeAppend(1, 1, false);
        idx.maybeAppend(2, 2, false);
        assertThat(idx.isFull()).isTrue();
        assertThatThrownBy(() -> idx.maybeAppend(3, 3, false)).isInstanceOf(IllegalStateException.class);
        idx.maybeAppend(3, 3, true);
        assertThat(idx.entries()).isEqualTo(3);
    }

    @Test
    void sealedIndexIsMappedOnlyWhileUsedAndRemapsAfterBeingUnmapped() {
        Path f = dir.resolve("e.index");
        OffsetIndex writable = new OffsetIndex(f, 0, 800);
        for (int i = 1; i <= 10; i++) {
            writable.append(i * 10L, i * 100);
        }
        assertThat(writable.unmapIfSealed()).as("the active segment's index is never unmapped").isFalse();
        writable.close();

        OffsetIndex sealed = new OffsetIndex(f, 0, 0);
        assertThat(sealed.isMapped()).isFalse();
        assertThat(sealed.entries()).isEqualTo(10);
        assertThat(sealed.lookup(55)).isEqualTo(new OffsetIndex.Entry(50, 500));
        assertThat(sealed.isMapped()).isTrue();
        assertThat(sealed.unmapIfSealed()).isTrue();
        assertThat(sealed.isMapped()).isFalse();
        assertThat(sealed.lookup(100)).isEqualTo(new OffsetIndex.Entry(100, 1000));
        assertThat(sealed.isMapped()).isTrue();
        sealed.close();
        assertThat(sealed.isMapped()).isFalse();
    }
}
