package io.skiff.wire.compress;

import io.skiff.wire.protocol.DecodeException;

/** Turns whatever a codec library throws on bad input into the module's decode failure. */
final class Failures {
    private Failures() {}

    static DecodeException decode(String codec, Throwable cause) {
        if (cause instanceof DecodeException d) {
            return d;
        }
        return new DecodeException("invalid " + codec + " data: " + cause, cause);
    }

    static DecodeException decode(String codec, String problem) {
        return new DecodeException("invalid " + codec + " data: " + problem);
    }
}
