package io.github.wsboot.websocket.transport;

import java.io.IOException;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Upgrade through Jetty 12's own API. Jetty's {@code HttpServletRequest.upgrade} loses the first bytes of
 * the upgraded stream (the first read returns -1 and the next frame is parsed as HTTP), so on Jetty the
 * endpoint is taken over directly, as Jetty's own websocket server does.
 *
 * <p>This class itself never references Jetty types, so ws-core works without Jetty on the class path; the
 * Jetty half lives in {@link JettyEndPointTakeover} and is loaded only for Jetty's requests. Supported:
 * Jetty 12.1 EE11 servlet requests over HTTP/1.1 (what Spring Boot 4 runs), under any servlet wrappers; EE10
 * exposes its core request the same way. Other Jetty requests fall back to the servlet upgrade.
 */
public final class JettyUpgrade {

    /** Whether Jetty's server classes are visible to ws-core (in a webapp on Jetty they usually are not). */
    private static final boolean JETTY_VISIBLE = visible("org.eclipse.jetty.server.HttpStream")
            && visible("org.eclipse.jetty.io.AbstractConnection");

    private JettyUpgrade() {
    }

    /**
     * Whether {@code request} comes from a Jetty whose endpoint ws-core can take over: Jetty's classes are
     * visible to ws-core and the request (under any servlet wrappers) is Jetty's.
     */
    public static boolean isJetty(HttpServletRequest request) {
        if (!JETTY_VISIBLE) {
            return false;
        }
        ServletRequest unwrapped = unwrap(request);
        return unwrapped.getClass().getName().startsWith("org.eclipse.jetty.")
                && JettyEndPointTakeover.supports(unwrapped);
    }

    /**
     * Sends the 101 response with the headers already set on {@code response} and arranges for Jetty to hand
     * the connection's endpoint over once the response is complete (after the request handler returns).
     * Then {@code transport} is completed with a blocking view of the endpoint and {@code onReady} runs, on
     * a Jetty thread, so it must not block.
     *
     * @throws IOException if the 101 cannot be sent or the connection cannot be upgraded (not HTTP/1.1)
     */
    public static void upgrade(HttpServletRequest request, HttpServletResponse response, DeferredTransport transport,
                               Runnable onReady) throws IOException {
        JettyEndPointTakeover.takeOver(request, response, transport, onReady);
    }

    /** The container's own request under any application wrappers. */
    static ServletRequest unwrap(ServletRequest request) {
        ServletRequest r = request;
        while (r instanceof ServletRequestWrapper wrapper) {
            r = wrapper.getRequest();
        }
        return r;
    }

    private static boolean visible(String className) {
        try {
            Class.forName(className, false, JettyUpgrade.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
