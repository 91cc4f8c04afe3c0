package io.certgate.identity;

import java.util.Objects;
import java.util.Set;

/**
 * What an {@link IdentityMapper} answers: the client's name and roles, or a refusal.
 *
 * @param name the remote user and principal name; null for a refusal
 * @param roles the roles the mapper gives, added to those of the {@code roles} init-param; empty for a refusal
 * @param refusal why the mapper refuses the client, for the log; null when it names one
 */
public record MappedIdentity(String name, Set<String> roles, String refusal) {
    /** Longest name accepted, as for a CN: a mapper is code, but its data may come from anywhere. */
    private static final int MAX_NAME_LENGTH = 1024;

    public MappedIdentity {
        roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
        if ((name == null) == (refusal == null)) {
            throw new IllegalArgumentException("a mapped identity has a name or a refusal, not both or neither");
        }
        if (name != null && (name.isEmpty() || name.length() > MAX_NAME_LENGTH
                || name.codePoints().anyMatch(Character::isISOControl))) {
            throw new IllegalArgumentException("a mapped name must be 1 to " + MAX_NAME_LENGTH
                    + " characters without control characters");
        }
        if (refusal != null && !roles.isEmpty()) {
            throw new IllegalArgumentException("a refusal holds no roles");
        }
    }

    /** The client is {@code name}, holding {@code roles}. */
    public static MappedIdentity of(String name, Set<String> roles) {
        return new MappedIdentity(Objects.requireNonNull(name, "name"), roles, null);
    }

    /** The client may not pass; {@code why} goes to the log only. */
    public static MappedIdentity refused(String why) {
        return new MappedIdentity(null, Set.of(), Objects.requireNonNull(why, "why"));
    }

    /** Whether this is a refusal. */
    public boolean isRefused() {
        return refusal != null;
    }
}
