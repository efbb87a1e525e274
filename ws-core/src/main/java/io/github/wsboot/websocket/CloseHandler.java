package io.github.wsboot.websocket;

import java.io.IOException;

/**
 * Handles a received close frame. Called on the reading thread before the
 * read call raises {@link CloseException}. The default handler answers with a close frame that echoes the
 * code; a custom handler that wants the close handshake to complete must send one itself.
 */
@FunctionalInterface
public interface CloseHandler {

    /**
     * @param code the received code, or {@link CloseCodes#NO_STATUS_RECEIVED} when the frame had none
     * @param text the received reason, possibly empty
     */
    void handle(int code, String text) throws IOException;
}
