package io.github.wsboot.autoconfigure.handler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.MessageType;

/**
 * Sends a handler method's return value: {@code String} as text, {@code byte[]} and {@code ByteBuffer} as
 * binary, {@link Message} with its type, anything else as JSON text through the connection's codec. Each
 * reply is bounded by the write timeout.
 */
final class ReplyWriter {

    private final Duration writeTimeout;

    /** @param writeTimeout how long one reply may take; zero means no limit */
    ReplyWriter(Duration writeTimeout) {
        this.writeTimeout = writeTimeout;
    }

    void send(Conn conn, @Nullable Object value) throws IOException {
        if (value == null) {
            return;
        }
        boolean timed = !writeTimeout.isZero();
        if (timed) {
            conn.setWriteDeadline(Instant.now().plus(writeTimeout));
        }
        try {
            write(conn, value);
        } finally {
            if (timed) {
                // The deadline is absolute: leaving it set would fail the connection's later writes.
                conn.setWriteDeadline(null);
            }
        }
    }

    private static void write(Conn conn, Object value) throws IOException {
        if (value instanceof String text) {
            conn.writeText(text);
        } else if (value instanceof byte[] bytes) {
            conn.writeMessage(MessageType.BINARY, bytes);
        } else if (value instanceof ByteBuffer buffer) {
            ByteBuffer b = buffer.duplicate();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            conn.writeMessage(MessageType.BINARY, bytes);
        } else if (value instanceof Message message) {
            conn.writeMessage(message.type(), message.data());
        } else {
            conn.writeJson(value);
        }
    }
}
