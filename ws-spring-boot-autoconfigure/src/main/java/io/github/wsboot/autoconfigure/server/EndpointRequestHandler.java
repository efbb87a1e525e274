package io.github.wsboot.autoconfigure.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.HandlerMapping;

import io.github.wsboot.spring.Handshake;
import io.github.wsboot.autoconfigure.metrics.HandshakeOutcome;
import io.github.wsboot.autoconfigure.metrics.WebSocketMetrics;
import io.github.wsboot.autoconfigure.observation.HandshakeObservation;
import io.github.wsboot.autoconfigure.observation.WebSocketObservations;
import io.github.wsboot.websocket.HandshakeException;

/**
 * Performs the handshake for one endpoint inside Spring MVC, after the servlet filter chain (so security
 * filters have run): refuses with 503 when shutting down or at the connection limit, captures the
 * {@link Handshake}, upgrades, and hands the connection to a {@link ConnectionRunner}. Every outcome is
 * counted.
 */
final class EndpointRequestHandler implements HttpRequestHandler {

    private final WebSocketEndpoint endpoint;
    private final ConnectionTracker tracker;
    private final WebSocketMetrics metrics;
    private final ConnectionSettings settings;
    private final WebSocketObservations observations;

    EndpointRequestHandler(WebSocketEndpoint endpoint, ConnectionTracker tracker, WebSocketMetrics metrics,
                           ConnectionSettings settings, WebSocketObservations observations) {
        this.endpoint = endpoint;
        this.tracker = tracker;
        this.metrics = metrics;
        this.settings = settings;
        this.observations = observations;
    }

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = endpoint.path();
        HandshakeObservation observation = observations.handshakeStarted(path, request);
        // Refusals are counted before the response goes out, so a client that sees one can also see its count.
        if (!tracker.isAccepting()) {
            ended(observation, HandshakeOutcome.SHUTTING_DOWN, null);
            unavailable(response, "the server is shutting down");
            return;
        }
        if (tracker.isAtCapacity()) {
            ended(observation, HandshakeOutcome.OVER_CAPACITY, null);
            unavailable(response, "too many WebSocket connections");
            return;
        }
        try {
            Handshake handshake = capture(request);
            endpoint.upgrader().upgrade(request, response, null,
                    new ConnectionRunner(endpoint, handshake, tracker, metrics, settings, observation));
            ended(observation, HandshakeOutcome.SUCCESS, null);
        } catch (HandshakeException e) {
            // The Upgrader has written the error response.
            ended(observation, HandshakeOutcome.ofStatus(e.status()), null);
        } catch (IOException | RuntimeException e) {
            ended(observation, HandshakeOutcome.ERROR, e);
            throw e;
        }
    }

    private void ended(HandshakeObservation observation, HandshakeOutcome outcome, @Nullable Throwable error) {
        metrics.handshake(endpoint.path(), outcome);
        observation.stop(outcome, error);
    }

    private Handshake capture(HttpServletRequest request) {
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        HttpHeaders headers = new HttpHeaders();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.addAll(name, Collections.list(request.getHeaders(name)));
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> query.put(name, List.of(values)));
        String url = request.getRequestURL().toString();
        String queryString = request.getQueryString();
        URI uri = URI.create(queryString == null ? url : url + "?" + queryString);
        InetSocketAddress remote = request.getRemoteAddr() == null ? null
                : InetSocketAddress.createUnresolved(request.getRemoteAddr(), request.getRemotePort());
        return new Handshake(endpoint.path(), uri, variables == null ? Map.of() : variables, query, headers,
                request.getUserPrincipal(), remote);
    }

    private static void unavailable(HttpServletResponse response, String reason) throws IOException {
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("text/plain;charset=utf-8");
        byte[] body = ("Service Unavailable: " + reason + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
