package io.github.wsboot.autoconfigure.server;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.wsboot.websocket.Upgrader;

/**
 * Writes the starter's refused-handshake responses: as ws-core's, except that a refused origin's 403 names the
 * setting that admits it ({@code ws.server.allowed-origins}, or the endpoint's {@code allowedOrigins}) rather
 * than ws-core's {@code Upgrader.checkOrigin}, which a starter user never sees.
 */
final class OriginRefusal implements Upgrader.ErrorHandler {

    /** Longest part of the client's Origin header echoed back. */
    private static final int MAX_ORIGIN_ECHO = 200;

    private final String setting;

    private OriginRefusal(String setting) {
        this.setting = setting;
    }

    /** @param setting the property or annotation attribute that admits more origins */
    static OriginRefusal naming(String setting) {
        return new OriginRefusal(setting);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, int status, String reason)
            throws IOException {
        String message = reason;
        if (status == HttpServletResponse.SC_FORBIDDEN) {
            message = "origin " + printable(request.getHeader("Origin"))
                    + " is not allowed; to accept it, add it (or a " + "pattern) to " + setting;
        }
        Upgrader.defaultError(request, response, status, message);
    }

    /** The header's value with control characters dropped and its length capped, quoted. */
    private static String printable(String origin) {
        if (origin == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < origin.length() && out.length() <= MAX_ORIGIN_ECHO; i++) {
            char c = origin.charAt(i);
            if (c >= 0x20 && c != 0x7f) {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }
}
