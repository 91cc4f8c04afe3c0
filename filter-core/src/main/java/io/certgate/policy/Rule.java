package io.certgate.policy;

import java.util.Objects;
import java.util.Set;

/**
 * One line of the {@code rules} init-param: a url-pattern, optional methods, and the access it grants.
 *
 * @param pattern where the rule applies
 * @param methods the HTTP methods it applies to; empty means all
 * @param access what it asks of the client
 * @param line the line number in {@code rules}, or 0 for a rule CertGate made up (the fail-closed default)
 * @param text the rule as written, for log lines
 */
public record Rule(UrlPattern pattern, Set<String> methods, Access access, int line, String text) {
    public Rule {
        Objects.requireNonNull(pattern, "pattern");
        methods = Set.copyOf(methods);
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(text, "text");
    }

    boolean isOpen() {
        return access instanceof Access.Open;
    }

    /** How log lines name the rule: {@code line 3 "/admin/* cn:alice"}. */
    public String describe() {
        return line > 0 ? "line " + line + " \"" + text + "\"" : "\"" + text + "\"";
    }
}
