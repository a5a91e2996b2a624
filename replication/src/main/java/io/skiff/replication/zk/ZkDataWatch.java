package io.skiff.replication.zk;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Watches the data and version of one znode, empty while it does not exist. See {@link ZkWatch} for the delivery
 * guarantees; a snapshot with the same version and bytes as the previous one is not repeated.
 */
final class ZkDataWatch extends ZkWatch<Optional<ZkDataWatch.Versioned>> {

    /** A znode's content at one version. */
    record Versioned(byte[] data, int version) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Versioned v && v.version == version && Arrays.equals(v.data, data);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(data) + version;
        }

        @Override
        public String toString() {
            return "Versioned[" + data.length + " bytes, version " + version + "]";
        }
    }

    ZkDataWatch(CuratorFramework client, String path, Executor executor, Consumer<Optional<Versioned>> listener) {
        super(client, path, executor, listener);
    }

    @Override
    protected Optional<Versioned> read() throws Exception {
        try {
            Stat stat = new Stat();
            byte[] data = client.getData().storingStatIn(stat).usingWatcher(this).forPath(path);
            return Optional.of(new Versioned(data == null ? new byte[0] : data, stat.getVersion()));
        } catch (KeeperException.NoNodeException e) {
            return client.checkExists().usingWatcher(this).forPath(path) == null ? Optional.empty() : null;
        }
    }
}
