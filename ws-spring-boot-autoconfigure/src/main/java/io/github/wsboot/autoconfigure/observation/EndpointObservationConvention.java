package io.github.wsboot.autoconfigure.observation;

/**
 * What the default conventions share: a fixed name, and a contextual name (the span's) made of a short
 * description and the endpoint's path pattern, never the raw path.
 */
abstract class EndpointObservationConvention<C extends WebSocketEndpointContext> {

    private final String name;
    private final String description;

    EndpointObservationConvention(String name, String description) {
        this.name = name;
        this.description = description;
    }

    public String getName() {
        return name;
    }

    public String getContextualName(C context) {
        return description + " " + context.getPathPattern();
    }
}
