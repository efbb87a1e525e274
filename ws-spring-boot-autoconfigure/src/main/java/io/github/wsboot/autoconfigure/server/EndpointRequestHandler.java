package io.github.wsboot.autoconfigure.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.HandlerMapping;

import io.github.wsboot.autoconfigure.handler.PerMessageHandler;
import io.github.wsboot.autoconfigure.metrics.HandshakeOutcome;
import io.github.wsboot.autoconfigure.metrics.WebSocketMetrics;
import io.github.wsboot.autoconfigure.observation.HandshakeObservation;
import io.github.wsboot.autoconfigure.observation.WebSocketObservations;
import io.github.wsboot.spring.Handshake;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.EngineMode;
import io.github.wsboot.websocket.HandshakeException;

/**
 * Performs the handshake for one endpoint inside Spring MVC, after the servlet filter chain (so security
 * filters have run): refuses with 503 when shutting down or at the connection limit, captures the
 * {@link Handshake}, upgrades, and hands the connection to a {@link ConnectionRunner}. Every outcome is
 * counted.
 */
final class EndpointRequestHandler implements HttpRequestHandler {

    /** Retry-After of a refusal while shutting down: another instance, or this one restarted. */
    private static final long SHUTDOWN_RETRY_SECONDS = 5;
    /** Retry-After of a refusal at ws.server.max-connections. */
    private static final long CAPACITY_RETRY_SECONDS = 1;

    private final WebSocketEndpoint endpoint;
    private final ConnectionTracker tracker;
    private final WebSocketMetrics metrics;
    private final ConnectionSettings settings;
    private final ClientLimits clientLimits;
    private final @Nullable SessionBoundConnections sessions;
    private final WebSocketObservations observations;

    EndpointRequestHandler(
            WebSocketEndpoint endpoint,
            ConnectionTracker tracker,
            WebSocketMetrics metrics,
            ConnectionSettings settings,
            ClientLimits clientLimits,
            @Nullable SessionBoundConnections sessions,
            WebSocketObservations observations) {
        this.endpoint = endpoint;
        this.tracker = tracker;
        this.metrics = metrics;
        this.settings = settings;
        this.clientLimits = clientLimits;
        this.sessions = sessions;
        this.observations = observations;
    }

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HandshakeObservation observation = observations.handshakeStarted(endpoint.path(), request);
        // Refusals are counted before the response goes out, so a client that sees one can also see its count.
        if (!tracker.isAccepting()) {
            ended(observation, HandshakeOutcome.SHUTTING_DOWN, null);
            refuse(
                    response,
                    HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    SHUTDOWN_RETRY_SECONDS,
                    "the server is shutting down");
            return;
        }
        if (tracker.isAtCapacity()) {
            ended(observation, HandshakeOutcome.OVER_CAPACITY, null);
            refuse(
                    response,
                    HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    CAPACITY_RETRY_SECONDS,
                    "too many WebSocket connections");
            return;
        }
        PerAddressLimits.Decision admission = clientLimits.admit(request);
        PerAddressLimits.Reservation slot = admission.reservation();
        if (slot == null) {
            boolean rate = admission.refusal() == PerAddressLimits.Refusal.TOO_MANY_HANDSHAKES;
            ended(observation, rate ? HandshakeOutcome.RATE_LIMITED : HandshakeOutcome.TOO_MANY_FROM_ADDRESS, null);
            refuse(
                    response,
                    rate ? 429 : HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    admission.retryAfterSeconds(),
                    rate ? "too many handshakes from your address" : "too many connections from your address");
            return;
        }
        HttpSession session = sessions != null ? request.getSession(false) : null;
        String sessionId = session != null ? session.getId() : null;
        try {
            Handshake handshake = capture(request);
            ConnectionRunner runner =
                    new ConnectionRunner(endpoint, handshake, tracker, metrics, settings, observation);
            // The per-address slot and the HTTP session binding last as long as the connection is served.
            Function<Conn, Runnable> lease = conn -> {
                slot.started();
                Runnable unbind = sessions != null ? sessions.bind(sessionId, conn) : () -> {};
                return () -> {
                    unbind.run();
                    slot.release();
                };
            };
            if (endpoint.upgrader().engineMode() == EngineMode.EVENT
                    && endpoint.handler() instanceof PerMessageHandler h) {
                // The message-oriented model on the event engine: no thread per connection.
                endpoint.upgrader()
                        .upgrade(
                                request,
                                response,
                                null,
                                new EventConnectionRunner(runner, h.session(handshake), lease));
            } else {
                endpoint.upgrader().upgrade(request, response, null, conn -> {
                    Runnable end = lease.apply(conn);
                    try {
                        runner.serve(conn);
                    } finally {
                        end.run();
                    }
                });
            }
            ended(observation, HandshakeOutcome.SUCCESS, null);
        } catch (HandshakeException e) {
            // The Upgrader has written the error response.
            slot.release();
            ended(observation, HandshakeOutcome.ofStatus(e.status()), null);
        } catch (IOException | RuntimeException e) {
            slot.release();
            ended(observation, HandshakeOutcome.ERROR, e);
            throw e;
        }
    }

    private void ended(HandshakeObservation observation, HandshakeOutcome outcome, @Nullable Throwable error) {
        metrics.handshake(endpoint.path(), outcome);
        observation.stop(outcome, error);
    }

    /** A refusal by a per-client limit: the status, when to try again, and a short text body. */
    private static void refuse(HttpServletResponse response, int status, long retryAfterSeconds, String reason)
            throws IOException {
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        String phrase = status == 429 ? "Too Many Requests" : "Service Unavailable";
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        byte[] body = (phrase + ": " + reason + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private Handshake capture(HttpServletRequest request) {
        @SuppressWarnings("unchecked")
        Map<String, String> variables =
                (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        HttpHeaders headers = new HttpHeaders();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.addAll(name, Collections.list(request.getHeaders(name)));
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> query.put(name, List.of(values)));
        String url = request.getRequestURL().toString();
        String queryString = request.getQueryString();
        URI uri = URI.create(queryString == null ? url : url + "?" + queryString);
        InetSocketAddress remote = request.getRemoteAddr() == null
                ? null
                : InetSocketAddress.createUnresolved(request.getRemoteAddr(), request.getRemotePort());
        return new Handshake(
                endpoint.path(),
                uri,
                variables == null ? Map.of() : variables,
                query,
                headers,
                request.getUserPrincipal(),
                remote);
    }
}
