package io.github.wsboot.websocket;

import java.io.IOException;

/**
 * Handles a received ping or pong. Called on the reading thread
 * from {@link Conn#nextReader()}, {@link Conn#readMessage()} or a message stream's {@code read}; an exception
 * it throws is raised from that read call.
 */
@FunctionalInterface
public interface ControlHandler {

    /** @param appData the application data of the control frame, at most 125 bytes */
    void handle(byte[] appData) throws IOException;
}
