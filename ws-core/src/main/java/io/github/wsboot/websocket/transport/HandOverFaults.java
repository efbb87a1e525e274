package io.github.wsboot.websocket.transport;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

/**
 * Failure injection for tests of the fallback from a native hand-over: makes one step of the take-over fail
 * as if the container had changed under it. Not for production use; nothing fails unless a test sets a step.
 */
public final class HandOverFaults {

    /** The steps of the native hand-overs that can fail, in the order they run. */
    public enum Step {
        /** The per-connector probe (a container whose classes or methods are not the expected ones). */
        PROBE("probe"),
        /** Tomcat: asking Tomcat for its internal upgrade, on the request thread. */
        UPGRADE_REQUEST("upgrade-request"),
        /** Jetty: reaching Jetty's core request and endpoint, on the request thread. */
        CORE_REQUEST("core-request"),
        /** Tomcat: taking the socket channel from Tomcat's wrapper, on Tomcat's thread after the 101. */
        CHANNEL_TAKE_OVER("channel-take-over"),
        /** Tomcat: taking the channel out of Tomcat's poller, at the connection's first read or write. */
        POLLER_RELEASE("poller-release");

        private final String reason;

        Step(String reason) {
            this.reason = reason;
        }

        /** The bounded name reported to the {@link io.github.wsboot.websocket.HandOverObserver}. */
        public String reason() {
            return reason;
        }
    }

    private static volatile @Nullable Step failing;

    private HandOverFaults() {}

    /** Makes {@code step} fail from now on, until {@link #clear()}. */
    public static void failAt(Step step) {
        failing = step;
    }

    public static void clear() {
        failing = null;
    }

    static boolean fails(Step step) {
        return failing == step;
    }

    static void check(Step step) throws IOException {
        if (failing == step) {
            throw new IOException("websocket: injected failure at " + step.reason());
        }
    }
}
