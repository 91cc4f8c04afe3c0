package io.certgate.pki;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A client key manager that presents its one certificate whatever issuers the server names, as curl and
 * openssl do. The JDK's own key manager keeps a certificate to itself when the server's list of acceptable
 * issuers does not name its CA, so a test of "a certificate from a rogue CA is refused" would otherwise prove
 * nothing: the client would simply send none.
 */
public final class AlwaysPresentKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "client";
    private final PrivateKey key;
    private final X509Certificate[] chain;

    /** Presents {@code chain} (the client's certificate first) with its private {@code key}. */
    public AlwaysPresentKeyManager(PrivateKey key, X509Certificate... chain) {
        if (key == null || chain.length == 0) {
            throw new IllegalArgumentException("a key and at least the client's certificate are needed");
        }
        this.key = key;
        this.chain = chain.clone();
    }

    /** Presents {@code client}'s certificate followed by {@code intermediates}. */
    public static AlwaysPresentKeyManager of(HeldCertificate client, X509Certificate... intermediates) {
        X509Certificate[] chain = new X509Certificate[intermediates.length + 1];
        chain[0] = client.certificate();
        System.arraycopy(intermediates, 0, chain, 1, intermediates.length);
        return new AlwaysPresentKeyManager(client.keyPair().getPrivate(), chain);
    }

    /** Presents the first key entry of the PKCS#12 file {@code file}, as the demo PKI writes them. */
    public static AlwaysPresentKeyManager fromPkcs12(Path file, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    Certificate[] chain = store.getCertificateChain(alias);
                    return new AlwaysPresentKeyManager((PrivateKey) store.getKey(alias, password),
                            Arrays.copyOf(chain, chain.length, X509Certificate[].class));
                }
            }
            throw new IOException(file + " holds no private key");
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read " + file, e);
        }
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return ALIAS;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return ALIAS;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return chain.clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return key;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
