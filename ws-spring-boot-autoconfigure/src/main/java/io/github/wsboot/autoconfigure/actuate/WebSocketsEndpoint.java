package io.github.wsboot.autoconfigure.actuate;

import java.util.List;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import io.github.wsboot.autoconfigure.server.ConnectionTracker;
import io.github.wsboot.autoconfigure.server.WebSocketEndpoint;
import io.github.wsboot.autoconfigure.server.WebSocketEndpoints;

/**
 * The {@code websockets} actuator endpoint: the registered WebSocket endpoints with their effective settings
 * and open connections.
 *
 * @since 0.1.0
 */
@Endpoint(id = "websockets")
public final class WebSocketsEndpoint {

    private final WebSocketEndpoints endpoints;
    private final ConnectionTracker tracker;

    public WebSocketsEndpoint(WebSocketEndpoints endpoints, ConnectionTracker tracker) {
        this.endpoints = endpoints;
        this.tracker = tracker;
    }

    @ReadOperation
    public WebSocketsDescriptor websockets() {
        List<EndpointDescriptor> list =
                endpoints.list().stream().map(this::describe).toList();
        return new WebSocketsDescriptor(tracker.active(), tracker.maxConnections(), tracker.isAccepting(), list);
    }

    private EndpointDescriptor describe(WebSocketEndpoint e) {
        return new EndpointDescriptor(
                e.path(),
                e.beanName(),
                e.beanType().getName(),
                e.model().name().toLowerCase(java.util.Locale.ROOT),
                tracker.active(e.path()),
                e.subprotocols(),
                e.allowedOrigins(),
                e.readLimit(),
                e.compression(),
                e.upgrader().transportMode().name().toLowerCase(java.util.Locale.ROOT),
                e.upgrader().transportsUsed().stream().sorted().toList());
    }

    /**
     * The endpoint's answer.
     *
     * @param activeConnections open connections over all endpoints
     * @param maxConnections    the connection limit, -1 for none
     * @param accepting         false once shutdown has begun
     * @param endpoints         the registered endpoints
     */
    public record WebSocketsDescriptor(
            int activeConnections, int maxConnections, boolean accepting, List<EndpointDescriptor> endpoints)
            implements OperationResponseBody {}

    /**
     * One registered endpoint.
     *
     * @param path              the path pattern
     * @param bean              the handler bean's name
     * @param beanType          the handler bean's class
     * @param model             {@code connection} or {@code message}
     * @param activeConnections its open connections
     * @param subprotocols      the subprotocols offered
     * @param allowedOrigins    origin patterns accepted besides the same origin
     * @param readLimitBytes    the read limit, 0 for none
     * @param compression       whether permessage-deflate is negotiated
     * @param transport         how connections are taken from the container: {@code auto}, {@code native} or
     *                          {@code servlet} ({@code ws.server.transport})
     * @param transportsInUse   the hand-overs that have carried its connections so far: {@code tomcat},
     *                          {@code jetty} (native) or {@code servlet} (portable); empty before the first
     */
    public record EndpointDescriptor(
            String path,
            String bean,
            String beanType,
            String model,
            int activeConnections,
            List<String> subprotocols,
            List<String> allowedOrigins,
            long readLimitBytes,
            boolean compression,
            String transport,
            List<String> transportsInUse) {}
}
