package io.skiff.wire.protocol;

/**
 * UTF-8 lengths without encoding, so {@code size()} allocates nothing. Must agree byte for byte
 * with {@code String.getBytes(UTF_8)}, which replaces a lone surrogate by a one-byte '?'.
 * Stateless and thread-safe.
 */
public final class Utf8 {
    private Utf8() {
    }

    public static int length(String s) {
        int n = s.length();
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
