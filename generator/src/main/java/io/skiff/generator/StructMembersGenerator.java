package io.skiff.generator;

/**
 * Emits the plain-Java members of a generated struct: accessors, {@code equals}, {@code hashCode}
 * and {@code toString}. Equality covers every field plus unknown tagged fields (a missing list
 * equals an empty one); byte arrays compare by content.
 */
final class StructMembersGenerator {
    private final StructSpec struct;
    private final CodeBuffer c;

    StructMembersGenerator(StructSpec struct, CodeBuffer c) {
        this.struct = struct;
        this.c = c;
    }

    void generate() {
        accessors();
        equalsMethod();
        hashCodeMethod();
        toStringMethod();
    }

    private void accessors() {
        String self = struct.name();
        for (FieldSpec f : struct.fields()) {
            String type = JavaTypes.javaType(f.type, f.zeroCopy);
            String n = f.camelName();
            c.open("public " + type + " " + n + "()");
            c.line("return this." + n + ";");
            c.close();
            c.line("");
            c.open("public " + self + " " + f.setterName() + "(" + type + " v)");
            if (f.type.kind() == FieldType.Kind.UINT16) {
                c.open("if (v < 0 || v > 65535)");
                c.line("throw new IllegalArgumentException(\"Invalid value \" + v + \" for unsigned short field.\");");
                c.close();
            } else if (f.type.kind() == FieldType.Kind.UINT32) {
                c.open("if (v < 0 || v > 4294967295L)");
                c.line("throw new IllegalArgumentException(\"Invalid value \" + v + \" for unsigned int field.\");");
                c.close();
            }
            c.line("this." + n + " = v;");
            c.line("return this;");
            c.close();
            c.line("");
        }
        c.line("@Override");
        c.open("public List<RawTaggedField> unknownTaggedFields()");
        c.open("if (_unknownTaggedFields == null)");
        c.line("_unknownTaggedFields = new ArrayList<>(0);");
        c.close();
        c.line("return _unknownTaggedFields;");
        c.close();
        c.line("");
    }

    private void equalsMethod() {
        String self = struct.name();
        c.line("@Override");
        c.open("public boolean equals(Object _obj)");
        c.open("if (!(_obj instanceof " + self + "))");
        c.line("return false;");
        c.close();
        c.line(self + " _other = (" + self + ") _obj;");
        for (FieldSpec f : struct.fields()) {
            String a = "this." + f.camelName();
            String b = "_other." + f.camelName();
            String differs;
            if (f.type.kind() == FieldType.Kind.FLOAT64) {
                differs = "Double.compare(" + a + ", " + b + ") != 0";
            } else if (JavaTypes.isPrimitive(f.type)) {
                differs = a + " != " + b;
            } else if (f.type.kind() == FieldType.Kind.BYTES && !f.zeroCopy) {
                differs = "!Arrays.equals(" + a + ", " + b + ")";
            } else {
                differs = "!Objects.equals(" + a + ", " + b + ")";
            }
            c.open("if (" + differs + ")");
            c.line("return false;");
            c.close();
        }
        c.line("return MessageSupport.sameTaggedFields(this._unknownTaggedFields, _other._unknownTaggedFields);");
        c.close();
        c.line("");
    }

    private void hashCodeMethod() {
        c.line("@Override");
        c.open("public int hashCode()");
        c.line("int _h = 0;");
        for (FieldSpec f : struct.fields()) {
            String a = "this." + f.camelName();
            String h;
            if (JavaTypes.isPrimitive(f.type)) {
                h = JavaTypes.boxed(f.type) + ".hashCode(" + a + ")";
            } else if (f.type.kind() == FieldType.Kind.BYTES && !f.zeroCopy) {
                h = "Arrays.hashCode(" + a + ")";
            } else {
                h = "Objects.hashCode(" + a + ")";
            }
            c.line("_h = 31 * _h + " + h + ";");
        }
        c.line("return _h;");
        c.close();
        c.line("");
    }

    private void toStringMethod() {
        c.line("@Override");
        c.open("public String toString()");
        StringBuilder expr = new StringBuilder("\"" + struct.name() + "(\"");
        boolean first = true;
        for (FieldSpec f : struct.fields()) {
            String a = "this." + f.camelName();
            String value;
            if (f.type.kind() == FieldType.Kind.STRING) {
                value = "(" + a + " == null ? \"null\" : \"'\" + " + a + " + \"'\")";
            } else if (f.type.kind() == FieldType.Kind.BYTES && !f.zeroCopy) {
                value = "Arrays.toString(" + a + ")";
            } else {
                value = a;
            }
            expr.append(" + \"").append(first ? "" : ", ").append(f.camelName()).append("=\" + ").append(value);
            first = false;
        }
        expr.append(" + \")\"");
        c.line("return " + expr + ";");
        c.close();
    }
}
