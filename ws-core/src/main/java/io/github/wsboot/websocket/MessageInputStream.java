package io.github.wsboot.websocket;

import java.io.IOException;
import java.io.InputStream;

/**
 * One incoming data message as a stream, returned by {@link Conn#nextReader()}.
 * Read until -1; the stream ends early (returns -1) if the application moves on to the next message.
 * Reads follow the connection's single-reader rule.
 */
public final class MessageInputStream extends InputStream {

    private final Conn conn;
    private final int type;
    private boolean detached;

    MessageInputStream(Conn conn, int type) {
        this.conn = conn;
        this.type = type;
    }

    /** {@link MessageType#TEXT} or {@link MessageType#BINARY}. */
    public int type() {
        return type;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0; // InputStream's contract, even at the end of the message
        }
        if (detached) {
            return -1;
        }
        int n;
        do {
            n = conn.streamRead(this, b, off, len);
        } while (n == 0);
        if (n < 0) {
            detached = true;
        }
        return n;
    }

    /** Stops this stream; called when the connection moves on to the next message. */
    void detach() {
        detached = true;
    }

    /** Does not close the connection; the rest of the message is discarded by the next read of the connection. */
    @Override
    public void close() {
        // Nothing to release: the message's remaining bytes are skipped by the next nextReader().
    }
}
