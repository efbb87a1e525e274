package io.github.wsboot.autoconfigure.observation;

import io.micrometer.observation.Observation;

/**
 * What every WebSocket observation knows: the endpoint it belongs to.
 *
 * @since 0.1.0
 */
public abstract class WebSocketEndpointContext extends Observation.Context {

    private final String pathPattern;

    protected WebSocketEndpointContext(String pathPattern) {
        this.pathPattern = pathPattern;
    }

    /** The endpoint's path pattern, such as {@code /rooms/{room}}. */
    public String getPathPattern() {
        return pathPattern;
    }
}
