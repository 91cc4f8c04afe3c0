package io.certgate.trust;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.certgate.pki.HeldCertificate;

/**
 * A tiny OCSP responder on 127.0.0.1 for tests: answers for one CA, says "revoked" or "unknown" for the serials
 * it is told, "good" for the rest, and counts the questions. Handles both the GET and the POST form. It can be
 * made slow (answers after a delay), silent (takes the question and never answers), trickling (sends its answer
 * a byte at a time), or made to answer at once with a canned HTTP status and body or a redirect; each question
 * is handled on a thread of its own, so concurrent questions are all counted.
 */
final class OcspTestResponder implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HeldCertificate signer;
    private final Set<BigInteger> revoked = ConcurrentHashMap.newKeySet();
    private final Set<BigInteger> unknown = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean silent;
    private volatile Duration trickle;
    private volatile Integer cannedStatus;
    private volatile byte[] cannedBody;
    private volatile String redirect;
    private volatile String lastMethod;
    private volatile String lastContentType;
    private volatile CountDownLatch held;

    /** @param signer the key the answers are signed with: the issuing CA, or a stranger to test forgery */
    OcspTestResponder(HeldCertificate signer) throws IOException {
        this.signer = signer;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ocsp", this::answer);
        server.setExecutor(threads);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ocsp";
    }

    /** A URL on a port nothing listens on: the responder is down. */
    static String deadUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/ocsp";
        }
    }

    void revoke(HeldCertificate certificate) {
        revoked.add(certificate.certificate().getSerialNumber());
    }

    /** Answers "unknown" (the responder does not know the certificate) for {@code certificate}. */
    void unknown(HeldCertificate certificate) {
        unknown.add(certificate.certificate().getSerialNumber());
    }

    int requests() {
        return requests.get();
    }

    /** The HTTP method of the last question. */
    String lastMethod() {
        return lastMethod;
    }

    /** The Content-Type of the last question. */
    String lastContentType() {
        return lastContentType;
    }

    /** Answers each question at once with {@code status} and {@code body} (none when empty), whatever it asked. */
    void answerWith(int status, byte[] body) {
        this.cannedBody = body.clone();
        this.cannedStatus = status;
    }

    /** Answers each question at once with a 302 redirect to {@code location}. */
    void redirectTo(String location) {
        this.redirect = location;
    }

    /** Holds each question, unanswered, until {@link #release()}. */
    void hold() {
        this.held = new CountDownLatch(1);
    }

    /** Answers the questions held since {@link #hold()}, and those after, at once. */
    void release() {
        held.countDown();
    }

    /** Sends its (real) answer a byte at a time, one every {@code interval}. */
    void trickle(Duration interval) {
        this.trickle = interval;
    }

    /** Answers each question only after {@code wait}. */
    void slow(Duration wait) {
        this.delay = wait;
    }

    /** Takes each question and never answers, until closed. */
    void silent() {
        this.silent = true;
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        lastMethod = exchange.getRequestMethod();
        lastContentType = exchange.getRequestHeaders().getFirst("Content-Type");
        try (exchange) {
            CountDownLatch gate = held;
            if (gate != null && !gate.await(1, TimeUnit.MINUTES)) {
                return;
            }
            if (redirect != null) {
                exchange.getResponseHeaders().set("Location", redirect);
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            if (cannedStatus != null) {
                exchange.sendResponseHeaders(cannedStatus, cannedBody.length == 0 ? -1 : cannedBody.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(cannedBody);
                }
                return;
            }
            if (silent || !delay.isZero()) {
                boolean released = closed.await(silent ? Long.MAX_VALUE : delay.toMillis(), TimeUnit.MILLISECONDS);
                if (released) {
                    return;
                }
            }
            byte[] body = response(request(exchange));
            exchange.getResponseHeaders().set("Content-Type", "application/ocsp-response");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (trickle == null) {
                    out.write(body);
                    return;
                }
                for (byte b : body) {
                    out.write(b);
                    out.flush();
                    if (closed.await(trickle.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private static byte[] request(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("POST")) {
            try (InputStream in = exchange.getRequestBody()) {
                return in.readAllBytes();
            }
        }
        String path = exchange.getRequestURI().getRawPath();
        String encoded = path.substring(path.indexOf("/ocsp/") + "/ocsp/".length());
        return Base64.getDecoder().decode(URLDecoder.decode(encoded, StandardCharsets.US_ASCII));
    }

    private byte[] response(byte[] der) throws Exception {
        OCSPReq request = new OCSPReq(der);
        BasicOCSPRespBuilder builder = new JcaBasicOCSPRespBuilder(signer.keyPair().getPublic(),
                new JcaDigestCalculatorProviderBuilder().build().get(org.bouncycastle.cert.ocsp.CertificateID.HASH_SHA1));
        Instant now = Instant.now();
        for (Req question : request.getRequestList()) {
            BigInteger serial = question.getCertID().getSerialNumber();
            CertificateStatus status = revoked.contains(serial)
                    ? new RevokedStatus(Date.from(now.minus(Duration.ofHours(1))), CRLReason.keyCompromise)
                    : unknown.contains(serial) ? new UnknownStatus() : CertificateStatus.GOOD;
            builder.addResponse(question.getCertID(), status, Date.from(now.minus(Duration.ofMinutes(1))),
                    Date.from(now.plus(Duration.ofHours(1))));
        }
        Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (nonce != null) {
            builder.setResponseExtensions(new Extensions(nonce));
        }
        String algorithm = signer.keyPair().getPrivate().getAlgorithm().equals("RSA")
                ? "SHA256withRSA" : "SHA256withECDSA";
        BasicOCSPResp basic = builder.build(new JcaContentSignerBuilder(algorithm).build(signer.keyPair().getPrivate()),
                new X509CertificateHolder[0], Date.from(now));
        OCSPResp response = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic);
        return response.getEncoded();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
