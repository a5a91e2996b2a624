package io.skiff.broker.handler;

import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.log.LogManager;
import io.skiff.log.PartitionLog;
import io.skiff.log.TopicPartition;
import io.skiff.replication.partition.Partition;
import io.skiff.replication.partition.ReplicaManager;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.DescribeLogDirsRequestData;
import io.skiff.wire.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import io.skiff.wire.message.DescribeLogDirsResponseData;
import io.skiff.wire.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import io.skiff.wire.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import io.skiff.wire.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import io.skiff.wire.protocol.ApiMessage;
import io.skiff.wire.protocol.Errors;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DescribeLogDirs (api key 35), v1-v5: every configured log dir, in configuration order, with the partitions whose
 * logs it holds (all, or those the request names), each with its size (the bytes of its segment files) and offset
 * lag (the high watermark minus the log end, never below 0: 0 for a leader; -1 for a log no replica owns), and from
 * v4 the total and usable bytes of the dir's volume. A dir that cannot be read is answered KAFKA_STORAGE_ERROR with no
 * partitions, as Kafka answers an offline dir; named partitions this broker does not host are left out. No log is
 * ever a "future" log (AlterReplicaLogDirs is not supported) and no dir is cordoned.
 *
 * <p>Asking the file system for volume sizes is a system call that may block, so the answer is built on the I/O pool.
 * Thread-safe.
 */
public final class DescribeLogDirsHandler implements ApiHandler<DescribeLogDirsRequestData> {
    private static final Logger LOG = LoggerFactory.getLogger(DescribeLogDirsHandler.class);
    /** Kafka's offset lag of a log without a partition (DescribeLogDirsResponse.INVALID_OFFSET_LAG). */
    static final long INVALID_OFFSET_LAG = -1L;

    private final List<Path> logDirs;
    private final LogManager logManager;
    private final ReplicaManager replicaManager;
    private final Executor ioExecutor;

    /**
     * @param logDirs the configured {@code log.dirs}
     * @param ioExecutor where the answer is built (the broker's I/O pool; tests pass {@code Runnable::run})
     */
    public DescribeLogDirsHandler(List<Path> logDirs, LogManager logManager, ReplicaManager replicaManager,
                                  Executor ioExecutor) {
        this.logDirs = logDirs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.logManager = logManager;
        this.replicaManager = replicaManager;
        this.ioExecutor = ioExecutor;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.DESCRIBE_LOG_DIRS;
    }

    @Override
    public CompletionStage<DescribeLogDirsResponseData> handle(RequestContext context,
                                                               DescribeLogDirsRequestData request) {
        Predicate<TopicPartition> wanted = wanted(request);
        return CompletableFuture.supplyAsync(() -> {
            DescribeLogDirsResponseData response = new DescribeLogDirsResponseData().setErrorCode(Errors.NONE.code());
            for (Path dir : logDirs) {
                response.results().add(describe(dir, wanted));
            }
            return response;
        }, ioExecutor);
    }

    private static Predicate<TopicPartition> wanted(DescribeLogDirsRequestData request) {
        if (request.topics() == null) {
            return tp -> true;
        }
        Set<TopicPartition> named = new HashSet<>();
        for (DescribableLogDirTopic t : request.topics()) {
            t.partitions().forEach(p -> named.add(new TopicPartition(t.topic(), p)));
        }
        return named::contains;
    }

    private DescribeLogDirsResult describe(Path dir, Predicate<TopicPartition> wanted) {
        DescribeLogDirsResult result = new DescribeLogDirsResult().setLogDir(dir.toString());
        long total;
        long usable;
        try {
            FileStore store = Files.getFileStore(dir);
            total = bounded(store.getTotalSpace());
            usable = bounded(store.getUsableSpace());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Unable to describe log dir {}", dir, e);
            return result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
        }
        Map<String, DescribeLogDirsTopic> topics = new TreeMap<>();
        logManager.allLogs().stream()
                .filter(log -> dir.equals(log.dir().getParent()) && wanted.test(log.topicPartition()))
                .sorted(Comparator.comparingInt(log -> log.topicPartition().partition()))
                .forEach(log -> topics.computeIfAbsent(log.topicPartition().topic(),
                                name -> new DescribeLogDirsTopic().setName(name))
                        .partitions().add(partition(log)));
        result.topics().addAll(topics.values());
        return result.setErrorCode(Errors.NONE.code()).setTotalBytes(total).setUsableBytes(usable);
    }

    private DescribeLogDirsPartition partition(PartitionLog log) {
        TopicPartition tp = log.topicPartition();
        Optional<Partition> hosted = replicaManager.partition(tp);
        long lag = hosted.map(p -> Math.max(p.highWatermark() - log.logEndOffset(), 0)).orElse(INVALID_OFFSET_LAG);
        return new DescribeLogDirsPartition()
                .setPartitionIndex(tp.partition())
                .setPartitionSize(log.size())
                .setOffsetLag(lag)
                .setIsFutureKey(false);
    }

    /** Kafka's answer for a volume too large for a long (the JDK reports it as negative). */
    private static long bounded(long bytes) {
        return bytes < 0 ? Long.MAX_VALUE : bytes;
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, DescribeLogDirsRequestData request, Errors error) {
        return new DescribeLogDirsResponseData().setErrorCode(error.code());
    }
}
