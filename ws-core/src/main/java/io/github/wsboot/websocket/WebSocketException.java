package io.github.wsboot.websocket;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

/** Base class of the errors this library raises about the WebSocket protocol itself. */
public class WebSocketException extends IOException {

    private static final long serialVersionUID = 1L;

    public WebSocketException(String message) {
        super(message);
    }

    public WebSocketException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
