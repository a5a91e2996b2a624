package io.skiff.generator;

/**
 * Emits the statements that read, write and size one field value. Encoding rules (Kafka's):
 * fixed-width integers big-endian; string/bytes/records/array lengths as int16/int32/int32/int32
 * (-1 = null) in classic versions and as unsigned varint of length+1 (0 = null) in flexible ones;
 * a nullable struct is preceded by an int8 marker (-1 = null, 1 = present).
 *
 * <p>{@code flex} and {@code nullable} are Java boolean expressions over {@code _version}, already
 * simplified to "true"/"false" where the version range decides them. Stateless apart from the
 * buffer it writes to.
 */
final class FieldCodec {
    private final CodeBuffer c;

    FieldCodec(CodeBuffer c) {
        this.c = c;
    }

    // ---------------------------------------------------------------- read

    /** Reads a value of type {@code t} and emits {@code String.format(target, valueExpr)}. */
    void read(FieldType t, FieldSpec f, String target, String flex, String nullable) {
        switch (t.kind()) {
            case BOOL: assign(target, "_readable.readByte() != 0"); break;
            case INT8: assign(target, "_readable.readByte()"); break;
            case INT16: assign(target, "_readable.readShort()"); break;
            case UINT16: assign(target, "_readable.readUnsignedShort()"); break;
            case INT32: assign(target, "_readable.readInt()"); break;
            case UINT32: assign(target, "_readable.readUnsignedInt()"); break;
            case INT64: assign(target, "_readable.readLong()"); break;
            case FLOAT64: assign(target, "_readable.readDouble()"); break;
            case UUID: assign(target, "_readable.readUuid()"); break;
            case STRING: {
                String len = readLength(flex, "_readable.readShort()");
                c.open("if (" + len + " < 0)");
                readNull(f, target, nullable, len);
                c.reopen("else if (" + len + " > 0x7fff)");
                c.line("throw new DecodeException(\"string field " + f.name + " had invalid length \" + " + len + ");");
                c.reopen("else");
                assign(target, "_readable.readString(" + len + ")");
                c.close();
                break;
            }
            case BYTES:
            case RECORDS: {
                String len = readLength(flex, "_readable.readInt()");
                c.open("if (" + len + " < 0)");
                readNull(f, target, nullable, len);
                c.reopen("else");
                String method = t.kind() == FieldType.Kind.RECORDS ? "readRecords"
                        : f.zeroCopy ? "readByteBuffer" : "readArray";
                assign(target, "_readable." + method + "(" + len + ")");
                c.close();
                break;
            }
            case STRUCT:
                if (nullable.equals("false")) {
                    assign(target, "new " + t.structName() + "(_readable, _version)");
                } else {
                    c.open("if (" + nullable + " && _readable.readByte() < 0)");
                    assign(target, "null");
                    c.reopen("else");
                    assign(target, "new " + t.structName() + "(_readable, _version)");
                    c.close();
                }
                break;
            case ARRAY: {
                String len = readLength(flex, "_readable.readInt()");
                c.open("if (" + len + " < 0)");
                readNull(f, target, nullable, len);
                c.reopen("else if (" + len + " > _readable.remaining())");
                c.line("throw new DecodeException(\"field " + f.name + " claims \" + " + len
                        + " + \" elements but only \" + _readable.remaining() + \" bytes remain\");");
                c.reopen("else");
                String col = c.local("collection");
                String elem = JavaTypes.boxed(t.element());
                c.line("ArrayList<" + elem + "> " + col + " = new ArrayList<>(" + len + ");");
                String i = c.local("i");
                c.open("for (int " + i + " = 0; " + i + " < " + len + "; " + i + "++)");
                read(t.element(), f, col + ".add(%s);", flex, "false");
                c.close();
                assign(target, col);
                c.close();
                break;
            }
            default:
                throw new IllegalStateException(t.toString());
        }
    }

    private void assign(String target, String expr) {
        c.line(String.format(target, expr));
    }

    private String readLength(String flex, String classic) {
        String len = c.local("length");
        if (flex.equals("true")) {
            c.line("int " + len + " = _readable.readUnsignedVarint() - 1;");
        } else if (flex.equals("false")) {
            c.line("int " + len + " = " + classic + ";");
        } else {
            c.line("int " + len + " = " + flex + " ? _readable.readUnsignedVarint() - 1 : " + classic + ";");
        }
        return len;
    }

    private void readNull(FieldSpec f, String target, String nullable, String len) {
        c.open("if (" + len + " != -1)");
        c.line("throw new DecodeException(\"field " + f.name + " had invalid length \" + " + len + ");");
        c.close();
        if (nullable.equals("false")) {
            c.line("throw new DecodeException(\"non-nullable field " + f.name + " was serialized as null\");");
            return;
        }
        if (!nullable.equals("true")) {
            c.open("if (!" + nullable + ")");
            c.line("throw new DecodeException(\"non-nullable field " + f.name + " was serialized as null\");");
            c.close();
        }
        assign(target, "null");
    }

    // ---------------------------------------------------------------- write

    void write(FieldType t, FieldSpec f, String v, String flex, String nullable) {
        switch (t.kind()) {
            case BOOL: c.line("_writable.writeByte(" + v + " ? (byte) 1 : (byte) 0);"); break;
            case INT8: c.line("_writable.writeByte(" + v + ");"); break;
            case INT16: c.line("_writable.writeShort(" + v + ");"); break;
            case UINT16: c.line("_writable.writeUnsignedShort(" + v + ");"); break;
            case INT32: c.line("_writable.writeInt(" + v + ");"); break;
            case UINT32: c.line("_writable.writeUnsignedInt(" + v + ");"); break;
            case INT64: c.line("_writable.writeLong(" + v + ");"); break;
            case FLOAT64: c.line("_writable.writeDouble(" + v + ");"); break;
            case UUID: c.line("_writable.writeUuid(" + v + ");"); break;
            case STRING: {
                c.open("if (" + v + " == null)");
                writeNull(f, flex, nullable, "writeShort((short) -1)");
                c.reopen("else");
                String b = c.local("bytes");
                c.line("byte[] " + b + " = " + v + ".getBytes(StandardCharsets.UTF_8);");
                c.open("if (" + b + ".length > 0x7fff)");
                c.line("throw new IllegalArgumentException(\"'" + f.camelName() + "' field is too long to be serialized\");");
                c.close();
                writeLength(b + ".length", flex, "writeShort((short) ");
                c.line("_writable.writeByteArray(" + b + ");");
                c.close();
                break;
            }
            case BYTES:
            case RECORDS: {
                c.open("if (" + v + " == null)");
                writeNull(f, flex, nullable, "writeInt(-1)");
                c.reopen("else");
                if (t.kind() == FieldType.Kind.RECORDS) {
                    writeLength(v + ".sizeInBytes()", flex, "writeInt(");
                    c.line("_writable.writeRecords(" + v + ");");
                } else if (f.zeroCopy) {
                    writeLength(v + ".remaining()", flex, "writeInt(");
                    c.line("_writable.writeByteBuffer(" + v + ");");
                } else {
                    writeLength(v + ".length", flex, "writeInt(");
                    c.line("_writable.writeByteArray(" + v + ");");
                }
                c.close();
                break;
            }
            case STRUCT:
                if (nullable.equals("false")) {
                    c.line(v + ".write(_writable, _version);");
                } else {
                    c.open("if (" + nullable + ")");
                    c.open("if (" + v + " == null)");
                    c.line("_writable.writeByte((byte) -1);");
                    c.reopen("else");
                    c.line("_writable.writeByte((byte) 1);");
                    c.line(v + ".write(_writable, _version);");
                    c.close();
                    c.reopen("else");
                    c.line(v + ".write(_writable, _version);");
                    c.close();
                }
                break;
            case ARRAY: {
                c.open("if (" + v + " == null)");
                writeNull(f, flex, nullable, "writeInt(-1)");
                c.reopen("else");
                writeLength(v + ".size()", flex, "writeInt(");
                String e = c.local("element");
                c.open("for (" + JavaTypes.boxed(t.element()) + " " + e + " : " + v + ")");
                write(t.element(), f, e, flex, "false");
                c.close();
                c.close();
                break;
            }
            default:
                throw new IllegalStateException(t.toString());
        }
    }

    private void writeLength(String len, String flex, String classicPrefix) {
        String compact = "_writable.writeUnsignedVarint(" + len + " + 1);";
        String classic = "_writable." + classicPrefix + len + ");";
        byFlex(flex, compact, classic);
    }

    private void writeNull(FieldSpec f, String flex, String nullable, String classic) {
        if (nullable.equals("false")) {
            c.line("throw new NullPointerException(\"non-nullable field " + f.name + " is null\");");
            return;
        }
        if (!nullable.equals("true")) {
            c.open("if (!" + nullable + ")");
            c.line("throw new NullPointerException(\"non-nullable field " + f.name + " is null at version \" + _version);");
            c.close();
        }
        byFlex(flex, "_writable.writeUnsignedVarint(0);", "_writable." + classic + ";");
    }

    private void byFlex(String flex, String compact, String classic) {
        if (flex.equals("true")) {
            c.line(compact);
        } else if (flex.equals("false")) {
            c.line(classic);
        } else {
            c.open("if (" + flex + ")");
            c.line(compact);
            c.reopen("else");
            c.line(classic);
            c.close();
        }
    }

    // ---------------------------------------------------------------- size

    /** Emits statements adding the encoded size of {@code v} to the int variable {@code acc}. */
    void size(FieldType t, FieldSpec f, String v, String flex, String nullable, String acc) {
        int fixed = t.fixedSize();
        if (fixed > 0) {
            c.line(acc + " += " + fixed + ";");
            return;
        }
        String nullSize = t.kind() == FieldType.Kind.STRING ? ternary(flex, "1", "2") : ternary(flex, "1", "4");
        switch (t.kind()) {
            case STRING: {
                String len = c.local("len");
                c.open("if (" + v + " == null)");
                c.line(acc + " += " + nullSize + ";");
                c.reopen("else");
                c.line("int " + len + " = Utf8.length(" + v + ");");
                c.line(acc + " += " + ternary(flex, "Varints.sizeOfUnsignedVarint(" + len + " + 1)", "2") + " + " + len + ";");
                c.close();
                break;
            }
            case BYTES:
            case RECORDS: {
                String len = c.local("len");
                String lenExpr = t.kind() == FieldType.Kind.RECORDS ? v + ".sizeInBytes()"
                        : f.zeroCopy ? v + ".remaining()" : v + ".length";
                c.open("if (" + v + " == null)");
                c.line(acc + " += " + nullSize + ";");
                c.reopen("else");
                c.line("int " + len + " = " + lenExpr + ";");
                c.line(acc + " += " + ternary(flex, "Varints.sizeOfUnsignedVarint(" + len + " + 1)", "4") + " + " + len + ";");
                c.close();
                break;
            }
            case STRUCT:
                if (nullable.equals("false")) {
                    c.line(acc + " += " + v + ".size(_version);");
                } else {
                    c.open("if (" + nullable + ")");
                    c.line(acc + " += 1;");
                    c.close();
                    c.open("if (" + v + " != null)");
                    c.line(acc + " += " + v + ".size(_version);");
                    c.close();
                }
                break;
            case ARRAY: {
                c.open("if (" + v + " == null)");
                c.line(acc + " += " + nullSize + ";");
                c.reopen("else");
                c.line(acc + " += " + ternary(flex, "Varints.sizeOfUnsignedVarint(" + v + ".size() + 1)", "4") + ";");
                int elemFixed = t.element().fixedSize();
                if (elemFixed > 0) {
                    c.line(acc + " += " + v + ".size() * " + elemFixed + ";");
                } else {
                    String e = c.local("element");
                    c.open("for (" + JavaTypes.boxed(t.element()) + " " + e + " : " + v + ")");
                    size(t.element(), f, e, flex, "false", acc);
                    c.close();
                }
                c.close();
                break;
            }
            default:
                throw new IllegalStateException(t.toString());
        }
    }

    private static String ternary(String cond, String whenTrue, String whenFalse) {
        if (cond.equals("true")) {
            return whenTrue;
        }
        if (cond.equals("false")) {
            return whenFalse;
        }
        return "(" + cond + " ? " + whenTrue + " : " + whenFalse + ")";
    }
}
