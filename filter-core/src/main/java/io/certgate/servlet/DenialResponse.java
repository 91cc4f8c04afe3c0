package io.certgate.servlet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import io.certgate.verdict.ReasonCode;

/**
 * The 403 a denied client gets: one short sentence, as plain text or JSON, never the rules, the
 * allowlist or the reason code (those go to the log).
 */
public final class DenialResponse {

    /**
     * Marks the forward to the {@code denied-page} as this filter's own. The value is an object no client
     * can send and no other code holds, so the filter, mapped for {@code FORWARD}, lets exactly that forward
     * through instead of denying the denied-page in turn.
     */
    private static final String OWN_FORWARD_ATTRIBUTE = "io.certgate.denied-page-forward";
    private static final Object OWN_FORWARD = new Object();

    private DenialResponse() {
    }

    /** Whether this dispatch is the forward {@link #send} made to the denied-page; true only once. */
    public static boolean isOwnForward(HttpServletRequest request) {
        if (request.getDispatcherType() != DispatcherType.FORWARD
                || request.getAttribute(OWN_FORWARD_ATTRIBUTE) != OWN_FORWARD) {
            return false;
        }
        // The page itself may forward on, to a guarded path: that forward is judged.
        request.removeAttribute(OWN_FORWARD_ATTRIBUTE);
        return true;
    }

    public static void send(HttpServletRequest request, HttpServletResponse response, ReasonCode reason, String deniedPage)
            throws IOException, ServletException {
        if (response.isCommitted()) {
            return;
        }
        String message = reason.clientMessage();
        String accept = request.getHeader("Accept");
        if (deniedPage != null && AcceptHeader.prefersHtml(accept)) {
            forward(request, response, message, deniedPage);
            return;
        }
        boolean json = AcceptHeader.prefersJson(accept);
        String body = json ? "{\"status\":403,\"error\":\"" + message + "\"}" : message + "\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        startForbidden(response);
        response.setContentType(json ? "application/json;charset=UTF-8" : "text/plain;charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** Drops whatever the response buffered and makes it an uncacheable 403, for either form of denial. */
    private static void startForbidden(HttpServletResponse response) {
        response.resetBuffer();
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setHeader("Cache-Control", "no-store");
    }

    /** The {@code denied-page}, with the status fixed at 403 whatever the page does. */
    private static void forward(HttpServletRequest request, HttpServletResponse response, String message,
            String deniedPage) throws IOException, ServletException {
        RequestDispatcher dispatcher = request.getRequestDispatcher(deniedPage);
        if (dispatcher == null) {
            throw new ServletException("CertGate: denied-page " + deniedPage + " has no dispatcher");
        }
        startForbidden(response);
        request.setAttribute(RequestAttributes.DENIAL, message);
        request.setAttribute(OWN_FORWARD_ATTRIBUTE, OWN_FORWARD);
        dispatcher.forward(request, new HttpServletResponseWrapper(response) {
            @Override
            public void setStatus(int status) {
                // The page decides the look, never the status.
            }
        });
    }
}
