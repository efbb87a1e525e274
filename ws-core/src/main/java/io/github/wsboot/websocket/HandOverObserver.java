package io.github.wsboot.websocket;

/**
 * Told when a connection could not take the container's native hand-over and is served by a portable path
 * instead (see {@link TransportMode#AUTO}), or, on a container whose servlet upgrade is broken (Jetty 12.1),
 * refused with 503. Called on the thread doing the hand-over: must not block.
 */
@FunctionalInterface
public interface HandOverObserver {

    /** Does nothing. */
    HandOverObserver NONE = (container, reason) -> {};

    /**
     * @param container the native hand-over that was skipped or failed: {@code "tomcat"} or {@code "jetty"}
     * @param reason    a short, bounded description: {@code "probe"} (the container failed the probe) or the
     *                  step that failed, e.g. {@code "upgrade-request"}, {@code "channel-take-over"},
     *                  {@code "poller-release"}
     */
    void fellBack(String container, String reason);
}
