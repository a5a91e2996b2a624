package io.skiff.broker.network;

import io.netty.channel.DefaultFileRegion;
import java.nio.channels.FileChannel;

/**
 * A {@link DefaultFileRegion} over a segment's shared {@link FileChannel} that does not close the
 * channel when released: the log owns it. Extending {@code DefaultFileRegion} (rather than
 * implementing {@code FileRegion}) keeps the native epoll transport on its {@code sendfile} path.
 */
final class SharedFileRegion extends DefaultFileRegion {
    SharedFileRegion(FileChannel channel, long position, long count) {
        super(channel, position, count);
    }

    @Override
    protected void deallocate() {
        // The channel belongs to the log segment, which closes it when the segment is deleted.
    }
}
