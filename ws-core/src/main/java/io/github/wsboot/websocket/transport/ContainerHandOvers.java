package io.github.wsboot.websocket.transport;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.HandOverObserver;
import io.github.wsboot.websocket.TransportMode;

/**
 * Chooses how an upgraded connection leaves the servlet container: the first native {@link ContainerHandOver}
 * (Jetty, Tomcat) that recognizes the request, if its probe passed for that connector, else the portable
 * {@link ServletHandOver}. When a native hand-over cannot be used (failed probe, or a failure before it
 * committed anything) the connection is handed over the portable way instead, the reason is logged once at
 * WARN and the {@link HandOverObserver} counts it; under {@link TransportMode#NATIVE} it fails instead. On a
 * container whose servlet upgrade is known broken (Jetty 12.1 drops the first bytes) there is no portable way:
 * the handshake is refused (503), logged and counted the same way, so no connection is ever half taken over.
 */
public final class ContainerHandOvers {

    private static final System.Logger LOG = System.getLogger(ContainerHandOvers.class.getName());

    private static final List<ContainerHandOver> NATIVE = List.of(new JettyHandOver(), new TomcatHandOver());
    private static final ContainerHandOver SERVLET = new ServletHandOver();

    /** Probe results per connector: "" when the probe passed, else why it failed. */
    private static final Map<String, String> PROBES = new ConcurrentHashMap<>();
    /** Fallback reasons already logged, per container and step. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private final TransportMode mode;

    public ContainerHandOvers(TransportMode mode) {
        this.mode = mode;
    }

    /**
     * Hands the connection over; see the class documentation.
     *
     * @return the name of the hand-over that took it: {@code tomcat}, {@code jetty} or {@code servlet}
     * @throws NotTakenOverException under {@link TransportMode#NATIVE}, when the native hand-over is unavailable
     */
    public String handOver(HttpServletRequest request, HttpServletResponse response, HandOverTarget target)
            throws IOException, ServletException {
        ContainerHandOver container =
                NATIVE.stream().filter(h -> h.recognizes(request)).findFirst().orElse(null);
        if (container != null && mode == TransportMode.SERVLET && container.servletUpgradeBroken()) {
            throw new NotTakenOverException(
                    "servlet-upgrade",
                    new IOException("the transport mode is SERVLET, but " + container.name()
                            + "'s servlet upgrade does not carry a websocket intact; use AUTO or NATIVE"));
        }
        if (container != null && mode != TransportMode.SERVLET) {
            String problem = probe(container, request);
            NotTakenOverException failure = null;
            if (problem == null) {
                try {
                    container.handOver(request, response, target);
                    return container.name();
                } catch (NotTakenOverException e) {
                    failure = e;
                }
            } else {
                failure = new NotTakenOverException(HandOverFaults.Step.PROBE.reason(), new IOException(problem));
            }
            if (mode == TransportMode.NATIVE) {
                warnOnce(
                        container.name() + " native " + failure.step(),
                        "websocket: the " + container.name()
                                + " hand-over is unavailable (" + failure.getMessage()
                                + ") and the transport mode is NATIVE: "
                                + "handshakes are refused with 500. Logged once.");
                throw failure;
            }
            if (container.servletUpgradeBroken()) {
                warnOnce(
                        container.name() + " " + failure.step(),
                        "websocket: the " + container.name() + " hand-over "
                                + "is unavailable (" + failure.getMessage()
                                + ") and its servlet upgrade does not carry a "
                                + "websocket intact: such handshakes are refused with 503. Logged once.");
                count(target.observer(), container.name(), failure.step());
                throw failure;
            }
            fellBack(container.name(), failure.step(), String.valueOf(failure.getMessage()), target.observer());
        }
        SERVLET.handOver(request, response, target);
        return SERVLET.name();
    }

    /** The probe's answer for the connector of {@code request}, computed at its first request. */
    private static @Nullable String probe(ContainerHandOver h, HttpServletRequest request) {
        if (HandOverFaults.fails(HandOverFaults.Step.PROBE)) {
            return "simulated incompatible container";
        }
        ServletRequest own = ContainerClasses.unwrap(request);
        String connector = h.name() + " " + own.getClass().getName() + "@"
                + Integer.toHexString(System.identityHashCode(own.getClass())) + " port " + request.getLocalPort();
        String result = PROBES.computeIfAbsent(connector, k -> {
            try {
                String problem = h.probe(request);
                return problem == null ? "" : problem;
            } catch (RuntimeException | LinkageError e) {
                return "probe failed: " + e;
            }
        });
        return result.isEmpty() ? null : result;
    }

    /** Logs {@code message} at WARN the first time {@code key} is seen, at DEBUG after that. */
    private static void warnOnce(String key, String message) {
        LOG.log(WARNED.add(key) ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG, message);
    }

    /**
     * Reports a connection that falls back from {@code container}'s native hand-over: logged at WARN once per
     * container and step (then at DEBUG), and counted by the observer.
     */
    static void fellBack(String container, String step, String detail, HandOverObserver observer) {
        warnOnce(
                container + " " + step,
                "websocket: the " + container + " hand-over is unavailable (" + step + ": "
                        + detail
                        + "); such connections are served by a portable path instead (slower; close() from another "
                        + "thread may not wake a blocked read). Logged once. To choose the portable path explicitly: "
                        + "ws.server.transport=servlet, or Upgrader.builder().transportMode(SERVLET).");
        count(observer, container, step);
    }

    private static void count(HandOverObserver observer, String container, String step) {
        try {
            observer.fellBack(container, step);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "hand-over observer failed", e);
        }
    }
}
