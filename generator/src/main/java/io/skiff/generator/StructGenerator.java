package io.skiff.generator;

/**
 * Emits one Java class for one struct: fields, constructors, {@code read}/{@code write}/{@code size},
 * accessors, {@code equals}/{@code hashCode}/{@code toString}.
 *
 * <p>Generated read: fields present (and untagged) in the version are read in schema order, the
 * rest take their defaults; in flexible versions a tagged-field section follows, whose unknown tags
 * are kept. Generated write mirrors it; a non-default value in a field the version lacks is an
 * error unless the field is {@code ignorable}. Known and unknown tagged fields are written merged
 * in ascending tag order, as Kafka does.
 */
final class StructGenerator {
    private final MessageSpec message;
    private final StructSpec struct;
    private final boolean root;
    private final CodeBuffer c;
    private final FieldCodec codec;

    StructGenerator(MessageSpec message, StructSpec struct, boolean root, CodeBuffer c) {
        this.message = message;
        this.struct = struct;
        this.root = root;
        this.c = c;
        this.codec = new FieldCodec(c);
    }

    /**
     * The versions generated conditions may assume. For the root this starts at 0 rather than the
     * lowest valid version, so a retired version (request header v0 of ControlledShutdown v0) still
     * decodes by the field version rules.
     */
    private Versions ctx() {
        Versions v = struct.versions();
        return root && !v.empty() ? new Versions((short) 0, v.highest()) : v;
    }

    private short lowest() {
        return struct.versions().empty() ? 0 : struct.versions().lowest();
    }

    private short highest() {
        return struct.versions().empty() ? -1 : struct.versions().highest();
    }

    void generate() {
        String name = struct.name();
        c.line("/**");
        if (root) {
            c.line(" * Kafka {@code " + message.name + "} (" + message.type + (message.apiKey != null ? ", api key " + message.apiKey : "")
                    + "), generated from {@code " + message.name + ".json}.");
            c.line(" * Valid versions: " + message.validVersions + "; flexible versions: " + message.flexibleVersions
                    + (message.deprecatedVersions.empty() ? "" : "; deprecated versions: " + message.deprecatedVersions)
                    + (message.latestVersionUnstable ? "; the latest version is unstable" : "") + ".");
        } else {
            c.line(" * Struct {@code " + name + "} of Kafka {@code " + message.name + "}, versions " + ctx() + ".");
        }
        c.line(" * Mutable and not thread-safe.");
        c.line(" */");
        String iface = root && message.isApi() ? "ApiMessage" : "Message";
        c.open("public " + (root ? "" : "static ") + "class " + name + " implements " + iface);
        c.line("public static final short LOWEST_SUPPORTED_VERSION = " + lowest() + ";");
        c.line("public static final short HIGHEST_SUPPORTED_VERSION = " + highest() + ";");
        c.line("");
        for (FieldSpec f : struct.fields()) {
            if (f.about != null) {
                c.line("/** " + f.about.replace("*/", "* /").replace("@", "{@literal @}") + " */");
            }
            c.line("private " + JavaTypes.javaType(f.type, f.zeroCopy) + " " + f.camelName() + ";");
        }
        c.line("private List<RawTaggedField> _unknownTaggedFields;");
        c.line("");
        c.open("public " + name + "(Readable _readable, short _version)");
        c.line("read(_readable, _version);");
        c.close();
        c.line("");
        c.open("public " + name + "()");
        for (FieldSpec f : struct.fields()) {
            c.line("this." + f.camelName() + " = " + JavaTypes.defaultExpr(f) + ";");
        }
        c.close();
        c.line("");
        if (root && message.isApi()) {
            c.line("@Override");
            c.open("public short apiKey()");
            c.line("return " + message.apiKey + ";");
            c.close();
            c.line("");
        }
        c.line("@Override");
        c.open("public short lowestSupportedVersion()");
        c.line("return LOWEST_SUPPORTED_VERSION;");
        c.close();
        c.line("");
        c.line("@Override");
        c.open("public short highestSupportedVersion()");
        c.line("return HIGHEST_SUPPORTED_VERSION;");
        c.close();
        c.line("");
        generateRead();
        generateWrite();
        generateSize();
        new StructMembersGenerator(struct, c).generate();
        c.close();
    }

    private Versions presence(FieldSpec f) {
        return f.versions.intersect(ctx());
    }

    private String flex(FieldSpec f) {
        Versions flex = message.flexibleVersions;
        if (f.flexibleVersions != null) {
            flex = flex.intersect(f.flexibleVersions);
        }
        return flex.condition("_version", presence(f));
    }

    private String nullable(FieldSpec f) {
        return f.nullableVersions.condition("_version", presence(f));
    }

    private String structFlex() {
        return message.flexibleVersions.condition("_version", ctx());
    }

    private void generateRead() {
        c.line("@Override");
        c.open("public void read(Readable _readable, short _version)");
        for (FieldSpec f : struct.fields()) {
            String target = "this." + f.camelName() + " = %s;";
            String present = presence(f).condition("_version", ctx());
            if (f.isTagged() || present.equals("false")) {
                c.line(String.format(target, JavaTypes.defaultExpr(f)));
                continue;
            }
            if (present.equals("true")) {
                codec.read(f.type, f, target, flex(f), nullable(f));
            } else {
                c.open("if (" + present + ")");
                codec.read(f.type, f, target, flex(f), nullable(f));
                c.reopen("else");
                c.line(String.format(target, JavaTypes.defaultExpr(f)));
                c.close();
            }
        }
        c.line("this._unknownTaggedFields = null;");
        String flex = structFlex();
        if (!flex.equals("false")) {
            c.open("if (" + flex + ")");
            c.line("int _numTaggedFields = _readable.readUnsignedVarint();");
            c.open("for (int _i = 0; _i < _numTaggedFields; _i++)");
            c.line("int _tag = _readable.readUnsignedVarint();");
            c.line("int _size = _readable.readUnsignedVarint();");
            c.open("switch (_tag)");
            for (FieldSpec f : struct.taggedFieldsByTag()) {
                c.open("case " + f.tag + ":");
                String tagged = f.taggedVersions.condition("_version", ctx());
                c.open("if (" + tagged + ")");
                codec.read(f.type, f, "this." + f.camelName() + " = %s;", "true", nullable(f));
                c.reopen("else");
                c.line("this._unknownTaggedFields = _readable.readUnknownTaggedField(this._unknownTaggedFields, _tag, _size);");
                c.close();
                c.line("break;");
                c.close();
            }
            c.line("default:");
            c.line("    this._unknownTaggedFields = _readable.readUnknownTaggedField(this._unknownTaggedFields, _tag, _size);");
            c.line("    break;");
            c.close();
            c.close();
            c.close();
        }
        c.close();
        c.line("");
    }

    private void absentCheck(FieldSpec f) {
        if (f.ignorable) {
            return;
        }
        c.open("if (" + JavaTypes.nonDefault(f, "this." + f.camelName()) + ")");
        c.line("throw new UnsupportedMessageVersionException(\"Attempted to write a non-default " + f.camelName()
                + " at version \" + _version);");
        c.close();
    }

    private void generateWrite() {
        c.line("@Override");
        c.open("public void write(Writable _writable, short _version)");
        if (root) {
            c.open("if (_version < LOWEST_SUPPORTED_VERSION || _version > HIGHEST_SUPPORTED_VERSION)");
            c.line("throw new UnsupportedMessageVersionException(\"Can't write version \" + _version + \" of " + struct.name() + "\");");
            c.close();
        }
        c.line("int _numTaggedFields = 0;");
        for (FieldSpec f : struct.fields()) {
            String v = "this." + f.camelName();
            String present = (f.isTagged() ? f.taggedVersions.intersect(ctx()) : presence(f)).condition("_version", ctx());
            boolean always = present.equals("true");
            if (!present.equals("false")) {
                if (!always) {
                    c.open("if (" + present + ")");
                }
                if (f.isTagged()) {
                    c.open("if (" + JavaTypes.nonDefault(f, v) + ")");
                    c.line("_numTaggedFields++;");
                    c.close();
                } else {
                    codec.write(f.type, f, v, flex(f), nullable(f));
                }
                if (!always) {
                    c.reopen("else");
                }
            } else {
                c.open("");
            }
            if (!always) {
                absentCheck(f);
                c.close();
            }
        }
        c.line("List<RawTaggedField> _raw = _unknownTaggedFields == null ? List.of() : _unknownTaggedFields;");
        String flex = structFlex();
        c.open("if (" + flex + ")");
        c.line("_writable.writeUnsignedVarint(_numTaggedFields + _raw.size());");
        c.line("int _rawNext = 0;");
        for (FieldSpec f : struct.taggedFieldsByTag()) {
            String v = "this." + f.camelName();
            String tagged = f.taggedVersions.condition("_version", ctx());
            c.open("if (" + tagged + ")");
            c.line("_rawNext = MessageSupport.writeRawTagsBelow(_writable, _raw, _rawNext, " + f.tag + ");");
            c.open("if (" + JavaTypes.nonDefault(f, v) + ")");
            String sz = c.local("size");
            c.line("int " + sz + " = 0;");
            codec.size(f.type, f, v, "true", nullable(f), sz);
            c.line("_writable.writeUnsignedVarint(" + f.tag + ");");
            c.line("_writable.writeUnsignedVarint(" + sz + ");");
            codec.write(f.type, f, v, "true", nullable(f));
            c.close();
            c.close();
        }
        c.line("MessageSupport.writeRawTagsBelow(_writable, _raw, _rawNext, Integer.MAX_VALUE);");
        c.reopen("else if (_numTaggedFields > 0 || !_raw.isEmpty())");
        c.line("throw new UnsupportedMessageVersionException(\"Tagged fields were set, but version \" + _version"
                + " + \" of this message does not support them.\");");
        c.close();
        c.close();
        c.line("");
    }

    private void generateSize() {
        c.line("@Override");
        c.open("public int size(short _version)");
        c.line("int _size = 0;");
        c.line("int _numTaggedFields = 0;");
        for (FieldSpec f : struct.fields()) {
            String v = "this." + f.camelName();
            if (f.isTagged()) {
                String cond = f.taggedVersions.condition("_version", ctx());
                if (cond.equals("false")) {
                    continue;
                }
                c.open("if (" + cond + " && " + JavaTypes.nonDefault(f, v) + ")");
                String sz = c.local("size");
                c.line("int " + sz + " = 0;");
                codec.size(f.type, f, v, "true", nullable(f), sz);
                c.line("_numTaggedFields++;");
                c.line("_size += Varints.sizeOfUnsignedVarint(" + f.tag + ") + Varints.sizeOfUnsignedVarint(" + sz + ") + " + sz + ";");
                c.close();
            } else {
                String present = presence(f).condition("_version", ctx());
                if (present.equals("false")) {
                    continue;
                }
                if (present.equals("true")) {
                    codec.size(f.type, f, v, flex(f), nullable(f), "_size");
                } else {
                    c.open("if (" + present + ")");
                    codec.size(f.type, f, v, flex(f), nullable(f), "_size");
                    c.close();
                }
            }
        }
        String flex = structFlex();
        if (!flex.equals("false")) {
            c.open("if (" + flex + ")");
            c.open("if (_unknownTaggedFields != null)");
            c.open("for (RawTaggedField _field : _unknownTaggedFields)");
            c.line("_numTaggedFields++;");
            c.line("_size += Varints.sizeOfUnsignedVarint(_field.tag()) + Varints.sizeOfUnsignedVarint(_field.size()) + _field.size();");
            c.close();
            c.close();
            c.line("_size += Varints.sizeOfUnsignedVarint(_numTaggedFields);");
            c.close();
        }
        c.line("return _size;");
        c.close();
        c.line("");
    }
}
