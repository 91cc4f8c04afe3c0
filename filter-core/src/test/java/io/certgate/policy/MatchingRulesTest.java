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

    /** A Windows smart card certificate: the user is the UPN, the card's issuance policy is a policy OID. */
    private static final HeldCertificate SMART_CARD = HeldCertificate.builder().commonName("Erin Example")
            .addUpnAlternativeName("erin@corp.example").certificatePolicy("1.3.6.1.4.1.99999.1.2")
            .addSubjectAlternativeName("10.1.2.3").addSubjectAlternativeName("2001:db8::7")
            .addUriAlternativeName("spiffe://example.org/ns/production/sa/x")
            .clientAuth().signedBy(CA).build();

    @ParameterizedTest(name = "{0}: workload {1}, smart card {2}")
    @CsvSource(delimiter = '|', value = {
        "san-uri:spiffe://example.org/ns/prod/*              | true  | false",
        "san-uri:spiffe://example.org/ns/*                   | true  | true",
        "san-uri:spiffe://example.org/*                      | true  | true",
        "san-uri:spiffe://example.org/ns/prod/sa/web/*       | false | false",
        "san-uri:spiffe://example.org/ns/pro/*               | false | false",
        "san-uri:spiffe://example.org/ns/prod/sa/web         | true  | false",
        "san-uri:spiffe://example.org/ns/prod/sa/web, spiffe://example.org/ns/production/* | true | true",
        "san-uri:spiffe://other.org/ns/prod/*                | false | false",
        "san-ip:10.1.2.3                                     | false | true",
        "san-ip:10.1.0.0/16                                  | false | true",
        "san-ip:10.1.2.4                                     | false | false",
        "san-ip:10.2.0.0/16                                  | false | false",
        "san-ip:2001:db8::/32                                | false | true",
        "san-ip:2001:db8:0:0:0:0:0:7                         | false | true",
        "san-ip:0.0.0.0/0                                    | false | true",
        "upn:erin@corp.example                               | false | true",
        "upn:ERIN@corp.example                               | false | false",
        "upn:erin                                            | false | false",
        "policy:1.3.6.1.4.1.99999.1.2                        | false | true",
        "policy:1.3.6.1.4.1.99999.1                          | false | false",
        "policy:1.3.6.1.4.1.99999.1.2 & upn:erin@corp.example | false | true",
    })
    void newFieldTestsCompareParsedValuesExactly(String access, boolean workloadAllowed, boolean smartCardAllowed)
            throws Exception {
        Policy policy = PolicyParser.parse(null, "/x " + access, null);
        assertEquals(workloadAllowed, allowed(policy, WORKLOAD), access + " for the workload");
        assertEquals(smartCardAllowed, allowed(policy, SMART_CARD), access + " for the smart card");
    }

    @ParameterizedTest(name = "{0} below {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "spiffe://example.org/ns/prod/x          | true",
        "spiffe://example.org/ns/prod/x/y        | true",
        "spiffe://example.org/ns/prod/a.b-c_d~e  | true",
        "spiffe://example.org/ns/prod/azAZ09     | true",
        "spiffe://example.org/ns/prod/a:b        | false",
        "spiffe://example.org/ns/prod/a@b        | false",
        "spiffe://example.org/ns/prod            | false",
        "spiffe://example.org/ns/prod/           | false",
        "spiffe://example.org/ns/production      | false",
        "spiffe://example.org/ns/prod//x         | false",
        "spiffe://example.org/ns/prod/x/         | false",
        "spiffe://example.org/ns/prod/../admin   | false",
        "spiffe://example.org/ns/prod/./x        | false",
        "spiffe://example.org/ns/prod/..         | false",
        "spiffe://example.org/ns/prod/%2e%2e/x   | false",
        "spiffe://example.org/ns/prod/x?y        | false",
        "spiffe://example.org/ns/prod/x#y        | false",
        "spiffe://example.org/ns/prod/...        | true",
        "SPIFFE://example.org/ns/prod/x          | false",
    })
    void uriPrefixMatchesWholePathSegmentsOnly(String uri, boolean allowed) throws Exception {
        HeldCertificate workload = HeldCertificate.builder()
                .subject(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "SPIRE").build())
                .addUriAlternativeName(uri).clientAuth().signedBy(CA).build();
        Policy policy = PolicyParser.parse(null, "/x san-uri:spiffe://example.org/ns/prod/*", null);
        assertEquals(allowed, allowed(policy, workload), uri);
    }

    @Test
    void spkiNamesAKeyAcrossCertificates() throws Exception {
        HeldCertificate renewed = HeldCertificate.builder().commonName("carol").keyPair(CAROL.keyPair())
                .clientAuth().signedBy(CA).build();
        String spki = ClientIdentity.of(CAROL.certificate()).spkiSha256();
        Policy policy = PolicyParser.parse(null, "/x spki:" + spki.toUpperCase().replaceAll("(..)(?!$)", "$1:"), null);
        assertTrue(allowed(policy, CAROL));
        assertTrue(allowed(policy, renewed));
        assertEquals(false, allowed(policy, DAVE));
    }

    @Test
    void aDnOnlyIdentityPassesNoCertificateFieldTest() throws Exception {
        ClientIdentity dnOnly = ClientIdentity.ofSubject(ClientIdentity.of(SMART_CARD.certificate()).subject());
        for (String access : new String[] {"san-ip:0.0.0.0/0", "upn:erin@corp.example", "policy:1.3.6.1.4.1.99999.1.2",
            "spki:" + ClientIdentity.of(SMART_CARD.certificate()).spkiSha256(), "san-uri:spiffe://example.org/*"}) {
            Policy policy = PolicyParser.parse(null, "/x " + access, null);
            assertEquals(false, Decision.of(policy, policy.rulesFor(List.of("/x"), "GET"), dnOnly, Instant.now())
                    .allowed(), access);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "san-ip:10.0.0.0/33            | bad prefix length",
        "san-ip:10.0.0.1/8             | host bits set",
        "san-ip:host.example           | not an IP address",
        "san-ip:010.0.0.1              | not an IP address",
        "san-ip:                       | empty CN list",
        "upn:                          | empty CN list",
        "spki:abcd                     | SHA-256",
        "policy:1.3.6.1.x              | not a policy OID",
        "policy:1                      | not a policy OID",
        "policy:3.1                    | not a policy OID",
        "policy:1.40                   | not a policy OID",
        "policy:1.03.6                 | not a policy OID",
        "policy:1..3                   | not a policy OID",
        "san-uri:spiffe://example.org/ns/*/x | '*' may only end",
        "san-uri:spiffe://example.org/ns*    | '*' may only end",
        "san-uri:/ns/prod/*            | '*' may only end",
        "san-uri:spiffe:///*           | '*' may only end",
        "san-uri:spiffe://example.org/ns//*  | '*' may only end",
        "san-uri:spiffe://example.org/x?y/*  | '*' may only end",
        "san-uri:://example.org/ns/*   | '*' may only end",
        "san-uri:*                     | '*' may only end",
        "san-uri:?://example.org/*     | '*' may only end",
        "policy:1.3.6.1.4.1.99999.12345678901234567890123456789012345678901 | not a policy OID",
        "upm:erin@corp.example         | unknown access",
    })
    void badNewFieldTestsStopTheConfigurationNamingRulesAndTheLine(String access, String detail) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> PolicyParser.parse(null, "/open open\n/x " + access, null), access);
        assertTrue(e.getMessage().startsWith("init-param 'rules' line 2: "), e.getMessage());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

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

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2.5",
        "2.999.1",
        "1.39.1",
        "0.9.2342.19200300.100.1.1",
        "1.3.6.1.4.1.99999.0.1",
        "1.3.6.1.4.1.99999.1234567890123456789012345678901234567890",
    })
    void policyOidsParseAtTheEdgesOfTheOidGrammar(String oid) throws Exception {
        HeldCertificate holder = HeldCertificate.builder().commonName("erin").certificatePolicy(oid)
                .clientAuth().signedBy(CA).build();
        Policy policy = PolicyParser.parse(null, "/x policy:" + oid, null);
        assertTrue(allowed(policy, holder), oid);
        assertEquals(false, allowed(policy, SMART_CARD), oid);
    }

    @Test
    void policyOidsAreBoundedAt200Characters() throws Exception {
        String longest = "1.3." + "1234567890.".repeat(17) + "123456789";
        assertEquals(200, longest.length());
        PolicyParser.parse(null, "/x policy:" + longest, null);
        ConfigException e = assertThrows(ConfigException.class,
                () -> PolicyParser.parse(null, "/x policy:" + longest + "6", null));
        assertTrue(e.getMessage().contains("not a policy OID"), e.getMessage());
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
