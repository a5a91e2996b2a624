package io.skiff.generator;

/**
 * The type of a schema field: a primitive, a struct (named), or an array of either. Immutable.
 */
record FieldType(Kind kind, FieldType element, String structName) {
    enum Kind { BOOL, INT8, INT16, UINT16, INT32, UINT32, INT64, FLOAT64, STRING, BYTES, UUID, RECORDS, STRUCT, ARRAY }

    static FieldType parse(String text) {
        if (text.startsWith("[]")) {
            return new FieldType(Kind.ARRAY, parse(text.substring(2)), null);
        }
        switch (text) {
            case "bool": return primitive(Kind.BOOL);
            case "int8": return primitive(Kind.INT8);
            case "int16": return primitive(Kind.INT16);
            case "uint16": return primitive(Kind.UINT16);
            case "int32": return primitive(Kind.INT32);
            case "uint32": return primitive(Kind.UINT32);
            case "int64": return primitive(Kind.INT64);
            case "float64": return primitive(Kind.FLOAT64);
            case "string": return primitive(Kind.STRING);
            case "bytes": return primitive(Kind.BYTES);
            case "uuid": return primitive(Kind.UUID);
            case "records": return primitive(Kind.RECORDS);
            default:
                if (text.isEmpty() || !Character.isUpperCase(text.charAt(0))) {
                    throw new IllegalArgumentException("unknown field type '" + text + "'");
                }
                return new FieldType(Kind.STRUCT, null, text);
        }
    }

    private static FieldType primitive(Kind kind) {
        return new FieldType(kind, null, null);
    }

    boolean isArray() {
        return kind == Kind.ARRAY;
    }

    boolean isStruct() {
        return kind == Kind.STRUCT;
    }

    boolean isStructArray() {
        return isArray() && element.isStruct();
    }

    /** Types with a length prefix whose encoding becomes compact in flexible versions. */
    boolean isVariableLength() {
        return kind == Kind.STRING || kind == Kind.BYTES || kind == Kind.RECORDS || kind == Kind.ARRAY;
    }

    /** Fixed wire size in bytes for fixed-width types, else -1. */
    int fixedSize() {
        switch (kind) {
            case BOOL: case INT8: return 1;
            case INT16: case UINT16: return 2;
            case INT32: case UINT32: return 4;
            case INT64: case FLOAT64: return 8;
            case UUID: return 16;
            default: return -1;
        }
    }
}
