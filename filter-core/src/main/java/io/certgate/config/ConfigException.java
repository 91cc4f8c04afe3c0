package io.certgate.config;

/**
 * A configuration that CertGate refuses to start with. The message names the parameter, the line where
 * there is one, what is wrong and how to fix it.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String parameter;
    private final int line;
    private final String problem;

    public ConfigException(String parameter, int line, String problem) {
        super("init-param '" + parameter + "'" + (line > 0 ? " line " + line : "") + ": " + problem);
        this.parameter = parameter;
        this.line = line;
        this.problem = problem;
    }

    /** The line within the parameter's value, or 0. */
    public int line() {
        return line;
    }

    /** What is wrong, without the parameter and line prefix. */
    public String problem() {
        return problem;
    }

    /** The init-param at fault. */
    public String parameter() {
        return parameter;
    }
}
