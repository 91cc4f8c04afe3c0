package io.certgate.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Collections;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.certgate.servlet.HiddenHeadersRequest;

/** The wrapper the filter puts around requests from untrusted peers. */
class HiddenHeadersRequestTest {
    private static final Set<String> NGINX_HEADERS = ExtractionAssertions.source("nginx").headerNames();

    private static HttpServletRequest clientSending(String... namesAndValues) {
        ProxyRequest request = ProxyRequest.from("203.0.113.7").header("Accept", "text/html");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            request.header(namesAndValues[i], namesAndValues[i + 1]);
        }
        return request.header("User-Agent", "curl/8.5.0").build();
    }

    @Test
    void theNginxSourceNamesItsThreeHeaders() {
        assertEquals(Set.of("X-Client-Verify", "X-Client-Dn", "X-Client-Cert"), NGINX_HEADERS);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"X-Client-Dn", "x-client-dn", "X-CLIENT-DN", "x-Client-dN"})
    void certificateHeaderIsHiddenWhateverItsCase(String sent) {
        HttpServletRequest hidden = HiddenHeadersRequest.hide(clientSending(sent, "CN=alice"), NGINX_HEADERS);
        for (String asked : List.of("X-Client-Dn", "x-client-dn", "X-CLIENT-DN", sent)) {
            assertNull(hidden.getHeader(asked), asked);
            assertFalse(hidden.getHeaders(asked).hasMoreElements(), asked);
            assertEquals(-1, hidden.getIntHeader(asked), asked);
            assertEquals(-1L, hidden.getDateHeader(asked), asked);
        }
        assertEquals(List.of("Accept", "User-Agent"), Collections.list(hidden.getHeaderNames()));
    }

    @Test
    void everyCertificateHeaderIsHiddenAndOthersStay() {
        HttpServletRequest hidden = HiddenHeadersRequest.hide(clientSending("x-client-verify", "SUCCESS",
                "X-CLIENT-CERT", "-----BEGIN", "X-Client-Dn", "CN=alice", "X-Client-Dn", "CN=admin"), NGINX_HEADERS);
        assertEquals(List.of("Accept", "User-Agent"), Collections.list(hidden.getHeaderNames()));
        assertEquals("text/html", hidden.getHeader("accept"));
        assertEquals(List.of("curl/8.5.0"), Collections.list(hidden.getHeaders("User-Agent")));
        assertNull(hidden.getHeader("X-Client-Verify"));
        assertNull(hidden.getHeader("X-Client-Cert"));
        assertFalse(hidden.getHeaders("x-client-dn").hasMoreElements());
    }

    @Test
    void requestWithoutCertificateHeadersIsNotWrapped() {
        HttpServletRequest plain = clientSending();
        assertSame(plain, HiddenHeadersRequest.hide(plain, NGINX_HEADERS));
    }

    @Test
    void requestWithCertificateHeaderIsWrapped() {
        HttpServletRequest sending = clientSending("X-Client-Verify", "SUCCESS");
        assertNotSame(sending, HiddenHeadersRequest.hide(sending, NGINX_HEADERS));
    }

    @Test
    void envoyHeaderSentInMixedCaseIsHidden() {
        Set<String> envoy = ExtractionAssertions.source("envoy").headerNames();
        HttpServletRequest hidden = HiddenHeadersRequest.hide(clientSending("X-Forwarded-Client-Cert",
                "Subject=\"CN=alice\""), envoy);
        assertNull(hidden.getHeader("x-forwarded-client-cert"));
        assertEquals(List.of("Accept", "User-Agent"), Collections.list(hidden.getHeaderNames()));
    }

    @Test
    void apacheVerifyHeaderIsHiddenToo() {
        Set<String> apache = ExtractionAssertions.source("apache").headerNames();
        assertEquals(Set.of("SSL_CLIENT_CERT", "SSL_CLIENT_VERIFY"), apache);
        HttpServletRequest hidden = HiddenHeadersRequest.hide(clientSending("ssl_client_verify", "SUCCESS"), apache);
        assertNull(hidden.getHeader("SSL_CLIENT_VERIFY"));
    }
}
