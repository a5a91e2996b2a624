package io.skiff.wire.protocol;

/**
 * A request header named an API key this build does not know. The body cannot be parsed, so the
 * broker answers nothing and closes the connection; the correlation id is kept for its log line.
 */
public class UnknownApiKeyException extends DecodeException {
    private static final long serialVersionUID = 1L;
    private final short apiKey;
    private final short apiVersion;
    private final int correlationId;

    public UnknownApiKeyException(short apiKey, short apiVersion, int correlationId) {
        super("unknown api key " + apiKey + " (version " + apiVersion + ", correlation id " + correlationId + ")");
        this.apiKey = apiKey;
        this.apiVersion = apiVersion;
        this.correlationId = correlationId;
    }

    public short apiKey() {
        return apiKey;
    }

    public short apiVersion() {
        return apiVersion;
    }

    public int correlationId() {
        return correlationId;
    }
}
