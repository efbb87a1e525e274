package io.github.wsboot.websocket;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import io.github.wsboot.websocket.internal.CloseState;
import io.github.wsboot.websocket.internal.MessageReader;
import io.github.wsboot.websocket.internal.PingTracker;
import io.github.wsboot.websocket.internal.WebSocketProtocol;

/**
 * A {@link Conn}'s control frames: dispatches those the reader receives to the connection's handlers, and holds
 * the default handlers' replies and the close frame sent after a protocol violation.
 */
final class ControlDispatch implements MessageReader.ControlFrames {

    private static final System.Logger LOG = System.getLogger(Conn.class.getName());

    /** How long the default handlers wait to write a pong or a close reply. */
    private static final Duration CONTROL_REPLY_WAIT = Duration.ofSeconds(1);

    private final Conn conn;
    private final PingTracker pings;
    private final CloseState closeState;

    ControlDispatch(Conn conn, PingTracker pings, CloseState closeState) {
        this.conn = conn;
        this.pings = pings;
        this.closeState = closeState;
    }

    @Override
    public void onPing(byte[] payload) throws IOException {
        conn.pingHandler().handle(payload);
    }

    @Override
    public void onPong(byte[] payload) throws IOException {
        pings.onPong(payload);
        conn.pongHandler().handle(payload);
    }

    @Override
    public void onClose(int code, String reason) throws IOException {
        conn.observer().closeReceived(code);
        boolean closedNow = closeState.onCloseReceived();
        try {
            conn.closeHandler().handle(code, reason);
        } finally {
            if (closedNow || closeState.state() == CloseState.State.CLOSED) {
                conn.closeNow();
            }
        }
    }

    @Override
    public void onFinalFrame(int type, long length) {
        conn.observer().messageReceived(type, length);
    }

    /** The default ping handler: answers with a pong. */
    void defaultPingHandler(byte[] data) throws IOException {
        try {
            conn.writeControl(MessageType.PONG, data, Instant.now().plus(CONTROL_REPLY_WAIT));
        } catch (CloseSentException | SocketTimeoutException e) {
            // Closing anyway, or the peer does not read.
        }
    }

    /** The default close handler: answers with a close frame that echoes the code. */
    void defaultCloseHandler(int code, String text) throws IOException {
        try {
            conn.writeControl(
                    MessageType.CLOSE,
                    WebSockets.formatCloseMessage(code, ""),
                    Instant.now().plus(CONTROL_REPLY_WAIT));
        } catch (CloseSentException | SocketTimeoutException e) {
            // We started the close handshake, or the peer stopped reading.
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not answer close frame", e);
        }
    }

    /** Fails the connection: sends a close frame with the violation's code, then closes the transport. */
    void sendCloseAndAbort(ProtocolViolationException violation) {
        String reason = Objects.requireNonNull(violation.getMessage(), "violation message")
                .substring("websocket: ".length());
        try {
            conn.writeControl(
                    MessageType.CLOSE,
                    WebSockets.formatCloseMessage(violation.closeCode(), WebSocketProtocol.closeReason(reason)),
                    Instant.now().plus(CONTROL_REPLY_WAIT));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not send close frame after protocol error", e);
        }
        conn.closeNow();
    }
}
