package io.skiff.generator;

/**
 * An inclusive range of protocol versions as written in the schemas: {@code "3"}, {@code "1-4"},
 * {@code "2+"} (open-ended: up to {@link Short#MAX_VALUE}) or {@code "none"} (empty). Immutable.
 */
record Versions(short lowest, short highest) {
    static final Versions NONE = new Versions((short) 0, (short) -1);
    static final Versions ALL = new Versions((short) 0, Short.MAX_VALUE);

    static Versions parse(String text, Versions absent) {
        if (text == null) {
            return absent;
        }
        String t = text.trim();
        if (t.equals("none")) {
            return NONE;
        }
        if (t.endsWith("+")) {
            return new Versions(Short.parseShort(t.substring(0, t.length() - 1)), Short.MAX_VALUE);
        }
        int dash = t.indexOf('-');
        if (dash > 0) {
            return new Versions(Short.parseShort(t.substring(0, dash)), Short.parseShort(t.substring(dash + 1)));
        }
        short v = Short.parseShort(t);
        return new Versions(v, v);
    }

    boolean empty() {
        return lowest > highest;
    }

    boolean contains(short v) {
        return v >= lowest && v <= highest;
    }

    boolean contains(Versions other) {
        return other.empty() || (lowest <= other.lowest && highest >= other.highest);
    }

    Versions intersect(Versions other) {
        short lo = (short) Math.max(lowest, other.lowest);
        short hi = (short) Math.min(highest, other.highest);
        return lo > hi ? NONE : new Versions(lo, hi);
    }

    /**
     * A Java boolean expression over {@code var} that is true exactly for the versions in this
     * range, simplified using the knowledge that {@code var} lies within {@code context}.
     */
    String condition(String var, Versions context) {
        Versions in = intersect(context);
        if (in.empty()) {
            return "false";
        }
        boolean needLow = in.lowest > context.lowest;
        boolean needHigh = in.highest < context.highest;
        if (needLow && needHigh) {
            return "(" + var + " >= " + in.lowest + " && " + var + " <= " + in.highest + ")";
        }
        if (needLow) {
            return "(" + var + " >= " + in.lowest + ")";
        }
        if (needHigh) {
            return "(" + var + " <= " + in.highest + ")";
        }
        return "true";
    }

    @Override
    public String toString() {
        if (empty()) {
            return "none";
        }
        if (highest == Short.MAX_VALUE) {
            return lowest + "+";
        }
        return lowest == highest ? Short.toString(lowest) : lowest + "-" + highest;
    }
}
