package io.github.wsboot.autoconfigure.server;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.TransportMode;

/**
 * Refuses, at startup, a {@code ws.server.transport} the application's servlet container cannot serve, instead
 * of failing every handshake later: {@code servlet} on Jetty, whose servlet upgrade drops the first bytes of the
 * upgraded stream.
 *
 * @since 0.1.0
 */
public final class TransportModeCheck {

    private TransportModeCheck() {}

    /**
     * @param mode              the configured mode
     * @param webServerFactory  the application's servlet web server factory, null when there is none or several
     * @throws IllegalStateException when the container cannot serve {@code mode}
     */
    public static void check(TransportMode mode, @Nullable Object webServerFactory) {
        if (mode == TransportMode.SERVLET
                && webServerFactory != null
                && webServerFactory.getClass().getName().contains("Jetty")) {
            throw new IllegalStateException("ws.server.transport=servlet cannot be used on Jetty: Jetty 12.1's servlet "
                    + "upgrade drops the first bytes of the upgraded stream, so every connection would break. "
                    + "Use ws.server.transport=auto (the default) or native.");
        }
    }
}
