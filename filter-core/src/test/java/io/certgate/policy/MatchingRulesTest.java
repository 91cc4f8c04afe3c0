package io.certgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.certgate.config.ConfigException;
import io.certgate.identity.ClientIdentity;
import io.certgate.pki.HeldCertificate;
import io.certgate.verdict.ReasonCode;

/** Rules on identity fields beyond the CN, with real certificates. */
class MatchingRulesTest {
    private static final HeldCertificate CA = HeldCertificate.builder().commonName("Ops CA")
            .subject(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Example").addRDN(BCStyle.CN, "Ops CA")
                    .build())
            .certificateAuthority(0).build();
    private static final HeldCertificate CAROL = HeldCertificate.builder()
            .subject(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Example").addRDN(BCStyle.OU, "ops")
                    .addRDN(BCStyle.CN, "carol").build())
            .addSubjectAlternativeName("Carol.Example.org").addEmailAlternativeName("carol@example.org")
            .clientAuth().signedBy(CA).build();
    private static final HeldCertificate DAVE = HeldCertificate.builder()
            .subject(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Example").addRDN(BCStyle.OU, "dev")
                    .addRDN(BCStyle.CN, "dave").build())
            .clientAuth().signedBy(CA).build();
    /** A SPIFFE X.509-SVID: no CN, the identity is the URI SAN. */
    private static final HeldCertificate WORKLOAD = HeldCertificate.builder()
            .subject(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "SPIRE").build())
            .addUriAlternativeName("spiffe://example.org/ns/prod/sa/web").clientAuth().signedBy(CA).build();

    @ParameterizedTest(name = "{0}: carol {1}, dave {2}")
    @CsvSource(delimiter = '|', value = {
        "ou:ops                          | true  | false",
        "ou:ops,dev                      | true  | true",
        "o:Example & ou:dev              | false | true",
        "ou:ops & cn:carol               | true  | false",
        "ou:ops & cn:dave                | false | false",
        "san-dns:carol.example.org       | true  | false",
        "san-dns:CAROL.EXAMPLE.ORG.      | true  | false",
        "san-email:carol@example.org     | true  | false",
        "san-email:CAROL@example.org     | false | false",
        "issuer:CN=Ops CA,O=Example      | true  | true",
        "issuer:CN=Ops CA                | false | false",
        "o:Exam                          | false | false",
        "cn:car                          | false | false",
    })
    void fieldTestsCompareParsedValuesExactly(String access, boolean carolAllowed, boolean daveAllowed) throws Exception {
        Policy policy = PolicyParser.parse(null, "/x " + access, null);
        assertEquals(carolAllowed, allowed(policy, CAROL), access + " for carol");
        assertEquals(daveAllowed, allowed(policy, DAVE), access + " for dave");
    }

    @Test
    void fingerprintAndSerialNameOneCertificate() throws Exception {
        ClientIdentity carol = ClientIdentity.of(CAROL.certificate());
        String colons = carol.sha256Fingerprint().toUpperCase().replaceAll("(..)(?!$)", "$1:");
        Policy byFingerprint = PolicyParser.parse(null, "/x fingerprint:" + colons, null);
        assertTrue(allowed(byFingerprint, CAROL));
        assertEquals(false, allowed(byFingerprint, DAVE));
        Policy bySerial = PolicyParser.parse(null, "/x serial:" + carol.serialNumber().toString(16).toUpperCase(), null);
        assertTrue(allowed(bySerial, CAROL));
        assertEquals(false, allowed(bySerial, DAVE));
    }

    @Test
    void spiffeIdWithoutCnPassesAUriRuleButNotACnRule() throws Exception {
        Policy policy = PolicyParser.parse("web", """
                /api/*   san-uri:spiffe://example.org/ns/prod/sa/web
                /admin/* cn:web
                """, null);
        assertTrue(allowed(policy, WORKLOAD, "/api/x"));
        Decision admin = Decision.of(policy, policy.rulesFor(List.of("/admin/"), "GET"),
                ClientIdentity.of(WORKLOAD.certificate()), Instant.now());
        assertEquals(ReasonCode.NO_CN, admin.reason());
        assertEquals("spiffe://example.org/ns/prod/sa/web", ClientIdentity.of(WORKLOAD.certificate()).displayName());
    }

    @Test
    void badFieldTestsStopTheConfiguration() {
        for (String access : new String[] {"ou:", "fingerprint:abcd", "serial:xyz", "issuer:CN=a\\", "title:boss",
            "ou:ops &", "& cn:a"}) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> PolicyParser.parse(null, "/x " + access, null), access);
            assertTrue(e.getMessage().startsWith("init-param 'rules' line 1: "), e.getMessage());
        }
    }

    private static boolean allowed(Policy policy, HeldCertificate client) throws Exception {
        return allowed(policy, client, "/x");
    }

    private static boolean allowed(Policy policy, HeldCertificate client, String path) throws Exception {
        return Decision.of(policy, policy.rulesFor(List.of(path), "GET"), ClientIdentity.of(client.certificate()),
                Instant.now()).allowed();
    }
}
