package io.github.wsboot.autoconfigure.handler;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.spring.ConnectionHandler;
import io.github.wsboot.spring.Handshake;
import io.github.wsboot.websocket.MessageListener;

/**
 * A handler that can also be served one message at a time, without a thread per connection: the
 * message-oriented model ({@code @OnMessage}) on the event engine ({@code ws.server.engine=event}).
 */
public interface PerMessageHandler extends ConnectionHandler {

    /** One connection's listener; {@code onClose} calls {@code @OnClose}. */
    Session session(Handshake handshake);

    /** A connection's listener, which also tells how the connection failed. */
    interface Session extends MessageListener {

        /** The failure that ended the connection (a handler's exception, a protocol error), or null. */
        @Nullable
        Throwable failure();
    }
}
