package io.certgate.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bounded memo itself: hits, misses, the bound, and keys compared whole, never by hash. */
class IdentityCacheTest {
    @Test
    void hitReturnsTheSameInstance() {
        IdentityCache<String, Object> cache = new IdentityCache<>();
        Object parsed = new Object();
        cache.put("CN=alice", parsed);
        assertSame(parsed, cache.get("CN=alice"));
    }

    @Test
    void equalKeyThatIsAnotherObjectHits() {
        IdentityCache<String, Object> cache = new IdentityCache<>();
        Object parsed = new Object();
        cache.put(new String("CN=alice"), parsed);
        assertSame(parsed, cache.get(new String("CN=alice")));
    }

    @Test
    void unknownKeyMisses() {
        IdentityCache<String, Object> cache = new IdentityCache<>();
        cache.put("CN=alice", new Object());
        assertNull(cache.get("CN=alicf"));
    }

    @Test
    void keysWithTheSameHashNeverShareAnEntry() {
        // "Aa" and "BB" are the classic String.hashCode collision.
        assertEquals("Aa".hashCode(), "BB".hashCode());
        IdentityCache<String, Object> cache = new IdentityCache<>();
        Object forAa = new Object();
        cache.put("Aa", forAa);
        assertNull(cache.get("BB"), "a key with the same hash must not hit another key's entry");
        Object forBb = new Object();
        cache.put("BB", forBb);
        assertSame(forAa, cache.get("Aa"));
        assertSame(forBb, cache.get("BB"));
    }

    @Test
    void threeKeysWithTheSameHashKeepTheTwoLatest() {
        IdentityCache<String, Object> cache = new IdentityCache<>(16);
        // "AaAa", "AaBB", "BBAa" and "BBBB" all hash alike, so they compete for one slot pair.
        Object first = new Object();
        Object second = new Object();
        Object third = new Object();
        cache.put("AaAa", first);
        cache.put("AaBB", second);
        cache.put("BBAa", third);
        assertNull(cache.get("AaAa"), "the oldest of the pair is evicted");
        assertSame(second, cache.get("AaBB"));
        assertSame(third, cache.get("BBAa"));
        assertNull(cache.get("BBBB"));
        assertEquals(2, cache.size());
    }

    @Test
    void puttingAKeyAgainReplacesItsEntryWithoutDuplicating() {
        IdentityCache<String, Object> cache = new IdentityCache<>(16);
        Object old = new Object();
        Object replacement = new Object();
        cache.put("AaAa", old);
        cache.put("AaBB", new Object());   // pushes AaAa to the second slot of the pair
        cache.put("AaAa", replacement);
        assertSame(replacement, cache.get("AaAa"));
        assertEquals(2, cache.size());
    }

    @Test
    void boundIsRespected() {
        IdentityCache<String, Object> cache = new IdentityCache<>(64);
        for (int i = 0; i < 10_000; i++) {
            cache.put("CN=client-" + i, new Object());
            assertTrue(cache.size() <= 64, () -> "size " + cache.size() + " exceeds the capacity 64");
        }
        assertEquals(64, cache.capacity());
    }

    @Test
    void defaultCapacityIsDocumentedValue() {
        assertEquals(IdentityCache.DEFAULT_CAPACITY, new IdentityCache<String, Object>().capacity());
    }

    @Test
    void recentKeysSurviveAfterTheCacheOverflows() {
        IdentityCache<String, Object> cache = new IdentityCache<>(64);
        for (int i = 0; i < 1_000; i++) {
            cache.put("CN=client-" + i, new Object());
        }
        Object last = new Object();
        cache.put("CN=last", last);
        assertSame(last, cache.get("CN=last"));
    }

    @Test
    void certificatesAreKeyedByTheirEncoding() throws Exception {
        IdentityCache<X509Certificate, Object> cache = new IdentityCache<>();
        X509Certificate alice = SourcePki.ALICE.certificate();
        // Bouncy Castle's factory, since the JDK's hands back its cached object for an encoding it has seen.
        X509Certificate aliceAgain = (X509Certificate) CertificateFactory.getInstance("X.509",
                new org.bouncycastle.jce.provider.BouncyCastleProvider())
                .generateCertificate(new ByteArrayInputStream(alice.getEncoded()));
        assertNotSame(alice, aliceAgain);
        Object parsed = new Object();
        cache.put(alice, parsed);
        assertSame(parsed, cache.get(aliceAgain), "the same DER in another object is the same input");
        assertNull(cache.get(SourcePki.BOB.certificate()));
    }

    @Test
    void certificatesWithTheSameSubjectDoNotShareAnEntry() {
        X509Certificate alice = SourcePki.ALICE.certificate();
        X509Certificate otherAlice = io.certgate.pki.HeldCertificate.builder().commonName("alice").clientAuth()
                .serialNumber(SourcePki.ALICE_SERIAL).signedBy(SourcePki.ROOT).build().certificate();
        assertEquals(alice.getSubjectX500Principal(), otherAlice.getSubjectX500Principal());
        assertNotEquals(alice, otherAlice);
        IdentityCache<X509Certificate, Object> cache = new IdentityCache<>();
        cache.put(alice, new Object());
        assertNull(cache.get(otherAlice), "same subject and serial, another key: another input");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 1, 3, 1000})
    void capacityMustBeAPowerOfTwoOfAtLeastTwo(int capacity) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new IdentityCache<>(capacity));
        assertTrue(e.getMessage().contains(String.valueOf(capacity)), e.getMessage());
    }

    @Test
    void headerValuesThatShareTheSampledHashAreStillToldApart() {
        // A 2 KB value is hashed from every 64th character; these two differ only between the samples.
        String one = "A".repeat(2048);
        String other = one.substring(0, 1000) + "B" + one.substring(1001);
        assertEquals(IdentityCache.headerValueHash(one), IdentityCache.headerValueHash(other));
        IdentityCache<String, Object> cache = IdentityCache.forHeaderValues();
        Object first = new Object();
        cache.put(one, first);
        assertNull(cache.get(other), "a value with the same hash is not taken for another");
        Object second = new Object();
        cache.put(other, second);
        assertSame(first, cache.get(new String(one)));
        assertSame(second, cache.get(new String(other)));
    }

    @Test
    void shortHeaderValuesAreHashedWhole() {
        assertNotEquals(IdentityCache.headerValueHash("CN=alice,O=x"), IdentityCache.headerValueHash("CN=alicf,O=x"));
        assertNotEquals(IdentityCache.headerValueHash("CN=alice,O=x"), IdentityCache.headerValueHash("CN=alice,O=y"));
    }
}
