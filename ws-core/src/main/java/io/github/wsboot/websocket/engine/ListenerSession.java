package io.github.wsboot.websocket.engine;

import java.io.IOException;

import io.github.wsboot.websocket.CloseCodes;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.ConnectionOptions;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.MessageListener;

/**
 * The calls of one connection's {@link MessageListener}, in their order and with their error rules, whoever
 * drives them: the event engine's {@link SerialDispatch} one message at a time, or a thread of its own in a
 * read loop ({@link #serveBlocking()}). Not thread-safe: its calls never overlap. Not part of the API.
 */
public final class ListenerSession {

    private static final System.Logger LOG = System.getLogger(ListenerSession.class.getName());

    private final Conn conn;
    private final MessageListener listener;
    private boolean ended;

    public ListenerSession(Conn conn, MessageListener listener) {
        this.conn = conn;
        this.listener = listener;
    }

    /** The whole life of the connection on the calling thread: open, then a blocking read loop. */
    public void serveBlocking() {
        if (open()) {
            while (deliverNext()) {
                // one message per turn
            }
        }
    }

    /** Calls {@code onOpen}; false when it failed (the connection has then ended). */
    boolean open() {
        try {
            listener.onOpen(conn);
            return true;
        } catch (Exception e) {
            fail(e);
            return false;
        }
    }

    /**
     * Reads the next message (without waiting when the engine has announced it whole) and hands it to the
     * listener; false once the connection has ended.
     */
    boolean deliverNext() {
        if (ended) {
            return false;
        }
        Message message;
        try {
            message = conn.readMessage();
        } catch (IOException | RuntimeException e) {
            end(e); // CloseException when the peer closed; Conn has answered or sent the close frame
            return false;
        }
        try {
            listener.onMessage(conn, message);
            return true;
        } catch (Exception e) {
            fail(e);
            return false;
        }
    }

    boolean ended() {
        return ended;
    }

    private void fail(Exception e) {
        LOG.log(System.Logger.Level.DEBUG, "message listener failed", e);
        conn.close(CloseCodes.INTERNAL_SERVER_ERR, "", ConnectionOptions.DEFAULT_CLOSE_TIMEOUT);
        end(e);
    }

    private void end(Exception cause) {
        ended = true;
        try {
            listener.onClose(conn, cause);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "onClose of a message listener failed", e);
        } finally {
            conn.close();
        }
    }
}
