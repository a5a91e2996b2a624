package io.skiff.bench.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Figures collected per round for each contender, their medians, the ratio skiff/kafka and the target
 * for each. Rendered as a Markdown table. Not thread-safe; filled by the driver thread only.
 */
final class Report {
    /** A figure's name, unit, and target ratio; {@code higherIsBetter} decides whether the target is a floor. */
    record Figure(String name, String unit, double target, boolean higherIsBetter) {
        boolean hasTarget() {
            return !Double.isNaN(target);
        }

        String targetText() {
            if (!hasTarget()) {
                return "";
            }
            return (higherIsBetter ? ">= " : "<= ") + fmt(target) + "x";
        }
    }

    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();

    Figure define(String name, String unit, double target, boolean higherIsBetter) {
        return figures.computeIfAbsent(name, n -> new Figure(n, unit, target, higherIsBetter));
    }

    void add(Figure figure, String contender, double value) {
        values.computeIfAbsent(figure.name(), n -> new LinkedHashMap<>())
                .computeIfAbsent(contender, c -> new ArrayList<>()).add(value);
    }

    double median(Figure figure, String contender) {
        List<Double> v = values.getOrDefault(figure.name(), Map.of()).getOrDefault(contender, List.of());
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The summary table: medians, ratio, target, whether it is met. */
    String table(String a, String b) {
        StringBuilder out = new StringBuilder();
        out.append("| figure | ").append(a).append(" (median) | ").append(b).append(" (median) | ")
                .append(b).append("/").append(a).append(" | target | met |\n");
        out.append("|---|---:|---:|---:|---|---|\n");
        for (Figure f : figures.values()) {
            double va = median(f, a);
            double vb = median(f, b);
            double ratio = vb / va;
            String met = !f.hasTarget() || Double.isNaN(ratio) ? ""
                    : (f.higherIsBetter() ? ratio >= f.target() : ratio <= f.target()) ? "yes" : "**no**";
            out.append("| ").append(f.name()).append(" (").append(f.unit()).append(") | ").append(fmt(va))
                    .append(" | ").append(fmt(vb)).append(" | ").append(fmt(ratio)).append(" | ")
                    .append(f.targetText()).append(" | ").append(met).append(" |\n");
        }
        return out.toString();
    }

    /** Every round's value, for the results file. */
    String rounds() {
        StringBuilder out = new StringBuilder("| figure | contender | values per round |\n|---|---|---|\n");
        values.forEach((name, byContender) -> byContender.forEach((c, v) -> out.append("| ").append(name)
                .append(" | ").append(c).append(" | ")
                .append(Arrays.toString(v.stream().map(Report::fmt).toArray())).append(" |\n")));
        return out.toString();
    }

    static String fmt(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        double abs = Math.abs(v);
        String pattern = abs >= 100 ? "%.0f" : abs >= 10 ? "%.1f" : abs >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, v);
    }
}
