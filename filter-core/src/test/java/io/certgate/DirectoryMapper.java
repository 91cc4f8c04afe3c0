package io.certgate;

import java.util.Set;

import io.certgate.identity.ClientIdentity;
import io.certgate.identity.IdentityMapper;
import io.certgate.identity.MappedIdentity;
import io.certgate.identity.SubjectAltName;

/**
 * A test {@code identity-mapper}, as an application would write one: looks the client's e-mail subjectAltName up
 * in a small directory. A CN {@code boom} makes it throw and a CN {@code nothing} makes it answer null, so the
 * tests can see both failures deny.
 */
public final class DirectoryMapper implements IdentityMapper {
    public DirectoryMapper() {
    }

    @Override
    public MappedIdentity map(ClientIdentity identity) {
        if ("boom".equals(identity.commonName())) {
            throw new IllegalStateException("the directory is down");
        }
        if ("nothing".equals(identity.commonName())) {
            return null;
        }
        String email = identity.firstSubjectAltName(SubjectAltName.Type.EMAIL);
        if ("carol@example.org".equals(email)) {
            return MappedIdentity.of("directory:carol", Set.of("auditor"));
        }
        return MappedIdentity.refused("no directory entry for " + email);
    }
}
