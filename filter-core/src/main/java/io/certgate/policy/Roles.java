package io.certgate.policy;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code roles} init-param: which CNs hold which role, for {@code HttpServletRequest.isUserInRole}.
 *
 * @param membersByRole role name to the CNs that hold it
 */
public record Roles(Map<String, Set<String>> membersByRole) {
    public Roles {
        membersByRole = Map.copyOf(membersByRole);
    }

    /** Every role the client with common name {@code cn} holds, in no particular order. */
    public Set<String> of(String cn) {
        Set<String> held = new HashSet<>();
        membersByRole.forEach((role, members) -> {
            if (members.contains(cn)) {
                held.add(role);
            }
        });
        return Set.copyOf(held);
    }

    /** Whether the client with common name {@code cn} holds {@code role}. */
    public boolean has(String cn, String role) {
        Set<String> members = role == null ? null : membersByRole.get(role);
        return members != null && members.contains(cn);
    }
}
