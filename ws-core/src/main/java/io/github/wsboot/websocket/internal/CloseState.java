package io.github.wsboot.websocket.internal;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The close handshake as explicit half-close states, after Jetty's {@code WebSocketSessionState}:
 *
 * <pre>
 *            close frame received            close frame sent
 *   OPEN ───────────────────────▶ INPUT_SHUT ───────────────▶ CLOSED
 *     │                                                         ▲
 *     └──────────▶ OUTPUT_SHUT ─────────────────────────────────┘
 *   close frame sent            close frame received
 *   (abort from any state goes straight to CLOSED)
 * </pre>
 *
 * A second close frame is refused by construction: {@link #onCloseSent()} fails once the output is shut.
 * Every transition happens under one lock; the return values tell the caller whether it completed the
 * handshake and so owns closing the transport.
 */
public final class CloseState {

    /** The states of a connection. */
    public enum State {
        OPEN,
        INPUT_SHUT,
        OUTPUT_SHUT,
        CLOSED
    }

    private final ReentrantLock lock = new ReentrantLock();
    private State state = State.OPEN; // guarded by lock
    private boolean closeSent; // guarded by lock

    /** The current state. */
    public State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether a close frame was sent (as opposed to the output being shut by an abort without one). Tells the
     * application's "close sent" apart from "connection closed".
     */
    public boolean closeSent() {
        lock.lock();
        try {
            return closeSent;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a data or control frame may still be written. */
    public boolean isOutputOpen() {
        State s = state();
        return s == State.OPEN || s == State.INPUT_SHUT;
    }

    /**
     * Records that a close frame is about to be written.
     *
     * @return true when the input was already shut, so the connection is now fully closed
     * @throws IllegalStateException when a close frame was already sent or the connection was aborted
     */
    public boolean onCloseSent() {
        lock.lock();
        try {
            switch (state) {
                case OPEN -> {
                    state = State.OUTPUT_SHUT;
                    closeSent = true;
                    return false;
                }
                case INPUT_SHUT -> {
                    state = State.CLOSED;
                    closeSent = true;
                    return true;
                }
                default -> throw new IllegalStateException("output already shut: " + state);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records that a close frame was received.
     *
     * @return true when the output was already shut, so the connection is now fully closed
     */
    public boolean onCloseReceived() {
        lock.lock();
        try {
            switch (state) {
                case OPEN -> {
                    state = State.INPUT_SHUT;
                    return false;
                }
                case OUTPUT_SHUT -> {
                    state = State.CLOSED;
                    return true;
                }
                default -> {
                    return false;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves to {@link State#CLOSED} without a handshake (transport closed, connection failed).
     *
     * @return true when this call made the transition
     */
    public boolean onAbort() {
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return false;
            }
            state = State.CLOSED;
            return true;
        } finally {
            lock.unlock();
        }
    }
}
