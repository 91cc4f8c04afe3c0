package io.certgate.policy;

import java.util.LinkedHashMap;
import java.util.Map;

import io.certgate.config.ConfigException;

/**
 * The {@code config-file} format: the policy init-params as sections, each holding exactly the text the
 * init-param of that name would hold.
 *
 * <pre>
 * # CertGate policy
 * [allowed-cns]
 * alice, bob
 *
 * [roles]
 * admin=alice; ops=bob
 *
 * [rules]
 * /unprotected/*   open
 * /admin/*         cn:alice
 * </pre>
 *
 * Lines before the first section may hold only comments. Error messages give the file's line numbers.
 */
public final class PolicyFile {
    private PolicyFile() {
    }

    /**
     * @param text the file's content
     * @param name how to name the file in messages
     * @throws ConfigException naming the file, the line and the fix
     */
    public static Policy parse(String text, String name) throws ConfigException {
        Map<String, StringBuilder> sections = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        StringBuilder current = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("[") && line.endsWith("]")) {
                String section = line.substring(1, line.length() - 1).strip();
                if (!section.equals(PolicyParser.ALLOWED_CNS) && !section.equals(PolicyParser.RULES)
                        && !section.equals(PolicyParser.ROLES)) {
                    throw error(name, i + 1, "unknown section [" + section + "]; use [allowed-cns], [rules] or [roles]");
                }
                if (sections.containsKey(section)) {
                    throw error(name, i + 1, "section [" + section + "] appears twice; merge them");
                }
                current = new StringBuilder();
                sections.put(section, current);
                firstLine.put(section, i + 1);
            } else if (current != null) {
                current.append(lines[i]).append('\n');
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                throw error(name, i + 1, "text before the first section; start with [allowed-cns], [rules] or [roles]");
            }
        }
        try {
            return PolicyParser.parse(text(sections, PolicyParser.ALLOWED_CNS, true),
                    text(sections, PolicyParser.RULES, false), text(sections, PolicyParser.ROLES, true));
        } catch (ConfigException e) {
            int offset = firstLine.getOrDefault(e.parameter(), 0);
            int line = e.line() > 0 ? offset + e.line() : offset;
            throw error(name, line, "[" + e.parameter() + "] " + e.problem());
        }
    }

    /** Comments are allowed in every section, as in the rules; they are stripped for the list sections. */
    private static String text(Map<String, StringBuilder> sections, String section, boolean stripComments) {
        StringBuilder body = sections.get(section);
        if (body == null) {
            return null;
        }
        if (!stripComments) {
            return body.toString();
        }
        StringBuilder joined = new StringBuilder();
        for (String line : body.toString().split("\n")) {
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!content.isEmpty()) {
                joined.append(joined.length() == 0 ? "" : " ").append(content);
            }
        }
        return joined.toString();
    }

    private static ConfigException error(String name, int line, String problem) {
        return new ConfigException("config-file", line, name + ": " + problem);
    }
}
