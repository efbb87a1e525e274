package io.github.wsboot.websocket.transport;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Upgrade through Jetty 12's own API. Jetty's {@code HttpServletRequest.upgrade} loses the first bytes of
 * the upgraded stream (the first read returns -1 and the next frame is parsed as HTTP), so on Jetty the
 * endpoint is taken over directly. Jetty classes are only touched when the request is Jetty's.
 */
public final class JettyUpgrade {

    private JettyUpgrade() {
    }

    /** Whether {@code request} comes from Jetty (checked by class name, so Jetty need not be present). */
    public static boolean isJetty(HttpServletRequest request) {
        return false; // TODO(jetty): replaced by the Jetty-native upgrade
    }

    /**
     * Sends the 101 response with the headers already set on {@code response}, takes over Jetty's endpoint,
     * completes {@code transport} with it, then runs {@code onReady}.
     */
    public static void upgrade(HttpServletRequest request, HttpServletResponse response, DeferredTransport transport,
                               Runnable onReady) throws IOException {
        throw new UnsupportedOperationException("Jetty-native upgrade not implemented yet");
    }
}
