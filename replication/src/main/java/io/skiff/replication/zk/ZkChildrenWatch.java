package io.skiff.replication.zk;

import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/**
 * Watches the sorted child names of one znode; a znode that does not exist yet reads as no children and is watched
 * for creation. See {@link ZkWatch} for the delivery guarantees.
 */
final class ZkChildrenWatch extends ZkWatch<List<String>> {

    ZkChildrenWatch(CuratorFramework client, String path, Executor executor, Consumer<List<String>> listener) {
        super(client, path, executor, listener);
    }

    @Override
    protected List<String> read() throws Exception {
        try {
            return List.copyOf(new TreeSet<>(client.getChildren().usingWatcher(this).forPath(path)));
        } catch (KeeperException.NoNodeException e) {
            return client.checkExists().usingWatcher(this).forPath(path) == null ? List.of() : null;
        }
    }
}
