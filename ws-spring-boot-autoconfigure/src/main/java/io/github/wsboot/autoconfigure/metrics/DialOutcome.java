package io.github.wsboot.autoconfigure.metrics;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Locale;

import io.github.wsboot.websocket.BadHandshakeException;

/**
 * How a dial of the auto-configured {@code Dialer} ended, as the {@code outcome} tag of
 * {@code websocket.client.dials}.
 *
 * @since 0.1.0
 */
public enum DialOutcome {

    /** Connected and upgraded. */
    SUCCESS,
    /** The server answered the handshake with something other than 101; the {@code status} tag says what. */
    REFUSED,
    /** The handshake timeout or the dial's deadline passed. */
    TIMEOUT,
    /** Connecting, TLS, a proxy or the handshake failed with an I/O error. */
    IO_ERROR,
    /** Anything else, such as a request the dialer refused before connecting. */
    ERROR;

    /** The outcome of a dial that failed with {@code error}. */
    public static DialOutcome of(Throwable error) {
        if (error instanceof BadHandshakeException) {
            return REFUSED;
        }
        if (error instanceof InterruptedIOException) {
            return TIMEOUT; // SocketTimeoutException and the handshake guard's deadline
        }
        if (error instanceof IOException) {
            return IO_ERROR;
        }
        return ERROR;
    }

    /** The tag value: the constant's name in lower case. */
    public String tagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
