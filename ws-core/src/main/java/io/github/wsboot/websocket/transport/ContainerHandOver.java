package io.github.wsboot.websocket.transport;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

/**
 * One way of taking an upgraded connection over from a servlet container: Tomcat's socket
 * ({@link TomcatHandOver}), Jetty's endpoint ({@link JettyHandOver}) or the portable servlet upgrade
 * ({@link ServletHandOver}). {@link ContainerHandOvers} picks the first one that recognizes the request and
 * whose probe passed, and falls back to the servlet upgrade when a native one cannot be used.
 */
public interface ContainerHandOver {

    /** The name in logs, meters and the actuator: {@code tomcat}, {@code jetty} or {@code servlet}. */
    String name();

    /** Whether {@code request} comes from this strategy's container; cheap (class names), called per request. */
    boolean recognizes(HttpServletRequest request);

    /**
     * Checks once per connector that the container is one this strategy knows how to take over (its classes
     * and the methods it calls are there); {@link ContainerHandOvers} caches the answer.
     *
     * @return null when it is, else why not (logged once at WARN)
     */
    @Nullable
    String probe(HttpServletRequest request);

    /**
     * Sets the 101 status and hands the connection over: once the container sends the 101 (after the request
     * handler returns), {@code target}'s transport is completed and its {@code onReady} runs.
     *
     * @throws NotTakenOverException when the hand-over failed before anything was committed: the connection
     *                               can still be handed over another way
     */
    void handOver(HttpServletRequest request, HttpServletResponse response, HandOverTarget target)
            throws IOException, ServletException;

    /**
     * Whether this container's own servlet upgrade ({@code HttpServletRequest.upgrade}) is known not to carry a
     * websocket intact, so it is no fallback: then a failed native hand-over refuses the handshake instead.
     */
    default boolean servletUpgradeBroken() {
        return false;
    }
}
