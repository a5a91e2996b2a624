package io.skiff.replication.partition;

/**
 * The request-level settings of one fetch.
 *
 * @param replicaId -1 for a consumer, a broker id for a follower
 * @param maxWaitMs how long to wait for {@code minBytes}
 * @param minBytes bytes to accumulate before answering (0 or less answers at once)
 * @param maxBytes soft cap on the whole response (the first batch is always returned whole)
 * @param readCommitted isolation level read_committed (reads up to the last stable offset)
 */
public record FetchParams(int replicaId, long maxWaitMs, int minBytes, int maxBytes, boolean readCommitted) {
    public boolean isFromFollower() {
        return replicaId >= 0;
    }
}
