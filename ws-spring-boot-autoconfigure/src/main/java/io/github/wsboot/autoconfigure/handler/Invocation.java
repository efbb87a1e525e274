package io.github.wsboot.autoconfigure.handler;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.spring.CloseStatus;
import io.github.wsboot.spring.Handshake;
import io.github.wsboot.websocket.Conn;

/**
 * The values one handler-method call can draw its arguments from. Confined to the connection's thread.
 *
 * @param conn        the connection
 * @param handshake   the handshake
 * @param payload     the decoded message payload ({@code @OnMessage} only)
 * @param closeStatus how the connection ended ({@code @OnClose} only)
 * @param error       the failure ({@code @OnError} only)
 */
record Invocation(
        Conn conn,
        Handshake handshake,
        @Nullable Object payload,
        @Nullable CloseStatus closeStatus,
        @Nullable Throwable error) {

    static Invocation of(Conn conn, Handshake handshake) {
        return new Invocation(conn, handshake, null, null, null);
    }

    Invocation withPayload(Object payload) {
        return new Invocation(conn, handshake, payload, null, null);
    }

    Invocation withCloseStatus(CloseStatus status) {
        return new Invocation(conn, handshake, null, status, null);
    }

    Invocation withError(Throwable error) {
        return new Invocation(conn, handshake, null, null, error);
    }
}
