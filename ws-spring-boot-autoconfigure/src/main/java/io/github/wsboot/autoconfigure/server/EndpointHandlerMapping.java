package io.github.wsboot.autoconfigure.server;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.PathContainer;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

import io.github.wsboot.autoconfigure.metrics.WebSocketMetrics;
import io.github.wsboot.autoconfigure.observation.WebSocketObservations;

/**
 * Routes requests to the WebSocket endpoints by path pattern, most specific pattern first, and exposes the
 * matched pattern and variables as Spring MVC does for controllers. It is ordered before annotated
 * controllers ({@value #ORDER}) so that a catch-all controller mapping cannot hide an endpoint.
 *
 * @since 0.1.0
 */
public final class EndpointHandlerMapping extends AbstractHandlerMapping {

    /** Before {@code RouterFunctionMapping} (-1) and {@code RequestMappingHandlerMapping} (0). */
    public static final int ORDER = -2;

    private static final Log LOG = LogFactory.getLog(EndpointHandlerMapping.class);

    private final Map<WebSocketEndpoint, EndpointRequestHandler> handlers = new LinkedHashMap<>();

    public EndpointHandlerMapping(
            WebSocketEndpoints endpoints,
            ConnectionTracker tracker,
            WebSocketMetrics metrics,
            ConnectionSettings settings) {
        this(endpoints, tracker, metrics, settings, ClientLimits.none(), null, WebSocketObservations.NONE);
    }

    /**
     * @param clientLimits the per-client limits ({@code ws.server.limits.*})
     * @param sessions     binds connections to their HTTP session ({@code ws.server.session.*}); null: not bound
     * @param observations the handshake and message observations ({@link WebSocketObservations#NONE}: none)
     */
    public EndpointHandlerMapping(
            WebSocketEndpoints endpoints,
            ConnectionTracker tracker,
            WebSocketMetrics metrics,
            ConnectionSettings settings,
            ClientLimits clientLimits,
            @Nullable SessionBoundConnections sessions,
            WebSocketObservations observations) {
        for (WebSocketEndpoint endpoint : endpoints.list()) {
            handlers.put(
                    endpoint,
                    new EndpointRequestHandler(
                            endpoint, tracker, metrics, settings, clientLimits, sessions, observations));
        }
        setOrder(ORDER);
        logMappings(endpoints);
    }

    /** One INFO line at startup, as Spring MVC and the actuator announce what they expose. */
    private static void logMappings(WebSocketEndpoints endpoints) {
        if (endpoints.list().isEmpty()) {
            LOG.debug("No @WebSocketHandler beans found: no WebSocket endpoints mapped");
            return;
        }
        if (LOG.isInfoEnabled()) {
            LOG.info(endpoints.list().size() + " WebSocket endpoint"
                    + (endpoints.list().size() == 1 ? "" : "s")
                    + " mapped: "
                    + endpoints.list().stream()
                            .map(EndpointHandlerMapping::describe)
                            .collect(Collectors.joining(", ")));
        }
    }

    private static String describe(WebSocketEndpoint e) {
        return e.path() + " -> " + e.beanName() + " (" + e.model().name().toLowerCase(Locale.ROOT) + "-oriented)";
    }

    @Override
    protected @Nullable Object getHandlerInternal(HttpServletRequest request) {
        if (handlers.isEmpty()) {
            return null;
        }
        String lookupPath = initLookupPath(request);
        PathContainer path = usesPathPatterns()
                ? ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication()
                : PathContainer.parsePath(lookupPath);
        WebSocketEndpoint best = null;
        PathPattern.PathMatchInfo bestMatch = null;
        for (WebSocketEndpoint endpoint : handlers.keySet()) {
            PathPattern.PathMatchInfo match = endpoint.pattern().matchAndExtract(path);
            if (match != null
                    && (best == null
                            || PathPattern.SPECIFICITY_COMPARATOR.compare(endpoint.pattern(), best.pattern()) < 0)) {
                best = endpoint;
                bestMatch = match;
            }
        }
        if (best == null || bestMatch == null) {
            return null;
        }
        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, best.path());
        request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, bestMatch.getUriVariables());
        return handlers.get(best);
    }
}
