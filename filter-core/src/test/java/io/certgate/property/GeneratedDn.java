package io.certgate.property;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import javax.security.auth.x500.X500Principal;

/**
 * A DN as the generators build it: RDNs most specific first (RFC 4514 order), each one or more
 * {@code type=value} pairs with the value unescaped. {@link #toRfc2253Input()} escapes it so that
 * {@link X500Principal} reads back exactly these values.
 */
record GeneratedDn(List<List<Attribute>> rdns) {
    /** One attribute: a JDK keyword as {@code X500Principal} accepts it, and its unescaped value. */
    record Attribute(String keyword, String value) {
        /** The name CertGate's parser gives this type (the JDK prints some as OIDs). */
        String canonicalType() {
            return keyword.toUpperCase(java.util.Locale.ROOT);
        }

        @Override
        public String toString() {
            return keyword + "=" + escape(value);
        }
    }

    GeneratedDn {
        rdns = rdns.stream().map(List::copyOf).collect(Collectors.toUnmodifiableList());
    }

    /** The string handed to {@code new X500Principal(...)}: RFC 2253 escaping of every special. */
    String toRfc2253Input() {
        return rdns.stream()
                .map(rdn -> rdn.stream().map(Attribute::toString).collect(Collectors.joining("+")))
                .collect(Collectors.joining(","));
    }

    /**
     * The principal decoded from DER that encodes each value as a UTF8String: built from bytes rather than
     * from {@link #toRfc2253Input()}, whose parsing by the JDK trims control characters at the edges and
     * re-encodes DC and EMAILADDRESS lossily as IA5String, which would test the JDK's input parser, not ours.
     */
    X500Principal principal() {
        java.io.ByteArrayOutputStream rdnSequence = new java.io.ByteArrayOutputStream();
        // DER lists RDNs most general first, the reverse of the RFC 4514 string.
        for (int i = rdns.size() - 1; i >= 0; i--) {
            java.io.ByteArrayOutputStream set = new java.io.ByteArrayOutputStream();
            for (Attribute attribute : rdns.get(i)) {
                byte[] type = Der.oid(OIDS.get(attribute.keyword()));
                byte[] value = Der.tlv(0x0c, attribute.value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                set.writeBytes(Der.tlv(0x30, Der.concat(type, value)));
            }
            rdnSequence.writeBytes(Der.tlv(0x31, set.toByteArray()));
        }
        return new X500Principal(Der.tlv(0x30, rdnSequence.toByteArray()));
    }

    /** The same DN with what OpenSSL's legacy form cannot carry removed: '+', '/' and '\' in values. */
    GeneratedDn legacySafe() {
        List<List<Attribute>> single = new ArrayList<>();
        for (List<Attribute> rdn : rdns) {
            for (Attribute attribute : rdn) {
                single.add(List.of(new Attribute(attribute.keyword(),
                        attribute.value().replace('/', '_').replace('\\', '|'))));
            }
        }
        return new GeneratedDn(single);
    }

    private static final java.util.Map<String, String> OIDS = java.util.Map.of("CN", "2.5.4.3", "O", "2.5.4.10",
            "OU", "2.5.4.11", "C", "2.5.4.6", "L", "2.5.4.7", "ST", "2.5.4.8", "DC", "0.9.2342.19200300.100.1.25",
            "UID", "0.9.2342.19200300.100.1.1", "EMAILADDRESS", "1.2.840.113549.1.9.1", "SERIALNUMBER", "2.5.4.5");

    /** Just enough DER to encode a Name. */
    private static final class Der {
        static byte[] tlv(int tag, byte[] content) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.write(tag);
            int length = content.length;
            if (length < 0x80) {
                out.write(length);
            } else if (length < 0x100) {
                out.write(0x81);
                out.write(length);
            } else {
                out.write(0x82);
                out.write(length >> 8);
                out.write(length & 0xff);
            }
            out.writeBytes(content);
            return out.toByteArray();
        }

        static byte[] oid(String dotted) {
            String[] arcs = dotted.split("\\.");
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
            for (int i = 2; i < arcs.length; i++) {
                long arc = Long.parseLong(arcs[i]);
                int groups = 1;
                while ((arc >> (7 * groups)) != 0) {
                    groups++;
                }
                for (int g = groups - 1; g >= 0; g--) {
                    out.write((int) ((arc >> (7 * g)) & 0x7f) | (g > 0 ? 0x80 : 0));
                }
            }
            return tlv(0x06, out.toByteArray());
        }

        static byte[] concat(byte[] a, byte[] b) {
            byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }
    }

    /** All attributes in RDN order, multi-valued RDNs flattened. */
    List<Attribute> attributes() {
        List<Attribute> all = new ArrayList<>();
        rdns.forEach(all::addAll);
        return all;
    }

    @Override
    public String toString() {
        return toRfc2253Input();
    }

    private static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean edgeSpace = c == ' ' && (i == 0 || i == value.length() - 1);
            if (",+\"\\<>;=".indexOf(c) >= 0 || edgeSpace || (c == '#' && i == 0)) {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
