package io.certgate.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Proxy;
import java.nio.charset.Charset;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERT61String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.DERUniversalString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.certgate.identity.DistinguishedName;
import io.certgate.pki.HeldCertificate;
import io.certgate.servlet.ServletRequestReader;
import io.certgate.source.PropertyHeaderFormats;
import io.certgate.source.TlsAttributeSource;
import io.certgate.verdict.Identified;
import io.certgate.verdict.Verdict;

/**
 * One certificate, one name: the TLS source (which reads the certificate's DER) and nginx's headers (the DN
 * text OpenSSL prints for {@code $ssl_client_s_dn}, with and without the certificate) give the same subject,
 * whatever ASN.1 string type each value has and whatever it holds that needs escaping.
 *
 * <p>The names have single-valued RDNs and no value that is a lone {@code #}: OpenSSL prints the attributes of
 * a multi-valued RDN in reverse, and a lone {@code #} unescaped (which the RFC 4514 parser refuses); both are
 * known disagreements that end in a denial, not in another name.
 */
class TlsNginxAgreementPropertiesTest {
    private static final HeldCertificate CA = HeldCertificate.builder().commonName("Agreement Test CA")
            .certificateAuthority(0).build();
    private static final KeyPair KEY = CA.keyPair();
    private static final TlsAttributeSource TLS = new TlsAttributeSource();
    private static final String SPECIALS = ",+\"\\<>;#= ";

    /** One attribute of a generated name: its keyword, its value, and the string type that encodes it. */
    record Attribute(String keyword, StringType type, String value) {
        RDN rdn() {
            return new RDN(BCStyle.INSTANCE.attrNameToOID(keyword), type.encode.apply(value));
        }

        @Override
        public String toString() {
            return keyword + "=" + type + DistinguishedNamePropertiesTest.printable(value);
        }
    }

    /** The string types, each with the values it can hold. */
    enum StringType {
        UTF8(DERUTF8String::new, DnArbitraries.value()),
        BMP(DERBMPString::new, DnArbitraries.value().filter(v -> v.codePoints().allMatch(cp -> cp < 0x10000))),
        UNIVERSAL(v -> new DERUniversalString(v.getBytes(Charset.forName("UTF-32BE"))), DnArbitraries.value()),
        TELETEX(DERT61String::new, Arbitraries.strings().withChars(SPECIALS).withCharRange(' ', '~')
                .withCharRange('\u00a0', '\u00ff').withChars("\u0000\t\n\u007f").ofMaxLength(10)),
        IA5(DERIA5String::new, Arbitraries.strings().withChars(SPECIALS).withCharRange('\u0000', '\u007f')
                .ofMaxLength(10)),
        PRINTABLE(DERPrintableString::new, Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .numeric().withChars(" '()+,-./:=?").ofMaxLength(10));

        final Function<String, ASN1Encodable> encode;
        final Arbitrary<String> values;

        StringType(Function<String, ASN1Encodable> encode, Arbitrary<String> values) {
            this.encode = encode;
            this.values = values.filter(v -> !v.equals("#"));
        }
    }

    @Provide
    Arbitrary<List<Attribute>> names() {
        Arbitrary<Attribute> attribute = Combinators.combine(Arbitraries.of(DnArbitraries.KEYWORDS),
                Arbitraries.of(StringType.class)).flatAs((keyword, type) -> type.values
                        .map(value -> new Attribute(keyword, type, value)));
        return attribute.list().ofMinSize(1).ofMaxSize(5);
    }

    @Property(tries = 200, seed = "13")
    void tlsAndNginxReadOneCertificateAsOneSubject(@ForAll("names") List<Attribute> name) {
        X509Certificate certificate = HeldCertificate.builder()
                .subject(new X500Name(name.stream().map(Attribute::rdn).toArray(RDN[]::new)))
                .keyPair(KEY).signedBy(CA).build().certificate();
        String nginxDn = OpenSslRfc2253.print(certificate.getSubjectX500Principal());
        Map<String, String> headers = PropertyHeaderFormats.validHeaders("nginx", certificate);
        headers.put("X-Client-Dn", nginxDn);

        DistinguishedName overTls = subject("TLS", TLS.extract(tlsRequest(certificate), ServletRequestReader.INSTANCE, false), nginxDn);
        DistinguishedName withCertificate = subject("nginx DN and certificate",
                PropertyHeaderFormats.extract("nginx", headers), nginxDn);
        headers.remove("X-Client-Cert");
        DistinguishedName dnOnly = subject("nginx DN only", PropertyHeaderFormats.extract("nginx", headers), nginxDn);

        assertEquals(dnOnly, overTls, () -> "nginx printed " + DistinguishedNamePropertiesTest.printable(nginxDn));
        assertEquals(dnOnly, withCertificate);
        assertEquals(dnOnly.values("CN"), overTls.values("CN"));
    }

    private static DistinguishedName subject(String path, Verdict extraction, String nginxDn) {
        if (extraction instanceof Identified present) {
            return present.identity().subject();
        }
        return fail(path + " gave " + extraction + "; nginx printed " + DistinguishedNamePropertiesTest.printable(nginxDn));
    }

    /** A request whose TLS handshake received {@code certificate}; only the attribute is read. */
    private static HttpServletRequest tlsRequest(X509Certificate certificate) {
        return (HttpServletRequest) Proxy.newProxyInstance(TlsNginxAgreementPropertiesTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getAttribute") && TlsAttributeSource.ATTRIBUTE.equals(args[0])) {
                        return new X509Certificate[] {certificate};
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
