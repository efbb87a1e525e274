package io.github.wsboot.websocket.transport;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

/**
 * Jetty 12's native hand-over, through Jetty's own API. Jetty's {@code HttpServletRequest.upgrade} loses the
 * first bytes of the upgraded stream (the first read returns -1 and the next frame is parsed as HTTP), so on
 * Jetty the endpoint is taken over directly, as Jetty's own websocket server does.
 *
 * <p>This class itself never links Jetty types, so ws-core works without Jetty on the class path; the Jetty
 * half lives in {@link JettyEndPointTakeover} and is loaded only for Jetty's requests. Supported: Jetty 12.1
 * EE11 servlet requests over HTTP/1.1 (what Spring Boot 4 runs), under any servlet wrappers; EE10 exposes its
 * core request the same way.
 */
final class JettyHandOver implements ContainerHandOver {

    /** Whether Jetty's server classes are visible to ws-core (in a webapp on Jetty they usually are not). */
    private static final boolean JETTY_VISIBLE = ContainerClasses.visible("org.eclipse.jetty.server.HttpStream")
            && ContainerClasses.visible("org.eclipse.jetty.io.AbstractConnection");

    @Override
    public String name() {
        return "jetty";
    }

    /**
     * Whether {@code request} comes from a Jetty: Jetty's classes are visible to ws-core and the request
     * (under any servlet wrappers) is Jetty's.
     */
    @Override
    public boolean recognizes(HttpServletRequest request) {
        return JETTY_VISIBLE
                && ContainerClasses.unwrap(request).getClass().getName().startsWith("org.eclipse.jetty.");
    }

    @Override
    public @Nullable String probe(HttpServletRequest request) {
        return JettyEndPointTakeover.probe(ContainerClasses.unwrap(request));
    }

    /** Jetty 12.1's servlet upgrade loses the first bytes of the upgraded stream (see the class documentation). */
    @Override
    public boolean servletUpgradeBroken() {
        return true;
    }

    @Override
    public void handOver(HttpServletRequest request, HttpServletResponse response, HandOverTarget target)
            throws IOException {
        JettyEndPointTakeover.takeOver(request, response, target);
    }
}
