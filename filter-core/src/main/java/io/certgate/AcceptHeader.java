package io.certgate;

import java.util.Locale;

/**
 * Just enough of RFC 9110 content negotiation to choose between the plain-text and JSON denial: JSON when
 * {@code application/json} (or {@code application/*}) has a higher quality than any text type.
 */
final class AcceptHeader {
    private AcceptHeader() {
    }

    /** HTML when {@code text/html} is listed by name with the highest quality, as browsers send it. */
    static boolean prefersHtml(String accept) {
        if (accept == null || accept.length() > 1024) {
            return false;
        }
        double html = 0;
        double other = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            double quality = quality(parts);
            if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
                html = Math.max(html, quality);
            } else if (!type.equals("*/*") && !type.startsWith("image/")) {
                other = Math.max(other, quality);
            }
        }
        return html > 0 && html >= other;
    }

    static boolean prefersJson(String accept) {
        if (accept == null || accept.length() > 1024) {
            return false;
        }
        double json = 0;
        double text = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            double quality = quality(parts);
            if (type.equals("application/json") || type.equals("application/*")) {
                json = Math.max(json, quality);
            } else if (type.startsWith("text/") || type.equals("*/*")) {
                text = Math.max(text, quality);
            }
        }
        return json > 0 && json > text;
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
