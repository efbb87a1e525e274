package io.github.wsboot.autoconfigure.observation;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.autoconfigure.metrics.HandshakeOutcome;

/**
 * One handshake's observation: stopped with the outcome on the request thread, then made current on the
 * connection's thread while the handler runs, so that the handler's work (and its message observations) carry the
 * handshake's trace context.
 *
 * @since 0.1.0
 */
public interface HandshakeObservation {

    /** Observes nothing. */
    HandshakeObservation NONE = new HandshakeObservation() {};

    /** The handshake ended with {@code outcome}; {@code error} is what failed it, if anything. Called once. */
    default void stop(HandshakeOutcome outcome, @Nullable Throwable error) {}

    /** Makes the handshake's observation the current one on this thread until the returned scope is closed. */
    default Scope openScope() {
        return Scope.NONE;
    }

    /** A scope opened by {@link #openScope()}. */
    @FunctionalInterface
    interface Scope extends AutoCloseable {

        /** Does nothing. */
        Scope NONE = () -> {};

        @Override
        void close();
    }
}
