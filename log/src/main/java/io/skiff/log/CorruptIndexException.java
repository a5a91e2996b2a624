package io.skiff.log;

/** An index file contradicts itself or its segment; recovery deletes and rebuilds it. */
public class CorruptIndexException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorruptIndexException(String message) {
        super(message);
    }
}
