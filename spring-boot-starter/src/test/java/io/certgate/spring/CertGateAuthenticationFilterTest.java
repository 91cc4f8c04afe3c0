package io.certgate.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import io.certgate.ClientCertFilter;
import io.certgate.ServletGate;
import io.certgate.identity.ClientIdentity;
import io.certgate.pki.DemoPki;
import io.certgate.spring.app.TestPki;

/**
 * CertGate's filter, then the starter's bridge, on the demo's SAN-only service certificate with
 * {@code certgate.principal=san-uri} and an OU-based role: Spring's {@code Authentication} carries the name and
 * roles CertGate gave, not the CN (the service has none).
 */
class CertGateAuthenticationFilterTest {
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    @AfterEach
    void clear() {
        holder.clearContext();
    }

    /** Answers every request with an empty 200. */
    private static final class Page extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(jakarta.servlet.http.HttpServletRequest request,
                jakarta.servlet.http.HttpServletResponse response) {
            response.setStatus(200);
        }
    }

    @Test
    void theAuthenticationIsNamedByThePrincipalPropertyAndHoldsTheOuRole() throws Exception {
        CertGateProperties properties = new CertGateProperties();
        properties.setRules(java.util.List.of("/api/* san-uri:spiffe://certgate.demo/ns/prod/*"));
        properties.setRoles(java.util.List.of("operator = ou:" + DemoPki.SERVICE_OU, "admin = alice"));
        properties.setPrincipal("san-uri");
        ServletGate gate = ServletGate.fromParameters(properties.toInitParameters(), getClass().getClassLoader());
        X509Certificate service = TestPki.pki().client("service").certificate();

        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/reports");
        request.setServletPath("/api/reports");
        request.setAttribute("jakarta.servlet.request.X509Certificate", new X509Certificate[] {service});
        MockHttpServletResponse response = new MockHttpServletResponse();
        new MockFilterChain(new Page(), ClientCertFilter.of(gate), new CertGateAuthenticationFilter("ROLE_", holder,
                new DefaultAuthenticationEventPublisher(event -> { })))
                .doFilter(request, response);

        assertThat(response.getStatus()).isEqualTo(200);
        Authentication authentication = holder.getContext().getAuthentication();
        assertThat(authentication).isInstanceOf(CertGateAuthentication.class);
        assertThat(authentication.getName()).isEqualTo(DemoPki.SERVICE_ID);
        assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_operator");
        assertThat(((ClientIdentity) authentication.getPrincipal()).commonName()).isNull();
    }

    @Test
    void aCertificateWithoutThePrincipalFieldIsRefusedBeforeSpringSecurity() throws Exception {
        ServletGate gate = ServletGate.fromParameters(Map.of("allowed-cns", "alice", "principal", "san-email"),
                getClass().getClassLoader());
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/page");
        request.setServletPath("/page");
        request.setAttribute("jakarta.servlet.request.X509Certificate",
                new X509Certificate[] {TestPki.pki().client("alice").certificate()});
        MockHttpServletResponse response = new MockHttpServletResponse();
        new MockFilterChain(new Page(), ClientCertFilter.of(gate), new CertGateAuthenticationFilter("ROLE_", holder,
                new DefaultAuthenticationEventPublisher(event -> { })))
                .doFilter(request, response);

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(holder.getContext().getAuthentication()).isNull();
    }
}
