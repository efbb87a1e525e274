package io.github.wsboot.websocket;

/**
 * How an {@link Upgrader} takes an upgraded connection over from the servlet container.
 *
 * <ul>
 *   <li>{@link #AUTO} (the default): the container's native hand-over (Tomcat's socket, Jetty's endpoint) when
 *       its probe passes, else the portable servlet upgrade, logged once at WARN and reported to the
 *       {@link HandOverObserver};</li>
 *   <li>{@link #NATIVE}: the native hand-over or nothing: a container whose probe fails refuses the handshake
 *       with 500 instead of falling back;</li>
 *   <li>{@link #SERVLET}: always the portable servlet upgrade ({@code HttpServletRequest.upgrade}): slower,
 *       and a blocked read is ended only by the peer or the container, never by {@code close()} from another
 *       thread.</li>
 * </ul>
 */
public enum TransportMode {
    AUTO,
    NATIVE,
    SERVLET
}
