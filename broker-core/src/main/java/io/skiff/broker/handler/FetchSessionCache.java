package io.skiff.broker.handler;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.skiff.log.TopicPartition;
import io.skiff.wire.protocol.Uuid;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Incremental fetch sessions (KIP-227): the broker remembers, per session, the partitions a client
 * fetches and what it last told the client about each, so that later requests list only partitions
 * whose fetch position changed and responses only partitions with news.
 *
 * <p>Session epochs: a request with epoch 0 starts a new session (full request and response); epoch
 * -1 ends the session (sessionless full fetch); epoch n &gt; 0 must equal the session's expected epoch,
 * which then advances. Bounded by {@code max.incremental.fetch.session.cache.slots} in a Caffeine
 * cache: an evicted session's next request gets FETCH_SESSION_ID_NOT_FOUND and the client starts
 * over with a full fetch, so eviction costs bandwidth, never correctness. With 0 slots no session
 * is ever created.
 *
 * <p>Thread-safety: the cache is thread-safe; a {@link Session} is mutated only under its own
 * monitor (a client has at most one fetch in flight per session).
 */
public final class FetchSessionCache {
    /** The session id meaning "no session". */
    public static final int INVALID_SESSION_ID = 0;

    private final Cache<Integer, Session> sessions;
    private final int slots;
    private final Random random;

    /**
     * @param slots {@code max.incremental.fetch.session.cache.slots}
     * @param random source of session ids (seeded in tests)
     */
    public FetchSessionCache(int slots, Random random) {
        if (slots < 0) {
            throw new IllegalArgumentException("max.incremental.fetch.session.cache.slots must not be negative: " + slots);
        }
        this.slots = slots;
        this.random = random;
        this.sessions = Caffeine.newBuilder().maximumSize(slots).build();
    }

    /** Creates a session holding {@code partitions}, or returns empty when sessions are disabled. */
    public Optional<Session> create(Map<TopicPartition, CachedPartition> partitions) {
        if (slots == 0) {
            return Optional.empty();
        }
        int id;
        synchronized (random) {
            do {
                id = random.nextInt();
            } while (id == INVALID_SESSION_ID || sessions.getIfPresent(id) != null);
        }
        Session s = new Session(id, partitions);
        sessions.put(id, s);
        return Optional.of(s);
    }

    public Optional<Session> get(int sessionId) {
        return Optional.ofNullable(sessions.getIfPresent(sessionId));
    }

    public void remove(int sessionId) {
        sessions.invalidate(sessionId);
    }

    /** Sessions held now (tests, metrics). */
    public long size() {
        sessions.cleanUp();
        return sessions.estimatedSize();
    }

    /**
     * What a session remembers of one partition: the client's last fetch position and limits, and
     * the high watermark and log start offset last sent (-1 before the first response).
     */
    public static final class CachedPartition {
        final Uuid topicId;
        long fetchOffset;
        int maxBytes;
        int currentLeaderEpoch;
        int lastFetchedEpoch;
        long lastHighWatermark = -1;
        long lastLogStartOffset = -1;

        public CachedPartition(Uuid topicId, long fetchOffset, int maxBytes, int currentLeaderEpoch,
                               int lastFetchedEpoch) {
            this.topicId = topicId;
            this.lastFetchedEpoch = lastFetchedEpoch;
            this.fetchOffset = fetchOffset;
            this.maxBytes = maxBytes;
            this.currentLeaderEpoch = currentLeaderEpoch;
        }
    }

    /** One client's session; guarded by its own monitor. */
    public static final class Session {
        private final int id;
        private int nextEpoch = 1;
        final LinkedHashMap<TopicPartition, CachedPartition> partitions;

        Session(int id, Map<TopicPartition, CachedPartition> partitions) {
            this.id = id;
            this.partitions = new LinkedHashMap<>(partitions);
        }

        public int id() {
            return id;
        }

        synchronized int nextEpoch() {
            return nextEpoch;
        }

        synchronized void advanceEpoch() {
            nextEpoch = nextEpoch == Integer.MAX_VALUE ? 1 : nextEpoch + 1;
        }
    }
}
