package io.certgate.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.certgate.identity.ClientIdentity;

/**
 * The {@code roles} init-param: which clients hold which role, for {@code HttpServletRequest.isUserInRole}
 * and the groups a container integration passes on. Each role is granted by one or more match expressions
 * of the rule language; a client holds the role when any of them matches its parsed identity. A bare word is
 * a CN, exactly as {@code cn:} in a rule, so a certificate without a single CN holds no CN-based role.
 */
public final class Roles {
    private final List<RoleGrant> grants;
    private final Map<String, List<RoleGrant>> grantsByRole;

    /** @param grants the entries in the order written; a role may appear in several (any of them grants it) */
    public Roles(List<RoleGrant> grants) {
        this.grants = List.copyOf(grants);
        Map<String, List<RoleGrant>> byRole = new LinkedHashMap<>();
        for (RoleGrant grant : this.grants) {
            byRole.computeIfAbsent(grant.role(), role -> new ArrayList<>()).add(grant);
        }
        Map<String, List<RoleGrant>> frozen = new LinkedHashMap<>();
        byRole.forEach((role, list) -> frozen.put(role, List.copyOf(list)));
        this.grantsByRole = Map.copyOf(frozen);
    }

    /** No roles at all. */
    public static Roles none() {
        return new Roles(List.of());
    }

    /** Every entry, in the order written. */
    public List<RoleGrant> grants() {
        return grants;
    }

    /** The role names, each once. */
    public Set<String> names() {
        return grantsByRole.keySet();
    }

    /** Every role the client holds, in no particular order. */
    public Set<String> of(ClientIdentity identity) {
        Set<String> held = new HashSet<>();
        for (RoleGrant grant : grants) {
            if (!held.contains(grant.role()) && grant.matches(identity)) {
                held.add(grant.role());
            }
        }
        return Set.copyOf(held);
    }

    /** Whether the client holds {@code role}; allocates nothing, since an application may ask on every request. */
    public boolean has(ClientIdentity identity, String role) {
        List<RoleGrant> granting = role == null ? null : grantsByRole.get(role);
        if (granting == null) {
            return false;
        }
        for (int i = 0; i < granting.size(); i++) {
            if (granting.get(i).matches(identity)) {
                return true;
            }
        }
        return false;
    }
}
