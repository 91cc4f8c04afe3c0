package io.certgate.property;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import javax.naming.ldap.LdapName;
import javax.security.auth.x500.X500Principal;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.certgate.identity.AttributeTypeAndValue;
import io.certgate.identity.DistinguishedName;
import io.certgate.identity.DnParseException;
import io.certgate.identity.Rdn;

/**
 * The DN parsers against the JDK, and against hostile text. The JDK is the reference for the RFC 2253
 * form because it is what {@code ClientIdentity.of} parses for every certificate.
 */
class DistinguishedNamePropertiesTest {
    @Provide
    Arbitrary<GeneratedDn> dns() {
        return DnArbitraries.dns();
    }

    @Provide
    Arbitrary<String> anyText() {
        return DnArbitraries.anyDnInput();
    }

    @Property(tries = 1000, seed = "4514")
    void rfc2253PrintingOfAPrincipalParsesToTheValuesItWasBuiltFrom(@ForAll("dns") GeneratedDn generated)
            throws DnParseException {
        String printed = generated.principal().getName(X500Principal.RFC2253);

        DistinguishedName parsed = DistinguishedName.parseRfc4514(printed);

        assertEquals(expected(generated.rdns()), sorted(parsed.rdns()),
                () -> "JDK printed " + printable(printed) + " for " + printable(generated.toRfc2253Input()));
    }

    @Property(tries = 1000, seed = "2253")
    void rfc2253ParseAgreesWithLdapName(@ForAll("dns") GeneratedDn generated)
            throws DnParseException, javax.naming.NamingException {
        String printed = generated.principal().getName(X500Principal.RFC2253);

        List<javax.naming.ldap.Rdn> ldap = new ArrayList<>(new LdapName(printed).getRdns());
        java.util.Collections.reverse(ldap); // LdapName lists the most general RDN first
        List<Rdn> ours = DistinguishedName.parseRfc4514(printed).rdns();

        assertEquals(ldap.size(), ours.size(), () -> "RDN count of " + printable(printed));
        for (int i = 0; i < ours.size(); i++) {
            List<String> ldapValues = new ArrayList<>();
            for (javax.naming.directory.Attribute attribute : java.util.Collections.list(ldap.get(i).toAttributes().getAll())) {
                for (Object value : java.util.Collections.list(attribute.getAll())) {
                    // LdapName leaves #hex (BER) values as bytes; the other test compares those with the input.
                    if (value instanceof String text) {
                        ldapValues.add(text);
                    }
                }
            }
            List<String> ourValues = new ArrayList<>();
            for (AttributeTypeAndValue attribute : ours.get(i).attributes()) {
                if (!printedAsHex(printed, attribute)) {
                    ourValues.add(attribute.value());
                }
            }
            ldapValues.sort(null);
            ourValues.sort(null);
            int rdn = i;
            assertEquals(ldapValues, ourValues, () -> "RDN " + rdn + " of " + printable(printed));
        }
    }

    @Property(tries = 600, seed = "1166")
    void legacyOpenSslFormParsesToTheSameDnAsRfc2253(@ForAll("dns") GeneratedDn generated) throws DnParseException {
        GeneratedDn safe = generated.legacySafe();
        DistinguishedName legacy = DistinguishedName.parse(DnArbitraries.legacy(safe));

        assertEquals(expected(safe.rdns()), sorted(legacy.rdns()), () -> printable(DnArbitraries.legacy(safe)));
    }

    @Property(tries = 2000, seed = "7")
    void parseThrowsNothingButDnParseException(@ForAll("anyText") String text) {
        for (DnParser parser : DnParser.values()) {
            try {
                DistinguishedName dn = parser.parse(text);
                // What parses must print to something that parses to the same DN (no lossy round trip).
                if (!dn.rdns().isEmpty()) {
                    assertEquals(dn, DistinguishedName.parseRfc4514(dn.toString()),
                            () -> parser + " round trip of " + printable(text));
                }
            } catch (DnParseException expected) {
                // the only way to refuse
            } catch (RuntimeException e) {
                throw new AssertionError(parser + " threw " + e + " for " + printable(text), e);
            }
        }
    }

    @Property(tries = 300, seed = "16")
    void adversarialDnsAreRefusedOrParsedWithoutOtherExceptions(@ForAll("adversarial") String text) {
        for (DnParser parser : DnParser.values()) {
            try {
                parser.parse(text);
            } catch (DnParseException expected) {
                // fine
            } catch (RuntimeException e) {
                throw new AssertionError(parser + " threw " + e + " for a " + text.length() + "-char DN", e);
            }
        }
    }

    @Provide
    Arbitrary<String> adversarial() {
        return net.jqwik.api.Arbitraries.of(AdversarialInputs.dns(DistinguishedName.MAX_LENGTH))
                .flatMap(dn -> net.jqwik.api.Arbitraries.oneOf(net.jqwik.api.Arbitraries.just(dn),
                        Mutations.mutated(net.jqwik.api.Arbitraries.just(dn), net.jqwik.api.Arbitraries.of("\\", "\"", "#"))));
    }

    enum DnParser {
        ANY {
            @Override
            DistinguishedName parse(String text) throws DnParseException {
                return DistinguishedName.parse(text);
            }
        },
        RFC4514 {
            @Override
            DistinguishedName parse(String text) throws DnParseException {
                return DistinguishedName.parseRfc4514(text);
            }
        },
        OPENSSL_LEGACY {
            @Override
            DistinguishedName parse(String text) throws DnParseException {
                return DistinguishedName.parseOpenSslLegacy(text);
            }
        };

        abstract DistinguishedName parse(String text) throws DnParseException;
    }

    /** The JDK prints types it has no keyword for (EMAILADDRESS, SERIALNUMBER) as OID=#BER. */
    private static boolean printedAsHex(String printed, AttributeTypeAndValue attribute) {
        return attribute.type().equals("EMAILADDRESS") || attribute.type().equals("SERIALNUMBER");
    }

    /** RDNs as sorted "TYPE=value" lists: the order inside a multi-valued RDN carries no meaning. */
    private static List<List<String>> expected(List<List<GeneratedDn.Attribute>> rdns) {
        List<List<String>> out = new ArrayList<>();
        for (List<GeneratedDn.Attribute> rdn : rdns) {
            out.add(rdn.stream().map(a -> a.canonicalType() + "=" + a.value()).sorted().toList());
        }
        return out;
    }

    private static List<List<String>> sorted(List<Rdn> rdns) {
        List<List<String>> out = new ArrayList<>();
        for (Rdn rdn : rdns) {
            out.add(rdn.attributes().stream().map(a -> a.type() + "=" + a.value())
                    .sorted(Comparator.naturalOrder()).toList());
        }
        return out;
    }

    /** The text with control and non-ASCII characters as {@code \}{@code uXXXX}, for failure messages. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c)
                : String.format("\\u%04x", c)));
        return "\"" + out + "\" (" + text.getBytes(StandardCharsets.UTF_8).length + " bytes)";
    }
}
