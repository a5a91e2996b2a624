package io.skiff.generator;

/**
 * Maps schema types to Java types, default-value expressions and "is this the default" tests.
 * Stateless.
 */
final class JavaTypes {
    private JavaTypes() {
    }

    static String javaType(FieldType t, boolean zeroCopy) {
        switch (t.kind()) {
            case BOOL: return "boolean";
            case INT8: return "byte";
            case INT16: return "short";
            case UINT16: case INT32: return "int";
            case UINT32: case INT64: return "long";
            case FLOAT64: return "double";
            case STRING: return "String";
            case BYTES: return zeroCopy ? "ByteBuffer" : "byte[]";
            case UUID: return "Uuid";
            case RECORDS: return "RecordsPayload";
            case STRUCT: return t.structName();
            case ARRAY: return "List<" + boxed(t.element()) + ">";
            default: throw new IllegalStateException(t.toString());
        }
    }

    static String boxed(FieldType t) {
        switch (t.kind()) {
            case BOOL: return "Boolean";
            case INT8: return "Byte";
            case INT16: return "Short";
            case UINT16: case INT32: return "Integer";
            case UINT32: case INT64: return "Long";
            case FLOAT64: return "Double";
            default: return javaType(t, false);
        }
    }

    static boolean isPrimitive(FieldType t) {
        switch (t.kind()) {
            case BOOL: case INT8: case INT16: case UINT16: case INT32: case UINT32: case INT64: case FLOAT64:
                return true;
            default:
                return false;
        }
    }

    /** Java expression for the field's default value, following Kafka's defaulting rules. */
    static String defaultExpr(FieldSpec f) {
        String d = f.defaultText;
        FieldType t = f.type;
        switch (t.kind()) {
            case BOOL:
                return d == null ? "false" : Boolean.toString(Boolean.parseBoolean(d.trim()));
            case INT8:
                return "(byte) " + integer(d, Byte.MIN_VALUE, Byte.MAX_VALUE, f);
            case INT16:
                return "(short) " + integer(d, Short.MIN_VALUE, Short.MAX_VALUE, f);
            case UINT16:
                return Long.toString(integer(d, 0, 65535, f));
            case INT32:
                return Long.toString(integer(d, Integer.MIN_VALUE, Integer.MAX_VALUE, f));
            case UINT32:
                return integer(d, 0, 0xFFFFFFFFL, f) + "L";
            case INT64:
                return integer(d, Long.MIN_VALUE, Long.MAX_VALUE, f) + "L";
            case FLOAT64:
                return d == null ? "0.0" : Double.toString(Double.parseDouble(d));
            case STRING:
                if (d == null) {
                    return "\"\"";
                }
                return d.equals("null") ? nullable(f) : quote(d);
            case BYTES:
                if (d != null && d.equals("null")) {
                    return nullable(f);
                }
                return f.zeroCopy ? "ByteBuffer.allocate(0)" : "MessageSupport.EMPTY_BYTES";
            case RECORDS:
                return "null";
            case UUID:
                return "Uuid.ZERO_UUID";
            case STRUCT:
                return f.defaultIsNull() ? nullable(f) : "new " + t.structName() + "()";
            case ARRAY:
                return f.defaultIsNull() ? nullable(f) : "new ArrayList<" + boxed(t.element()) + ">(0)";
            default:
                throw new IllegalStateException(t.toString());
        }
    }

    private static String nullable(FieldSpec f) {
        if (f.nullableVersions.empty()) {
            throw new IllegalArgumentException("field " + f.name + " defaults to null but is never nullable");
        }
        return "null";
    }

    private static long integer(String d, long min, long max, FieldSpec f) {
        if (d == null) {
            return 0;
        }
        String s = d.trim();
        long v = s.startsWith("0x") || s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
        if (v < min || v > max) {
            throw new IllegalArgumentException("default " + d + " of field " + f.name + " is out of range");
        }
        return v;
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** A boolean expression true when {@code v} (the field's value) differs from its default. */
    static String nonDefault(FieldSpec f, String v) {
        String d = defaultExpr(f);
        switch (f.type.kind()) {
            case BOOL: case INT8: case INT16: case UINT16: case INT32: case UINT32: case INT64:
                return v + " != " + d;
            case FLOAT64:
                return "Double.compare(" + v + ", " + d + ") != 0";
            case STRING:
                return d.equals("null") ? v + " != null" : "!" + d + ".equals(" + v + ")";
            case BYTES:
                if (d.equals("null")) {
                    return v + " != null";
                }
                return f.zeroCopy ? "(" + v + " == null || " + v + ".hasRemaining())"
                        : "(" + v + " == null || " + v + ".length != 0)";
            case RECORDS:
                return v + " != null";
            case UUID:
                return "!Uuid.ZERO_UUID.equals(" + v + ")";
            case STRUCT:
                return d.equals("null") ? v + " != null" : "!" + d + ".equals(" + v + ")";
            case ARRAY:
                return d.equals("null") ? v + " != null" : "(" + v + " == null || !" + v + ".isEmpty())";
            default:
                throw new IllegalStateException();
        }
    }
}
