package io.github.wsboot.autoconfigure.server;

import java.util.List;

import org.apache.commons.logging.LogFactory;
import org.springframework.web.util.pattern.PathPattern;

import io.github.wsboot.autoconfigure.handler.HandlerFailureLog;
import io.github.wsboot.spring.ConnectionHandler;
import io.github.wsboot.websocket.Upgrader;

/**
 * One registered endpoint with its effective settings: the annotation's attributes where given, the
 * {@code ws.server.*} properties otherwise. Immutable.
 *
 * @since 0.1.0
 */
public final class WebSocketEndpoint {

    private final HandlerDefinition definition;
    private final Upgrader upgrader;
    private final List<String> subprotocols;
    private final List<String> allowedOrigins;
    private final long readLimit;
    private final boolean compression;
    private final HandlerFailureLog failures = new HandlerFailureLog(LogFactory.getLog(ConnectionRunner.class));

    WebSocketEndpoint(HandlerDefinition definition, Upgrader upgrader, List<String> allowedOrigins, long readLimit) {
        this.definition = definition;
        this.upgrader = upgrader;
        this.subprotocols = upgrader.subprotocols();
        this.allowedOrigins = List.copyOf(allowedOrigins);
        this.readLimit = readLimit;
        this.compression = upgrader.enableCompression();
    }

    /** The path pattern, as written in the annotation. */
    public String path() {
        return definition.pattern().getPatternString();
    }

    /** The parsed path pattern. */
    public PathPattern pattern() {
        return definition.pattern();
    }

    /** The handler bean's name. */
    public String beanName() {
        return definition.beanName();
    }

    /** The handler bean's class, without any proxy. */
    public Class<?> beanType() {
        return definition.beanType();
    }

    /** The programming model. */
    public HandlerModel model() {
        return definition.model();
    }

    /** What serves each connection. */
    public ConnectionHandler handler() {
        return definition.handler();
    }

    /** The Upgrader that performs this endpoint's handshakes. */
    public Upgrader upgrader() {
        return upgrader;
    }

    /** The subprotocols offered, in order of preference. */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** The origin patterns accepted besides the same origin. */
    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** The read limit in bytes; 0 means none. */
    public long readLimit() {
        return readLimit;
    }

    /** Whether permessage-deflate is negotiated when the client offers it. */
    public boolean compression() {
        return compression;
    }

    /** Where this endpoint's handler failures are logged, rate-limited per endpoint. */
    HandlerFailureLog failures() {
        return failures;
    }

    @Override
    public String toString() {
        return "WebSocketEndpoint[" + path() + " -> " + beanName() + " (" + model() + ")]";
    }
}
