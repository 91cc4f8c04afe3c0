package io.certgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JMH results (CSV, {@code -rf csv}) of {@link DecisionBenchmark} as a table, with the hit/DN ratio. */
final class MicroResults {
    private MicroResults() {
    }

    static String table(Path csv) throws IOException {
        Map<String, double[]> rows = new LinkedHashMap<>();   // name -> {ns/op, error, B/op}
        for (String line : Files.readAllLines(csv)) {
            List<String> cells = cells(line);
            if (cells.size() < 7 || !cells.get(0).contains("DecisionBenchmark.")) {
                continue;
            }
            String name = cells.get(0).substring(cells.get(0).indexOf("DecisionBenchmark.") + "DecisionBenchmark.".length());
            double score = Double.parseDouble(cells.get(4));
            double error = cells.get(5).isEmpty() || cells.get(5).equals("NaN") ? Double.NaN : Double.parseDouble(cells.get(5));
            if (name.endsWith("gc.alloc.rate.norm")) {
                String benchmark = name.substring(0, name.length() - "gc.alloc.rate.norm".length() - 1);
                rows.computeIfAbsent(benchmark, k -> new double[] {Double.NaN, Double.NaN, Double.NaN})[2] = score;
            } else if (!name.contains(":") && !name.contains("\u00b7")) {
                double[] row = rows.computeIfAbsent(name, k -> new double[] {Double.NaN, Double.NaN, Double.NaN});
                row[0] = score;
                row[1] = error;
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "JMH: one allowed decision (ClientCertFilter.doFilter) per source%n"));
        out.append(String.format(Locale.ROOT, "%-22s %12s %10s %10s%n", "benchmark", "ns/op", "+-", "B/op"));
        for (Map.Entry<String, double[]> row : rows.entrySet()) {
            double[] v = row.getValue();
            out.append(String.format(Locale.ROOT, "%-22s %12.1f %10.1f %10.0f%n", row.getKey(), v[0], v[1], v[2]));
        }
        double[] wrapper = rows.get("wrapperAlone");
        if (wrapper != null) {
            double most = 0;
            for (String decision : List.of("tlsAttribute", "nginxDnHeader", "nginxCertHeaderHit", "envoyXfcc")) {
                double[] row = rows.get(decision);
                if (row != null) {
                    most = Math.max(most, row[2] - wrapper[2]);
                }
            }
            out.append(String.format(Locale.ROOT, "allowed decisions seen before allocate at most %.0f B/op beyond the"
                    + " request wrapper (wrapperAlone: %.0f B/op)%n", most, wrapper[2]));
        }
        double[] hit = rows.get("nginxCertHeaderHit");
        double[] dn = rows.get("nginxDnHeader");
        double[] miss = rows.get("nginxCertHeaderMiss");
        if (hit != null && dn != null) {
            out.append(String.format(Locale.ROOT, "nginx full-certificate header seen before / DN-only header: %.2fx"
                    + " time, %+.0f B/op%n", hit[0] / dn[0], hit[2] - dn[2]));
        }
        if (hit != null && miss != null) {
            out.append(String.format(Locale.ROOT, "nginx full-certificate header, miss / hit: %.1fx time%n",
                    miss[0] / hit[0]));
        }
        return out.toString();
    }

    /** Splits one CSV line of JMH's output: fields quoted with {@code "}, no quotes inside. */
    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
