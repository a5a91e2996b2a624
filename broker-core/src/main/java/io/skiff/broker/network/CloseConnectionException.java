package io.skiff.broker.network;

/**
 * Completes a handler's stage when the request must be answered by closing the connection, as
 * Kafka does for a failed {@code acks=0} produce: the client gets no response to read an error
 * from, so the closed socket is what makes it refresh its metadata. Responses to earlier requests
 * on the connection are still written first (request order holds); later ones are dropped.
 */
public final class CloseConnectionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CloseConnectionException(String reason) {
        super(reason, null, false, false);
    }
}
