package io.certgate.source;

import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * A bounded memo of parsed identities, so that a client seen before costs a table lookup instead of
 * decoding a PEM, parsing a certificate and its DNs, and hashing it again.
 *
 * <p>Keyed by the <em>whole</em> input the parse was computed from, compared with {@code equals}: the
 * {@link java.security.cert.X509Certificate} object for the TLS source ({@code X509Certificate.equals}
 * compares the DER encoding), the exact header value for proxy headers. The hash only picks the slots; two
 * inputs with the same hash never share an entry, so no client can collide its way into another's
 * identity. Parsing is a pure function of that input, so a memoized result is the result the parse would
 * give again. Nothing that depends on time is cached: validity dates, chain validation, denylists and the
 * policy are checked on every request, after the lookup.
 *
 * <p>Bounded to {@code capacity} entries (a power of two, default {@value #DEFAULT_CAPACITY}), two-way set
 * associative: a key may live in one of two neighbouring slots chosen by its hash; a new key takes the
 * first slot and pushes the previous occupant to the second, evicting what was there. There is no lock and
 * no bookkeeping: eviction is one array write, and a lookup that hits allocates nothing. Entries are
 * immutable and published through final fields, so a race between threads can only lose an entry (a later
 * miss that parses again), never expose a half-built one.
 *
 * <p>Only successful parses are cached; input that is refused is parsed (and refused) again each time.
 * Memory is bounded by {@code capacity} × (key + parsed identity): for an nginx certificate header of
 * about 2 KB, roughly 6 KB per entry, so about 6 MB for a full default cache; header values are at most
 * {@value ProxyHeaders#MAX_VALUE_LENGTH} characters.
 *
 * @param <K> the input: an {@code X509Certificate} or a header value {@code String}
 * @param <V> the parse result kept for it
 */
final class IdentityCache<K, V> {
    /** Entries per cache unless a capacity is given; each source and header keeps its own cache. */
    static final int DEFAULT_CAPACITY = 1024;

    /** Characters of a header value that {@link #headerValueHash} reads, at most. */
    static final int HASHED_CHARACTERS = 32;

    private final Entry<K, V>[] slots;
    private final int mask;
    private final ToIntFunction<? super K> hash;

    /** A cache of {@value #DEFAULT_CAPACITY} entries, hashed by {@code hashCode}. */
    IdentityCache() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * @param capacity most entries kept: a power of two, at least 2
     */
    IdentityCache(int capacity) {
        this(capacity, Object::hashCode);
    }

    /**
     * @param capacity most entries kept: a power of two, at least 2
     * @param hash picks the slots; entries are still told apart by {@code equals}
     */
    @SuppressWarnings("unchecked")
    IdentityCache(int capacity, ToIntFunction<? super K> hash) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("cache capacity must be a power of two of at least 2, not " + capacity);
        }
        this.slots = (Entry<K, V>[]) new Entry<?, ?>[capacity];
        this.mask = capacity - 1;
        this.hash = Objects.requireNonNull(hash, "hash");
    }

    /**
     * A cache of {@value #DEFAULT_CAPACITY} parses keyed by header value, hashed by {@link #headerValueHash}.
     */
    static <V> IdentityCache<String, V> forHeaderValues() {
        return new IdentityCache<>(DEFAULT_CAPACITY, IdentityCache::headerValueHash);
    }

    /**
     * A hash of a header value from its length and at most {@value #HASHED_CHARACTERS} characters spread over
     * it, from the end, where certificates differ most (signatures). A container makes a new string for every
     * request, so {@code String.hashCode} would read a whole 2 KB certificate header each time, many times
     * what a DN header costs. The hash only picks the slots: a lookup still compares the whole value, so a
     * value made to collide can at worst push another out of the cache, never be taken for it.
     */
    static int headerValueHash(String value) {
        int length = value.length();
        int step = Math.max(1, length / HASHED_CHARACTERS);
        int hash = length;
        for (int i = length - 1; i >= 0; i -= step) {
            hash = 31 * hash + value.charAt(i);
        }
        return hash;
    }

    /** Most entries this cache keeps. */
    int capacity() {
        return slots.length;
    }

    /** The value cached for an input equal to {@code key}, or null. */
    V get(K key) {
        int hash = spread(this.hash.applyAsInt(key));
        int slot = hash & mask;
        Entry<K, V> entry = slots[slot];
        if (entry != null && entry.hash == hash && entry.key.equals(key)) {
            return entry.value;
        }
        entry = slots[slot ^ 1];
        if (entry != null && entry.hash == hash && entry.key.equals(key)) {
            return entry.value;
        }
        return null;
    }

    /** Remembers {@code value} as the parse of {@code key}, evicting the older entry of its slot pair. */
    void put(K key, V value) {
        Objects.requireNonNull(value, "value");
        int hash = spread(this.hash.applyAsInt(key));
        int slot = hash & mask;
        Entry<K, V> first = slots[slot];
        if (first != null && !(first.hash == hash && first.key.equals(key))) {
            // The second slot may hold an older entry for this same key; overwriting it keeps keys unique.
            slots[slot ^ 1] = first;
        } else if (first == null) {
            Entry<K, V> second = slots[slot ^ 1];
            if (second != null && second.hash == hash && second.key.equals(key)) {
                slots[slot ^ 1] = null;
            }
        }
        slots[slot] = new Entry<>(hash, key, value);
    }

    /** Entries held now; for tests. */
    int size() {
        int size = 0;
        for (Entry<K, V> entry : slots) {
            if (entry != null) {
                size++;
            }
        }
        return size;
    }

    /** Spreads the high bits down, as {@code HashMap} does, so that the low bits choosing the slot vary. */
    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    private static final class Entry<K, V> {
        final int hash;
        final K key;
        final V value;

        Entry(int hash, K key, V value) {
            this.hash = hash;
            this.key = Objects.requireNonNull(key, "key");
            this.value = value;
        }
    }
}
