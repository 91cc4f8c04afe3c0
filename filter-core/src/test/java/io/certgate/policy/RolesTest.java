package io.certgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;

import io.certgate.identity.ClientIdentity;
import io.certgate.pki.HeldCertificate;
import io.certgate.verdict.ReasonCode;

/** Roles granted by match expressions of the rule language, with real certificates. */
class RolesTest {
    private static final HeldCertificate CORP_CA = HeldCertificate.builder()
            .subject(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Corp")
                    .addRDN(BCStyle.CN, "Corp Issuing CA").build())
            .certificateAuthority(0).build();
    private static final HeldCertificate OTHER_CA = HeldCertificate.builder().commonName("Other CA")
            .certificateAuthority(0).build();
    private static final String ROLES = "admin = ou:platform & issuer:CN=Corp Issuing CA,O=Corp;"
            + " reader = san-uri:spiffe://example.org/ns/prod/*; admin = alice; auditor = alice, bob";

    private static ClientIdentity person(String cn, String ou, HeldCertificate issuer) throws Exception {
        return ClientIdentity.of(HeldCertificate.builder()
                .subject(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Corp").addRDN(BCStyle.OU, ou)
                        .addRDN(BCStyle.CN, cn).build())
                .clientAuth().signedBy(issuer).build().certificate());
    }

    private static ClientIdentity workload(String spiffeId, String dnsName) throws Exception {
        return ClientIdentity.of(HeldCertificate.builder()
                .subject(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "SPIRE").build())
                .addUriAlternativeName(spiffeId).addSubjectAlternativeName(dnsName)
                .clientAuth().signedBy(CORP_CA).build().certificate());
    }

    @Test
    void anOuAndIssuerExpressionGrantsOnlyWhenBothHold() throws Exception {
        Roles roles = PolicyParser.parse(null, null, ROLES).roles();
        assertEquals(Set.of("admin"), roles.of(person("carol", "platform", CORP_CA)));
        assertEquals(Set.of(), roles.of(person("carol", "platform", OTHER_CA)), "same OU, another issuer");
        assertEquals(Set.of(), roles.of(person("carol", "platforms", CORP_CA)), "OU compared exactly");
        assertTrue(roles.has(person("carol", "platform", CORP_CA), "admin"));
        assertFalse(roles.has(person("dave", "dev", CORP_CA), "admin"));
    }

    @Test
    void bareWordsAreCnsAndCombineWithExpressionsForTheSameRole() throws Exception {
        Roles roles = PolicyParser.parse(null, null, ROLES).roles();
        assertEquals(Set.of("admin", "auditor"), roles.of(person("alice", "sales", OTHER_CA)));
        assertEquals(Set.of("auditor"), roles.of(person("bob", "sales", OTHER_CA)));
    }

    @Test
    void aSpiffePrefixGrantsToWorkloadsBelowItByWholeSegments() throws Exception {
        Roles roles = PolicyParser.parse(null, null, ROLES).roles();
        assertEquals(Set.of("reader"), roles.of(workload("spiffe://example.org/ns/prod/sa/web", "web.example.org")));
        assertEquals(Set.of(), roles.of(workload("spiffe://example.org/ns/production/sa/web", "web.example.org")));
        assertEquals(Set.of(), roles.of(workload("spiffe://example.org/ns/prod/../admin", "web.example.org")));
    }

    /**
     * The no-CN case: a certificate whose display name is {@code alice} (its first DNS subjectAltName) holds none
     * of alice's roles, exactly as {@code cn:alice} refuses it in a rule.
     */
    @Test
    void aCertificateWithoutACnHoldsNoCnBasedRoleWhateverItsDisplayName() throws Exception {
        Roles roles = PolicyParser.parse(null, null, ROLES).roles();
        ClientIdentity noCn = ClientIdentity.of(HeldCertificate.builder()
                .subject(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Corp").build())
                .addSubjectAlternativeName("alice").clientAuth().signedBy(CORP_CA).build().certificate());
        assertEquals("alice", noCn.displayName());
        assertEquals(Set.of(), roles.of(noCn));
        assertFalse(roles.has(noCn, "admin"));
        Policy policy = PolicyParser.parse(null, "/x cn:alice", null);
        assertEquals(ReasonCode.NO_CN, Decision.of(policy, policy.rulesFor(List.of("/x"), "GET"), noCn,
                Instant.now()).reason(), "and the rule cn:alice agrees");
    }

    @Test
    void aSubjectWithTwoCnsHoldsNoCnBasedRole() throws Exception {
        Roles roles = PolicyParser.parse(null, null, ROLES).roles();
        ClientIdentity twoCns = ClientIdentity.of(HeldCertificate.builder()
                .subject(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "bob").addRDN(BCStyle.CN, "alice")
                        .build())
                .clientAuth().signedBy(CORP_CA).build().certificate());
        assertEquals(Set.of(), roles.of(twoCns));
    }

    @Test
    void aDnFromAProxyMatchesOnlyDnFields() throws Exception {
        Roles roles = PolicyParser.parse(null, null, ROLES + "; ops = ou:platform").roles();
        ClientIdentity dnOnly = ClientIdentity.ofSubject(
                io.certgate.identity.DistinguishedName.parse("CN=carol,OU=platform,O=Corp"));
        assertEquals(Set.of("ops"), roles.of(dnOnly), "issuer: never matches a DN passed alone");
    }
}
