package io.github.wsboot.autoconfigure.server;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ListableBeanFactory;

import io.github.wsboot.autoconfigure.WebSocketServerProperties;
import io.github.wsboot.autoconfigure.diagnostics.InvalidWebSocketHandlerException;
import io.github.wsboot.autoconfigure.handler.MessageHandlerIntrospector;
import io.github.wsboot.websocket.Upgrader;

/**
 * The registered endpoints, one per {@code @WebSocketHandler} bean, in bean-name order. Built once at
 * startup; building fails with an {@link InvalidWebSocketHandlerException} on the first mapping that cannot
 * work.
 *
 * @since 0.1.0
 */
public final class WebSocketEndpoints {

    private final List<WebSocketEndpoint> endpoints;

    private WebSocketEndpoints(List<WebSocketEndpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    /**
     * Discovers the handler beans and resolves each endpoint's settings.
     *
     * @param upgrader the application's Upgrader bean: the starter's {@link ServerUpgraders#shared()} or the
     *                 user's own, which annotation attributes cannot change
     */
    public static WebSocketEndpoints discover(
            ListableBeanFactory beanFactory,
            MessageHandlerIntrospector introspector,
            WebSocketServerProperties properties,
            ServerUpgraders upgraders,
            Upgrader upgrader) {
        boolean ownUpgrader = upgrader == upgraders.shared();
        List<WebSocketEndpoint> result = new ArrayList<>();
        for (HandlerDefinition d : new HandlerDiscovery(beanFactory, introspector).discover()) {
            Upgrader chosen = upgrader;
            if (d.overridesUpgrader()) {
                if (!ownUpgrader) {
                    throw new InvalidWebSocketHandlerException(
                            d.beanName(),
                            null,
                            "its @WebSocketHandler sets "
                                    + "subprotocols, allowedOrigins, readLimit or compression, but the application defines "
                                    + "its own Upgrader bean, which the starter cannot change",
                            "Remove those attributes, or replace the Upgrader bean with an UpgraderCustomizer bean.");
                }
                chosen = upgraders.forEndpoint(d);
            }
            List<String> origins = d.allowedOrigins().isEmpty() ? properties.getAllowedOrigins() : d.allowedOrigins();
            result.add(
                    new WebSocketEndpoint(d, chosen, origins, chosen.options().readLimit()));
        }
        return new WebSocketEndpoints(result);
    }

    /** All endpoints. */
    public List<WebSocketEndpoint> list() {
        return endpoints;
    }

    /** The path patterns of all endpoints. */
    public List<String> paths() {
        return endpoints.stream().map(WebSocketEndpoint::path).toList();
    }

    @Override
    public String toString() {
        return "WebSocketEndpoints" + endpoints;
    }
}
