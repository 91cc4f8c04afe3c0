package io.certgate.jakarta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;

import io.certgate.identity.ClientIdentity;
import io.certgate.identity.IdentityMapper;
import io.certgate.identity.MappedIdentity;
import io.certgate.pki.DemoPki;

/**
 * The demo's SAN-only {@code service} certificate through the container's authentication: CertGate names it by
 * {@code principal=san-uri} (or a mapper) and gives it the role {@code operator} by its OU; the container's
 * constraints ({@code /api/*} role operator, {@code /ops/*} role admin) and its remote user see exactly that. Shared by the Tomcat
 * module and the Jetty authenticator tests.
 */
public final class ServiceIdentity {
    /** CertGate's parameters: alice by CN on /app/, the service by its SPIFFE ID on /api/, named by its URI. */
    public static final Map<String, String> PARAMETERS = Map.of("allowed-cns", "alice",
            "rules", "/open/* open\n/api/* san-uri:spiffe://certgate.demo/ns/prod/*\n/ops/* san-uri:spiffe://certgate.demo/ns/prod/*",
            "roles", "operator = ou:" + DemoPki.SERVICE_OU + "; admin = alice",
            "principal", "san-uri");

    private ServiceIdentity() {
    }

    /** One GET as a demo client; null for no certificate. */
    public interface Client {
        HttpResponse<String> get(String who, String path) throws Exception;
    }

    /**
     * The container serves {@code /api/} (role operator) to the service under its SPIFFE ID; alice, whom the rules
     * allow on {@code /app/} but who has no URI subjectAltName, is refused by CertGate ({@code no-principal-name})
     * and served the open path without a user.
     */
    public static void assertTheContainerSeesThePrincipalAndTheOuRole(Client client, LogCapture log) throws Exception {
        log.clear();
        HttpResponse<String> service = client.get("service", "/api/x");
        assertEquals(200, service.statusCode(), service.body());
        assertEquals("PAGE /api/x user=" + DemoPki.SERVICE_ID, service.body());
        HttpResponse<String> notAdmin = client.get("service", "/ops/x");
        assertEquals(403, notAdmin.statusCode(), notAdmin.body());
        assertEquals(java.util.List.of(), log.denials(), "CertGate let the service in; the container's admin check refused it");

        HttpResponse<String> alice = client.get("alice", "/app/x");
        assertEquals(403, alice.statusCode(), alice.body());
        assertTrue(alice.body().contains("client certificate not allowed"), alice.body());
        assertTrue(log.denials().stream().anyMatch(line -> line.contains("reason=no-principal-name")),
                log.messages().toString());

        HttpResponse<String> open = client.get("alice", "/open/x");
        assertEquals(200, open.statusCode(), open.body());
        assertEquals("PAGE /open/x user=null", open.body());
    }

    /** A mapper as an application writes one: the service by its SPIFFE ID from a (tiny) service registry. */
    public static final class RegistryMapper implements IdentityMapper {
        public RegistryMapper() {
        }

        @Override
        public MappedIdentity map(ClientIdentity identity) {
            return identity.subjectAltNames().stream().anyMatch(name -> name.value().equals(DemoPki.SERVICE_ID))
                    ? MappedIdentity.of("reports-service", Set.of("operator"))
                    : MappedIdentity.refused("not a registered service");
        }
    }
}
