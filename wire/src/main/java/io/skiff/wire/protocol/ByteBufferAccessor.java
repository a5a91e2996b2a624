package io.skiff.wire.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * {@link Readable} and {@link Writable} over one {@link ByteBuffer}, advancing its position.
 *
 * <p>Reads never go past the buffer's limit: each checks {@link #remaining()} first, so a length
 * field claiming gigabytes fails with {@link DecodeException} before anything is allocated. Byte
 * buffers and record sets read from here are zero-copy slices that share the buffer's memory.
 * Not thread-safe.
 */
public final class ByteBufferAccessor implements Readable, Writable {
    private final ByteBuffer buf;

    public ByteBufferAccessor(ByteBuffer buf) {
        this.buf = buf;
    }

    public ByteBuffer buffer() {
        return buf;
    }

    private void need(int bytes) {
        if (bytes < 0) {
            throw new DecodeException("negative length " + bytes);
        }
        if (bytes > buf.remaining()) {
            throw new DecodeException("need " + bytes + " bytes but only " + buf.remaining() + " remain");
        }
    }

    @Override
    public byte readByte() {
        need(1);
        return buf.get();
    }

    @Override
    public short readShort() {
        need(2);
        return buf.getShort();
    }

    @Override
    public int readInt() {
        need(4);
        return buf.getInt();
    }

    @Override
    public long readLong() {
        need(8);
        return buf.getLong();
    }

    @Override
    public double readDouble() {
        need(8);
        return buf.getDouble();
    }

    @Override
    public byte[] readArray(int length) {
        need(length);
        byte[] out = new byte[length];
        buf.get(out);
        return out;
    }

    @Override
    public ByteBuffer readByteBuffer(int length) {
        need(length);
        ByteBuffer slice = buf.slice();
        slice.limit(length);
        buf.position(buf.position() + length);
        return slice;
    }

    @Override
    public String readString(int length) {
        need(length);
        int start = buf.position();
        boolean ascii = true;
        for (int i = 0; i < length && ascii; i++) {
            ascii = buf.get(start + i) >= 0;
        }
        if (ascii) {
            // The common case needs no decoder: ASCII bytes are their own code points.
            byte[] bytes = readArray(length);
            return new String(bytes, StandardCharsets.US_ASCII);
        }
        ByteBuffer slice = readByteBuffer(length);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new DecodeException("string is not valid UTF-8", e);
        }
    }

    @Override
    public int readUnsignedVarint() {
        return Varints.readUnsignedVarint(buf);
    }

    @Override
    public int readVarint() {
        return Varints.readVarint(buf);
    }

    @Override
    public long readVarlong() {
        return Varints.readVarlong(buf);
    }

    @Override
    public int remaining() {
        return buf.remaining();
    }

    @Override
    public RecordsPayload readRecords(int length) {
        return new MemoryRecordsPayload(readByteBuffer(length));
    }

    @Override
    public void writeByte(byte value) {
        buf.put(value);
    }

    @Override
    public void writeShort(short value) {
        buf.putShort(value);
    }

    @Override
    public void writeInt(int value) {
        buf.putInt(value);
    }

    @Override
    public void writeLong(long value) {
        buf.putLong(value);
    }

    @Override
    public void writeDouble(double value) {
        buf.putDouble(value);
    }

    @Override
    public void writeByteArray(byte[] bytes) {
        buf.put(bytes);
    }

    @Override
    public void writeByteBuffer(ByteBuffer buffer) {
        buf.put(buffer.duplicate());
    }

    @Override
    public void writeUnsignedVarint(int value) {
        Varints.writeUnsignedVarint(value, buf);
    }

    @Override
    public void writeVarint(int value) {
        Varints.writeVarint(value, buf);
    }

    @Override
    public void writeVarlong(long value) {
        Varints.writeVarlong(value, buf);
    }

    @Override
    public void writeRecords(RecordsPayload records) {
        if (!(records instanceof MemoryRecordsPayload)) {
            throw new IllegalArgumentException("a byte buffer can only hold in-memory records, not "
                    + records.getClass().getName());
        }
        writeByteBuffer(((MemoryRecordsPayload) records).buffer());
    }
}
