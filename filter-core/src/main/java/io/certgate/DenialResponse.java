package io.certgate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.certgate.policy.ReasonCode;

/**
 * The 403 a denied client gets: one short sentence, as plain text or JSON, never the rules, the
 * allowlist or the reason code (those go to the log).
 */
final class DenialResponse {
    static final String REQUIRED = "client certificate required";
    static final String NOT_ALLOWED = "client certificate not allowed";

    private DenialResponse() {
    }

    static void send(HttpServletRequest request, HttpServletResponse response, ReasonCode reason)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        String message = reason.certificateMissing() ? REQUIRED : NOT_ALLOWED;
        boolean json = AcceptHeader.prefersJson(request.getHeader("Accept"));
        String body = json ? "{\"status\":403,\"error\":\"" + message + "\"}" : message + "\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.resetBuffer();
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(json ? "application/json;charset=UTF-8" : "text/plain;charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
