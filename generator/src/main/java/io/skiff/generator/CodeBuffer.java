package io.skiff.generator;

/** An indenting text buffer for emitting Java source, four spaces per level. Not thread-safe. */
final class CodeBuffer {
    private final StringBuilder out = new StringBuilder();
    private int indent;
    private int counter;

    CodeBuffer line(String text) {
        if (!text.isEmpty()) {
            out.append("    ".repeat(indent)).append(text);
        }
        out.append('\n');
        return this;
    }

    CodeBuffer open(String text) {
        line(text + " {");
        indent++;
        return this;
    }

    CodeBuffer close() {
        indent--;
        return line("}");
    }

    /** Closes the current block and opens the next one on the same line: "} else {". */
    CodeBuffer reopen(String text) {
        indent--;
        line("} " + text + " {");
        indent++;
        return this;
    }

    /** A fresh local variable name; generated locals start with '_' so they never shadow fields. */
    String local(String base) {
        return "_" + base + (counter++);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
