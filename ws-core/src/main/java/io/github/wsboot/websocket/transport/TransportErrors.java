package io.github.wsboot.websocket.transport;

import java.io.IOException;
import java.net.SocketException;

/** The exceptions the blocking transports throw once their connection is closed. */
final class TransportErrors {

    private TransportErrors() {}

    /** A call on a transport after {@code close()}. */
    static SocketException closed() {
        return new SocketException("websocket: connection closed");
    }

    /** A call that failed because {@code close()} closed the channel under it. */
    static SocketException closed(IOException cause) {
        SocketException e = closed();
        e.initCause(cause);
        return e;
    }
}
