package io.skiff.replication.zk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh embedded ZooKeeper in a temporary directory for each test, plus everything the test opened on it, closed
 * in reverse order afterwards. Register with {@code @RegisterExtension final ZkFixture zk = new ZkFixture();}.
 */
public final class ZkFixture implements BeforeEachCallback, AfterEachCallback {
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Path dataDir;
    private EmbeddedZooKeeper server;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("skiff-zk-");
        server = EmbeddedZooKeeper.start(dataDir, 0);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
        server.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new IOException("could not clean " + dataDir, e);
        }
    }

    public EmbeddedZooKeeper server() {
        return server;
    }

    /** Closed after the test, before the server. */
    public <T extends AutoCloseable> T closeAfterTest(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    /** A connected store with Kafka's persistent paths created, closed after the test. */
    public ZkMetadataStore store() throws Exception {
        ZkMetadataStore store = closeAfterTest(ZkTestSupport.connect(server));
        ZkTestSupport.await(store.ensurePersistentPaths());
        return store;
    }
}
