package io.certgate.identity;

/**
 * Names a client and gives it roles by code, for a team whose mapping is a lookup (a user store, a
 * database) rather than a configuration: set with the {@code identity-mapper} init-param (a class with a
 * public no-arg constructor, loaded by the application's class loader) or
 * {@code ClientCertFilter.builder().identityMapper(mapper)}.
 *
 * <pre>{@code
 * public final class UserStoreMapper implements IdentityMapper {
 *     public MappedIdentity map(ClientIdentity identity) {
 *         User user = users.byCertificate(identity.sha256Fingerprint());
 *         return user == null ? MappedIdentity.refused("not in the user store")
 *                 : MappedIdentity.of(user.login(), user.groups());
 *     }
 * }
 * }</pre>
 *
 * <p>CertGate calls it after the rules have allowed a request, with the parsed identity that passed every
 * check ({@code trusted-ca}, dates, denylist), on every request: cache inside the mapper if a lookup is slow.
 * The name it returns is the remote user and the principal's name; its roles are added to those the
 * {@code roles} init-param grants. A refusal denies the request ({@code mapper-refused}); an exception or a
 * null result denies it too ({@code mapper-failed}, logged with the exception), never a 500. On an
 * {@code open} path either lets the request through without an identity. It must be thread-safe.
 */
@FunctionalInterface
public interface IdentityMapper {
    /**
     * The client's name and roles, or {@link MappedIdentity#refused(String)}.
     *
     * @param identity what CertGate read from the certificate, already validated
     * @throws Exception when the mapping cannot be made; the request is denied ({@code mapper-failed})
     */
    MappedIdentity map(ClientIdentity identity) throws Exception;
}
