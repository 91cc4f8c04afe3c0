package io.certgate.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERT61String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link DerName} fed real names and mutated ones: a real name reads back to its values and prints to text
 * that parses to the same name; mutated bytes are read or refused with a {@link DnParseException}, nothing
 * else.
 */
class DerNamePropertiesTest {
    private static final List<ASN1ObjectIdentifier> TYPES = List.of(BCStyle.CN, BCStyle.O, BCStyle.OU, BCStyle.C,
            BCStyle.DC, BCStyle.EmailAddress, new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.7"));

    /** A value, its encoding, and the text DerName must read from it. */
    record Value(ASN1Encodable encoding, String text) {
        @Override
        public String toString() {
            return encoding.getClass().getSimpleName() + " " + text;
        }
    }

    @Provide
    Arbitrary<List<List<Value>>> names() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange('\u0000', '\u00ff').withChars("\u4e2d\u20ac")
                .withChars(",+\"\\<>;#= ").ofMaxLength(8);
        Arbitrary<String> ascii = Arbitraries.strings().withCharRange('\u0000', '\u007f').ofMaxLength(8);
        Arbitrary<Value> value = Arbitraries.oneOf(
                text.map(t -> new Value(new DERUTF8String(t), t)),
                text.map(t -> new Value(new DERBMPString(t), t)),
                text.filter(t -> t.chars().allMatch(c -> c <= 0xff)).map(t -> new Value(new DERT61String(t), t)),
                ascii.map(t -> new Value(new DERIA5String(t), t)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(6).map(b -> new Value(new DEROctetString(b),
                        hexForm(new DEROctetString(b)))),
                Arbitraries.longs().map(n -> new Value(new ASN1Integer(n), hexForm(new ASN1Integer(n)))));
        return value.list().ofMinSize(1).ofMaxSize(3).list().ofMaxSize(6);
    }

    @Property(tries = 300, seed = "690")
    void realNameReadsBackToItsValuesInRfc4514Order(@ForAll("names") List<List<Value>> rdns) throws Exception {
        byte[] der = encode(rdns);

        DistinguishedName dn = DerName.parse(der);

        assertEquals(rdns.size(), dn.rdns().size());
        for (int i = 0; i < rdns.size(); i++) {
            List<String> expected = rdns.get(rdns.size() - 1 - i).stream().map(Value::text).sorted().toList();
            List<String> read = dn.rdns().get(i).attributes().stream()
                    .map(io.certgate.identity.AttributeTypeAndValue::value).sorted().toList();
            assertEquals(expected, read, "RDN " + i);
        }
        assertEquals(dn, DistinguishedName.parseRfc4514(dn.toString()), "printed as " + dn);
    }

    @Property(tries = 1000, seed = "13")
    void mutatedNameIsReadOrRefusedWithDnParseExceptionOnly(@ForAll("names") List<List<Value>> rdns,
            @ForAll("edits") List<int[]> edits) {
        byte[] der = encode(rdns);
        for (int[] edit : edits) {
            der = edit(der, edit);
        }
        try {
            DerName.parse(der);
        } catch (DnParseException refused) {
            // the only way to refuse
        } catch (RuntimeException e) {
            throw new AssertionError("threw " + e + " for " + HexFormat.of().formatHex(der), e);
        }
    }

    /** {operation, position, byte}: 0 replaces a byte, 1 inserts one, 2 deletes one, 3 truncates. */
    @Provide
    Arbitrary<List<int[]>> edits() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 400),
                Arbitraries.oneOf(Arbitraries.of(0x00, 0x80, 0x81, 0x82, 0x84, 0xff, 0x1e, 0x1c, 0x0c, 0x30, 0x31, 0x06,
                        0x1f, 0xd8), Arbitraries.integers().between(0, 255)))
                .as((operation, position, value) -> new int[] {operation, position, value})
                .list().ofMinSize(1).ofMaxSize(3);
    }

    private static byte[] edit(byte[] der, int[] edit) {
        if (der.length == 0) {
            return der;
        }
        int at = edit[1] % der.length;
        switch (edit[0]) {
            case 0:
                byte[] replaced = der.clone();
                replaced[at] = (byte) edit[2];
                return replaced;
            case 1:
                byte[] inserted = new byte[der.length + 1];
                System.arraycopy(der, 0, inserted, 0, at);
                inserted[at] = (byte) edit[2];
                System.arraycopy(der, at, inserted, at + 1, der.length - at);
                return inserted;
            case 2:
                byte[] deleted = new byte[der.length - 1];
                System.arraycopy(der, 0, deleted, 0, at);
                System.arraycopy(der, at + 1, deleted, at, der.length - at - 1);
                return deleted;
            default:
                return Arrays.copyOf(der, at);
        }
    }

    private static byte[] encode(List<List<Value>> rdns) {
        RDN[] encoded = new RDN[rdns.size()];
        for (int i = 0; i < rdns.size(); i++) {
            List<Value> rdn = rdns.get(i);
            AttributeTypeAndValue[] attributes = new AttributeTypeAndValue[rdn.size()];
            for (int j = 0; j < rdn.size(); j++) {
                attributes[j] = new AttributeTypeAndValue(TYPES.get((i + j) % TYPES.size()), rdn.get(j).encoding());
            }
            encoded[i] = new RDN(attributes);
        }
        try {
            return new X500Name(encoded).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hexForm(ASN1Encodable value) {
        try {
            return "#" + HexFormat.of().formatHex(value.toASN1Primitive().getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
