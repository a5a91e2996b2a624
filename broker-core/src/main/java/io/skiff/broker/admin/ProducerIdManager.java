package io.skiff.broker.admin;

import io.skiff.replication.zk.ProducerIdBlock;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Hands out producer ids one at a time from blocks this broker claims in ZooKeeper
 * ({@code /latest_producer_id_block}), so ids are unique across the cluster and a ZooKeeper write is needed
 * only once per {@link ProducerIdBlock#DEFAULT_SIZE} producers.
 *
 * <p>Invariants: every id returned is inside a block claimed by this manager and is returned once; ids of
 * one block go out in ascending order. When the block runs out, one claim is in flight at a time and callers
 * arriving meanwhile queue behind it, served in arrival order. A failed claim fails the callers waiting on
 * it; the next call tries again. Ids left in the block at shutdown are lost (as in Kafka): uniqueness
 * matters, density does not.
 *
 * <p>Thread-safe: state is guarded by this object's monitor; stages complete outside it.
 */
public final class ProducerIdManager {
    private final Supplier<CompletionStage<ProducerIdBlock>> blocks;
    private ProducerIdBlock block;
    private long nextId;
    private boolean claiming;
    private final Queue<CompletableFuture<Long>> waiting = new ArrayDeque<>();

    /** @param blocks claims the next block each time it is called (e.g. {@code () -> store.allocateProducerIdBlock(id)}) */
    public ProducerIdManager(Supplier<CompletionStage<ProducerIdBlock>> blocks) {
        this.blocks = blocks;
    }

    /** The next unused producer id. Fails with the claim's error if a new block could not be claimed. */
    public CompletionStage<Long> generateProducerId() {
        CompletableFuture<Long> result = new CompletableFuture<>();
        boolean startClaim = false;
        Long id = null;
        synchronized (this) {
            if (waiting.isEmpty() && block != null && nextId <= block.lastProducerId()) {
                id = nextId++;
            } else {
                waiting.add(result);
                if (!claiming) {
                    claiming = true;
                    startClaim = true;
                }
            }
        }
        if (id != null) {
            result.complete(id);
        } else if (startClaim) {
            claim();
        }
        return result;
    }

    private void claim() {
        CompletionStage<ProducerIdBlock> stage;
        try {
            stage = blocks.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete(this::onClaimed);
    }

    private void onClaimed(ProducerIdBlock claimed, Throwable error) {
        Queue<CompletableFuture<Long>> failed = new ArrayDeque<>();
        Queue<CompletableFuture<Long>> served = new ArrayDeque<>();
        Queue<Long> ids = new ArrayDeque<>();
        boolean claimAgain = false;
        synchronized (this) {
            if (error != null) {
                failed.addAll(waiting);
                waiting.clear();
                claiming = false;
            } else {
                block = claimed;
                nextId = claimed.firstProducerId();
                while (!waiting.isEmpty() && nextId <= block.lastProducerId()) {
                    served.add(waiting.poll());
                    ids.add(nextId++);
                }
                claimAgain = !waiting.isEmpty();
                claiming = claimAgain;
            }
        }
        while (!served.isEmpty()) {
            served.poll().complete(ids.poll());
        }
        for (CompletableFuture<Long> f : failed) {
            f.completeExceptionally(error);
        }
        if (claimAgain) {
            claim();
        }
    }
}
