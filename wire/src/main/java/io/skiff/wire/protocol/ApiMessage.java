package io.skiff.wire.protocol;

/** A top-level request or response body: a {@link Message} bound to one API key. */
public interface ApiMessage extends Message {
    short apiKey();
}
