package io.certgate.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.certgate.config.ConfigException;
import io.certgate.servlet.ServletRequestReader;

/** {@code init} fails, naming the parameter, for every configuration it cannot honour. */
class HeaderSourceConfigTest {
    private static Map<String, String> parameters(String... namesAndValues) {
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return parameters;
    }

    private static ConfigException refused(String expectedParameter, Map<String, String> parameters) {
        ConfigException e = assertThrows(ConfigException.class, () -> HeaderSourceConfig.from(parameters));
        assertEquals(expectedParameter, e.parameter(), e.getMessage());
        assertTrue(e.getMessage().startsWith("init-param '" + expectedParameter + "'"), e.getMessage());
        return e;
    }

    @Test
    void missingTrustedProxiesIsRefused() {
        ConfigException e = refused("trusted-proxies", parameters("proxy-format", "nginx"));
        assertTrue(e.getMessage().contains("required"), e.getMessage());
    }

    @Test
    void blankTrustedProxiesIsRefused() {
        refused("trusted-proxies", parameters("trusted-proxies", "  "));
    }

    @ParameterizedTest(name = "trusted-proxies={0}")
    @ValueSource(strings = {"10.0.0.1/8", "192.168.1.0/23", "10.0.0.0/33", "::1/129", "fd00::1/8", "localhost",
            "proxy.example.com", "1.2.3", "01.2.3.4", "1.2.3.4.5", "256.1.1.1", "10.0.0.0/", "10.0.0.0/-1",
            "10.0.0.0/8/8", "10.0.0.0/ 8", "10.0.0.0/1000", "10.0.0.5,,10.0.0.6", "10.0.0.5,", "*", "0x7f.0.0.1",
            "1.2.3.4:80"})
    void badTrustedProxyEntryIsRefusedAndQuoted(String proxies) {
        ConfigException e = refused("trusted-proxies", parameters("trusted-proxies", proxies));
        assertTrue(e.getMessage().contains("\""), "the message quotes the bad entry: " + e.getMessage());
    }

    @Test
    void hostBitsMessageNamesTheFix() {
        ConfigException e = refused("trusted-proxies", parameters("trusted-proxies", "10.0.0.1/8"));
        assertTrue(e.getMessage().contains("10.0.0.1/8") && e.getMessage().contains("network address"),
                e.getMessage());
    }

    @Test
    void hostNameMessageSaysHostNamesAreNotAllowed() {
        ConfigException e = refused("trusted-proxies", parameters("trusted-proxies", "localhost"));
        assertTrue(e.getMessage().contains("host names are not allowed"), e.getMessage());
    }

    @Test
    void unknownProxyFormatIsRefused() {
        ConfigException e = refused("proxy-format", parameters("trusted-proxies", "10.0.0.5",
                "proxy-format", "caddy"));
        assertTrue(e.getMessage().contains("caddy") && e.getMessage().contains("nginx, ingress-nginx, envoy, traefik, apache, haproxy or rfc9440"),
                e.getMessage());
    }

    static Stream<Arguments> headersAFormatDoesNotHave() {
        return Stream.of(
                arguments("envoy", "header.dn"), arguments("envoy", "header.verify"),
                arguments("traefik", "header.dn"), arguments("traefik", "header.verify"),
                arguments("apache", "header.dn"), arguments("haproxy", "header.dn"),
                arguments("rfc9440", "header.dn"), arguments("rfc9440", "header.verify"));
    }

    @ParameterizedTest(name = "{1} for {0}")
    @MethodSource("headersAFormatDoesNotHave")
    void headerParameterTheFormatDoesNotHaveIsRefused(String format, String parameter) {
        ConfigException e = refused(parameter, parameters("trusted-proxies", "10.0.0.5", "proxy-format", format,
                parameter, "X-Something"));
        assertTrue(e.getMessage().contains(format) && e.getMessage().contains("remove it"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}: {2}={3} collides")
    @CsvSource({
        "nginx,   header.cert,   header.cert, x-client-dn",
        "nginx,   header.dn,     header.dn,   X-Client-Verify",
        "nginx,   header.cert,   header.verify, X-Client-Cert",
        "apache,  header.cert,   header.verify, ssl_client_cert",
        "haproxy, header.cert,   header.cert, X-SSL-Client-Verify",
        "haproxy, header.cert,   header.cert, x-ssl-client-chain",
        "haproxy, header.verify, header.verify, X-SSL-Client-Chain",
        "ingress-nginx, header.cert, header.cert, SSL-Client-Subject-DN",
        "ingress-nginx, header.verify, header.verify, ssl-client-issuer-dn",
        "ingress-nginx, header.cert, header.cert, ssl-client-issuer-dn",
        "rfc9440, header.cert,   header.cert, Client-Cert-Chain",
    })
    void twoParametersNamingOneHeaderAreRefused(String format, String expectedParameter, String parameter,
            String header) {
        ConfigException e = refused(expectedParameter, parameters("trusted-proxies", "10.0.0.5",
                "proxy-format", format, parameter, header));
        assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains(header.toLowerCase(java.util.Locale.ROOT)),
                e.getMessage());
    }

    @ParameterizedTest(name = "header name \"{0}\"")
    @ValueSource(strings = {"", " ", "X Client Dn", "X-Client-Dn:", "X-Client-Dn ", "X-Client\tDn", "X-Client-Dn\r\nX-Evil",
            "X-(Dn)", "X-Client(Dn", "X-Client/Dn", "X-Client-D\u00f1", "\"X\"", "X-Client-Dn\u007f"})
    void badHeaderNamesAreRefused(String name) {
        for (String parameter : new String[] {"header.verify", "header.dn", "header.cert"}) {
            refused(parameter, parameters("trusted-proxies", "10.0.0.5", parameter, name));
        }
    }

    @Test
    void defaultsAreNginxWithItsThreeHeaders() throws Exception {
        HeaderSource source = HeaderSourceConfig.from(parameters("trusted-proxies", "10.0.0.5"));
        assertEquals(Set.of("X-Client-Verify", "X-Client-Dn", "X-Client-Cert"), source.headerNames());
    }

    @Test
    void formatNameIsCaseInsensitiveAndTrimmed() throws Exception {
        HeaderSource source = HeaderSourceConfig.from(parameters("trusted-proxies", "10.0.0.5", "proxy-format",
                " HAProxy "));
        assertEquals(Set.of("X-SSL-Client-Cert", "X-SSL-Client-Verify", "X-SSL-Client-Chain"), source.headerNames());
    }

    @Test
    void eachFormatReadsItsOwnHeaders() throws Exception {
        assertEquals(Set.of("x-forwarded-client-cert"), HeaderSourceConfig.from(parameters("trusted-proxies",
                "10.0.0.5", "proxy-format", "envoy")).headerNames());
        assertEquals(Set.of("X-Forwarded-Tls-Client-Cert"), HeaderSourceConfig.from(parameters("trusted-proxies",
                "10.0.0.5", "proxy-format", "traefik")).headerNames());
        assertEquals(Set.of("SSL_CLIENT_CERT", "SSL_CLIENT_VERIFY"), HeaderSourceConfig.from(parameters(
                "trusted-proxies", "10.0.0.5", "proxy-format", "apache")).headerNames());
        assertEquals(Set.of("ssl-client-verify", "ssl-client-subject-dn", "ssl-client-cert", "ssl-client-issuer-dn"),
                HeaderSourceConfig.from(parameters("trusted-proxies", "10.0.0.5", "proxy-format", "ingress-nginx"))
                        .headerNames());
        assertEquals(Set.of("X-Client-Certificate"), HeaderSourceConfig.from(parameters("trusted-proxies",
                "10.0.0.5", "proxy-format", "envoy", "header.cert", "X-Client-Certificate")).headerNames());
    }

    @Test
    void mixedListOfAddressesAndBlocksIsAccepted() throws Exception {
        HeaderSource source = HeaderSourceConfig.from(parameters("trusted-proxies",
                "10.0.0.5, 192.168.0.0/16 ,fd00::/8,[::1],127.0.0.2/32"));
        assertTrue(source.trusts(ProxyRequest.from("192.168.44.1").build(), ServletRequestReader.INSTANCE));
        assertTrue(source.trusts(ProxyRequest.from("fd12::1").build(), ServletRequestReader.INSTANCE));
        assertTrue(source.trusts(ProxyRequest.from("::1").build(), ServletRequestReader.INSTANCE));
        assertTrue(source.trusts(ProxyRequest.from("10.0.0.5").build(), ServletRequestReader.INSTANCE));
    }
}
