package io.github.wsboot.autoconfigure.observation;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.autoconfigure.metrics.HandshakeOutcome;

/**
 * What a handshake observation knows: the endpoint's path pattern, the request (for conventions of an
 * application's own; the default one reads nothing from it) and, once it ended, the outcome.
 *
 * @since 0.1.0
 */
public class WebSocketHandshakeContext extends WebSocketEndpointContext {

    private final HttpServletRequest request;
    private @Nullable HandshakeOutcome outcome;

    public WebSocketHandshakeContext(String pathPattern, HttpServletRequest request) {
        super(pathPattern);
        this.request = request;
    }

    /** The handshake request; valid only on the request thread, until the observation stops. */
    public HttpServletRequest getRequest() {
        return request;
    }

    /** How the handshake ended; null until it has. */
    public @Nullable HandshakeOutcome getOutcome() {
        return outcome;
    }

    public void setOutcome(HandshakeOutcome outcome) {
        this.outcome = outcome;
    }
}
