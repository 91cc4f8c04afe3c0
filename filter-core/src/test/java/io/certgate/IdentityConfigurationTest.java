package io.certgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;

import io.certgate.identity.CertificatePrincipal;
import io.certgate.identity.IdentityMapper;
import io.certgate.identity.MappedIdentity;

/**
 * The {@code principal} and {@code identity-mapper} init-params and the builder's mapper: every bad value stops
 * {@code init} naming the parameter, and a mapper given in code names the client, adds roles and denies what it
 * refuses. Mockito servlet objects and real certificates.
 */
class IdentityConfigurationTest {
    private static final TestPki PKI = new TestPki();

    /** Implements the wrong interface. */
    public static final class NotAMapper {
        public NotAMapper() {
        }
    }

    /** Has no no-arg constructor. */
    public static final class NeedsArguments implements IdentityMapper {
        public NeedsArguments(String directory) {
        }

        @Override
        public MappedIdentity map(io.certgate.identity.ClientIdentity identity) {
            return null;
        }
    }

    /** Its constructor fails, as one whose user store is unreachable at start-up. */
    public static final class FailsToStart implements IdentityMapper {
        public FailsToStart() {
            throw new IllegalStateException("no user store");
        }

        @Override
        public MappedIdentity map(io.certgate.identity.ClientIdentity identity) {
            return null;
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "principal      | email                                           | is not cn, subject, san-email",
        "principal      | CN                                              | is not cn, subject, san-email",
        "identity-mapper| com.example.Missing                             | cannot be loaded",
        "identity-mapper| io.certgate.IdentityConfigurationTest$NotAMapper | does not implement io.certgate.identity.IdentityMapper",
        "identity-mapper| io.certgate.IdentityConfigurationTest$NeedsArguments | has no public no-arg constructor",
        "identity-mapper| io.certgate.IdentityConfigurationTest$FailsToStart | no user store"})
    void aBadValueStopsInitNamingTheParameter(String name, String value, String message) {
        ServletException error = assertThrows(ServletException.class,
                () -> new ClientCertFilter().init(ServletMocks.config(null, Map.of(name, value))));
        assertTrue(error.getMessage().contains("'" + name + "'"), error.getMessage());
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    @Test
    void principalAndAMapperTogetherStopInit() {
        ServletException error = assertThrows(ServletException.class, () -> new ClientCertFilter().init(
                ServletMocks.config(null, Map.of("principal", "cn", "identity-mapper", DirectoryMapper.class.getName()))));
        assertTrue(error.getMessage().contains("'principal'"), error.getMessage());
        IllegalArgumentException inCode = assertThrows(IllegalArgumentException.class, () -> ClientCertFilter.builder()
                .principal("san-uri").identityMapper(identity -> null).build());
        assertTrue(inCode.getMessage().contains("'principal'"), inCode.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> ClientCertFilter.builder()
                .initParameter("identity-mapper", DirectoryMapper.class.getName()).identityMapper(identity -> null).build());
        assertTrue(twice.getMessage().contains("'identity-mapper'"), twice.getMessage());
    }

    @Test
    void aMapperFromTheBuilderNamesTheClientAndItsRolesAddToTheConfiguredOnes() throws Exception {
        ClientCertFilter filter = ClientCertFilter.builder().allowedCns("alice, bob").roles("admin=alice")
                .identityMapper(identity -> MappedIdentity.of("user-" + identity.commonName(), Set.of("reader")))
                .build();
        HttpServletRequest wrapped = admitted(filter, PKI.alice, "/x");
        assertEquals("user-alice", wrapped.getRemoteUser());
        assertTrue(wrapped.isUserInRole("admin"), "roles from the roles init-param");
        assertTrue(wrapped.isUserInRole("reader"), "roles from the mapper");
        assertFalse(wrapped.isUserInRole("ops"));
        CertificatePrincipal principal = assertInstanceOf(CertificatePrincipal.class, wrapped.getUserPrincipal());
        assertEquals("user-alice", principal.getName());
        assertEquals(Set.of("admin", "reader"), principal.roles());
        assertSame(principal, wrapped.getAttribute(ClientCertFilter.PRINCIPAL_ATTRIBUTE));
    }

    @Test
    void aMapperRunsOnlyForRequestsTheRulesAllow() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ClientCertFilter filter = ClientCertFilter.builder().allowedCns("alice")
                .identityMapper(identity -> {
                    calls.incrementAndGet();
                    return MappedIdentity.of("x", Set.of());
                }).build();
        FilterChain chain = mock(FilterChain.class);
        HttpServletResponse response = ServletMocks.response(new ByteArrayOutputStream());
        filter.doFilter(ServletMocks.request("GET", "/x", PKI.bob), response, chain);
        verify(chain, never()).doFilter(any(), any());
        assertEquals(0, calls.get(), "bob is refused by the allowlist before any lookup");
    }

    @Test
    void reportOnlyHandsOverTheClientTheMapperNamesAndDropsOneItRefuses() throws Exception {
        ClientCertFilter filter = ClientCertFilter.builder().allowedCns("nobody").initParameter("mode", "report-only")
                .identityMapper(identity -> identity.commonName().equals("alice")
                        ? MappedIdentity.of("mapped-alice", Set.of()) : MappedIdentity.refused("unknown"))
                .build();
        assertEquals("mapped-alice", admitted(filter, PKI.alice, "/x").getRemoteUser());
        assertNull(admitted(filter, PKI.bob, "/x").getRemoteUser(), "would-deny twice: passed on without identity");
    }

    @Test
    void aMappedNameWithControlCharactersIsRefusedByTheValueItself() {
        assertThrows(IllegalArgumentException.class, () -> MappedIdentity.of("alice\r\nadmin", Set.of()));
        assertThrows(IllegalArgumentException.class, () -> MappedIdentity.of("", Set.of()));
    }

    private static HttpServletRequest admitted(ClientCertFilter filter, io.certgate.pki.HeldCertificate client,
            String path) throws Exception {
        FilterChain chain = mock(FilterChain.class);
        filter.doFilter(ServletMocks.request("GET", path, client), ServletMocks.response(new ByteArrayOutputStream()),
                chain);
        ArgumentCaptor<HttpServletRequest> passed = ArgumentCaptor.forClass(HttpServletRequest.class);
        verify(chain).doFilter(passed.capture(), any());
        return passed.getValue();
    }
}
