package io.certgate.policy;

import java.util.Objects;

import io.certgate.identity.ClientIdentity;

/**
 * One entry of the {@code roles} init-param: {@code role} is held by every client that {@code expression}
 * matches. A bare CN list ({@code admin=alice,bob}) is the expression {@code cn:alice,bob}.
 *
 * @param role the role name
 * @param expression the field tests, joined with {@code &}, all of which must pass
 * @param text the expression as written, for the explainer
 */
public record RoleGrant(String role, Access.Matching expression, String text) {
    public RoleGrant {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(text, "text");
    }

    /** Whether the client holds {@link #role} by this entry; allocates nothing. */
    public boolean matches(ClientIdentity identity) {
        return expression.matches(identity);
    }
}
