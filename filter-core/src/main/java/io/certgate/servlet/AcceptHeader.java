package io.certgate.servlet;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * Just enough of RFC 9110 content negotiation to choose the denial's form: the {@code denied-page} for a
 * browser, JSON for a client that prefers {@code application/json}, plain text otherwise.
 */
final class AcceptHeader {
    /** Longer {@code Accept} values are ignored: the choice only shapes a 403. */
    private static final int MAX_LENGTH = 1024;

    private AcceptHeader() {
    }

    /** HTML when {@code text/html} is listed by name with the highest quality, as browsers send it. */
    static boolean prefersHtml(String accept) {
        double html = best(accept, AcceptHeader::isHtml);
        double other = best(accept, type -> !isHtml(type) && !type.equals("*/*") && !type.startsWith("image/"));
        return html > 0 && html >= other;
    }

    /** JSON when {@code application/json} (or {@code application/*}) has a higher quality than any text type. */
    static boolean prefersJson(String accept) {
        double json = best(accept, type -> type.equals("application/json") || type.equals("application/*"));
        double text = best(accept, type -> type.startsWith("text/") || type.equals("*/*"));
        return json > 0 && json > text;
    }

    private static boolean isHtml(String type) {
        return type.equals("text/html") || type.equals("application/xhtml+xml");
    }

    /** The highest quality among the media ranges {@code wanted} accepts; 0 when none is listed. */
    private static double best(String accept, Predicate<String> wanted) {
        if (accept == null || accept.length() > MAX_LENGTH) {
            return 0;
        }
        double best = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            if (wanted.test(parts[0].strip().toLowerCase(Locale.ROOT))) {
                best = Math.max(best, quality(parts));
            }
        }
        return best;
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.startsWith("q=") || parameter.startsWith("Q=")) {
                try {
                    double q = Double.parseDouble(parameter.substring(2));
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
