package io.github.wsboot.websocket;

import java.net.URI;
import java.time.Duration;

/**
 * Observes a {@link Dialer}'s dials, for metrics; set it with {@link Dialer.Builder#dialObserver}. Each method is
 * called on the dialing thread once the dial has ended. Implementations must be fast, must not block and must
 * not throw. Every method does nothing by default.
 */
public interface DialObserver {

    /** An observer that ignores everything. */
    DialObserver NONE = new DialObserver() {};

    /**
     * A dial succeeded. The observer may watch the new connection ({@link Conn#setObserver},
     * {@link Conn#addCloseListener}) before the caller receives it; it must not read or write.
     *
     * @param url  the URL dialed; it may hold credentials and is unbounded, so it is no metric tag
     * @param took from the start of the dial to the end of the opening handshake
     */
    default void dialSucceeded(URI url, Conn conn, Duration took) {}

    /**
     * A dial failed with {@code error}: a {@link BadHandshakeException} when the server refused the upgrade,
     * a {@link java.net.SocketTimeoutException} when the handshake timeout or deadline passed, another
     * exception when connecting, TLS, a proxy or the handshake failed.
     */
    default void dialFailed(URI url, Throwable error, Duration took) {}
}
