package io.skiff.replication.controller;

import io.skiff.replication.DaemonExecutors;
import io.skiff.log.Time;
import io.skiff.log.TopicPartition;
import io.skiff.replication.controller.ControllerStateMachine.Command;
import io.skiff.replication.controller.ControllerStateMachine.CreatePartitionState;
import io.skiff.replication.controller.ControllerStateMachine.Event;
import io.skiff.replication.zk.CasResult;
import io.skiff.replication.zk.ControllerElection;
import io.skiff.replication.zk.ControllerFence;
import io.skiff.replication.zk.ZkMetadataStore;
import io.skiff.wire.protocol.Errors;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the controller role of one broker: joins the {@link ControllerElection}, turns ZooKeeper watches (live
 * brokers, topics) into {@link ControllerStateMachine} events, and carries out the commands it returns against the
 * {@link ZkMetadataStore}.
 *
 * <p>Every write is fenced with the {@link ControllerFence} won in the election, so a controller that has been
 * superseded but not yet told cannot overwrite its successor's partition states.
 *
 * <p>Threading: the state machine is only touched on this adapter's single thread; ZooKeeper reads and writes
 * complete on the store's pool and post their results back as events. Commands are idempotent against ZooKeeper
 * (creating a state that exists is a no-op followed by a re-read), so an event seen late never corrupts state.
 */
public final class ZkControllerAdapter implements AutoCloseable, ControllerElection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ZkControllerAdapter.class);

    private final ZkMetadataStore store;
    private final int brokerId;
    private final ControllerStateMachine machine = new ControllerStateMachine();
    private final ExecutorService thread;
    private final ControllerElection election;
    private final ZkLeaderElector elector;
    /** Topic name to the watch on its assignment (partition increases, reassignments). Controller thread only. */
    private final Map<String, AutoCloseable> knownTopics = new HashMap<>();
    private AutoCloseable brokerWatch;
    private AutoCloseable topicWatch;
    private AutoCloseable deletionWatch;
    /** Topics marked for deletion and not yet removed, as last seen (controller thread only). */
    private final Set<String> pendingDeletions = new HashSet<>();
    private volatile boolean active;

    public ZkControllerAdapter(ZkMetadataStore store, int brokerId, Time time) {
        this.store = store;
        this.brokerId = brokerId;
        this.thread = DaemonExecutors.singleThread("skiff-controller-" + brokerId);
        this.election = new ControllerElection(store, brokerId, time, this);
        this.elector = new ZkLeaderElector(store);
    }

    /** Starts watching and joins the election. */
    public void start() {
        brokerWatch = store.watchBrokerIds(ids -> feed(new ControllerStateMachine.BrokersChanged(ids)));
        topicWatch = store.watchTopics(topics -> post(() -> onTopics(topics)));
        deletionWatch = store.watchTopicsMarkedForDeletion(marked -> post(() -> onDeletionsMarked(marked)));
        election.start();
    }

    /** Whether this broker is the active controller, as last seen by the controller thread. */
    public boolean isActive() {
        return active;
    }

    public ControllerElection election() {
        return election;
    }

    /**
     * An administrator's leader election (ElectLeaders) of {@code partitions}, or of every partition when null; see
     * {@link LeaderElection} for the rules. Fails with NOT_CONTROLLER unless this broker is the active controller.
     */
    public CompletableFuture<Map<TopicPartition, LeaderElection.Outcome>> electLeaders(
            LeaderElection.Type type, Collection<TopicPartition> partitions) {
        Optional<ControllerFence> fence = election.fence();
        if (!active || fence.isEmpty()) {
            return CompletableFuture.failedFuture(
                    Errors.NOT_CONTROLLER.exception("Broker " + brokerId + " is not the active controller"));
        }
        return elector.elect(type, partitions, fence.get());
    }

    @Override
    public void onBecomingController(int controllerEpoch) {
        feed(new ControllerStateMachine.BecameController(controllerEpoch));
        // A previous controller may have died mid-way: look at every topic afresh, finish its deletions.
        post(() -> {
            knownTopics.keySet().forEach(this::reloadTopic);
            Set.copyOf(pendingDeletions).forEach(this::removeTopic);
        });
    }

    /**
     * Topic deletion. Kafka's controller first stops the replicas and waits for the brokers to delete their
     * logs; here each broker drops a partition's log when its topic leaves the cluster view, so removing the
     * topic's znodes is what triggers the log deletion, and the controller can do it at once.
     */
    private void onDeletionsMarked(List<String> marked) {
        pendingDeletions.retainAll(marked);
        for (String topic : marked) {
            if (pendingDeletions.add(topic) && machine.isActive()) {
                removeTopic(topic);
            }
        }
    }

    private void removeTopic(String topic) {
        if (!machine.isActive()) {
            return;
        }
        store.removeTopic(topic).whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.warn("Controller on broker {} could not delete topic {}", brokerId, topic, error);
            }
        });
    }

    @Override
    public void onResigning() {
        feed(new ControllerStateMachine.Resigned());
    }

    private void onTopics(List<String> topics) {
        for (String gone : Set.copyOf(knownTopics.keySet())) {
            if (!topics.contains(gone)) {
                closeQuietly(knownTopics.remove(gone));
                apply(new ControllerStateMachine.TopicRemoved(gone));
            }
        }
        for (String topic : topics) {
            if (!knownTopics.containsKey(topic)) {
                // Every change of the assignment (including its creation) re-reads the topic with its states.
                knownTopics.put(topic, store.watchTopic(topic, assignment -> {
                    if (assignment.isPresent()) {
                        post(() -> reloadTopic(topic));
                    }
                }));
            }
        }
    }

    private void reloadTopic(String topic) {
        store.getTopic(topic)
                .thenCombine(store.getPartitionStates(topic), (assignment, states) -> assignment.map(
                        a -> new ControllerStateMachine.TopicUpdated(a, states.keySet())))
                .whenComplete((event, error) -> {
                    if (error != null) {
                        LOG.warn("Controller on broker {} could not read topic {}", brokerId, topic, error);
                    } else {
                        event.ifPresent(this::feed);
                    }
                });
    }

    private void feed(Event event) {
        post(() -> apply(event));
    }

    /** Runs on the controller thread; dropped once closing, when nothing may act as controller any more. */
    private void post(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException closing) {
            LOG.debug("Controller on broker {} is closed; dropping a task", brokerId);
        }
    }

    private void apply(Event event) {
        List<Command> commands = machine.handle(event);
        active = machine.isActive();
        for (Command command : commands) {
            execute((CreatePartitionState) command);
        }
    }

    private void execute(CreatePartitionState command) {
        Optional<ControllerFence> fence = election.fence();
        if (fence.isEmpty() || fence.get().controllerEpoch() != command.state().controllerEpoch()) {
            LOG.debug("Controller on broker {} no longer holds epoch {}; dropping {}", brokerId,
                    command.state().controllerEpoch(), command);
            return;
        }
        store.createPartitionState(command.topic(), command.partition(), command.state(), fence.get())
                .whenComplete((result, error) -> {
                    if (error != null) {
                        LOG.warn("Controller on broker {} could not create state of {}-{}",
                                brokerId, command.topic(), command.partition(), error);
                        feed(new ControllerStateMachine.StateCreateFailed(command.topic(), command.partition()));
                    } else if (result.outcome() == CasResult.Outcome.UPDATED) {
                        LOG.info("Controller epoch {} set {}-{} leader {} isr {}", command.state().controllerEpoch(),
                                command.topic(), command.partition(), command.state().leader(), command.state().isr());
                    } else if (result.outcome() == CasResult.Outcome.CONTROLLER_MOVED) {
                        LOG.info("Controller on broker {} was superseded; not writing {}-{}", brokerId,
                                command.topic(), command.partition());
                    } else {
                        post(() -> reloadTopic(command.topic()));
                    }
                });
    }

    /** Leaves the election, stops watching and stops the controller thread. Blocks briefly. */
    @Override
    public void close() {
        election.close();
        closeQuietly(brokerWatch);
        closeQuietly(topicWatch);
        closeQuietly(deletionWatch);
        post(() -> knownTopics.values().forEach(ZkControllerAdapter::closeQuietly));
        DaemonExecutors.shutdown(thread);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("Ignoring failure closing watch", e);
        }
    }
}
