package io.github.wsboot.websocket.conformance;

import java.io.IOException;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.MessageInputStream;
import io.github.wsboot.websocket.MessageOutputStream;

/**
 * The client role's echo loop, in gorilla's {@code echoCopy} style: each message is streamed from
 * {@link Conn#nextReader()} to {@link Conn#nextWriter(int)}, so the client role exercises the streaming API
 * while the server role ({@code EchoHandler}) exercises {@code readMessage}/{@code writeMessage}.
 */
final class EchoLoop {

    private EchoLoop() {}

    /** Echoes until the connection ends; pings and closes are left to the library's default handlers. */
    static void copyMessages(Conn conn) throws IOException {
        byte[] buf = new byte[4096];
        try {
            while (true) {
                MessageInputStream in = conn.nextReader();
                MessageOutputStream out = conn.nextWriter(in.type());
                // Like gorilla's io.Copy: a failed read ends the loop without closing the writer, so no final
                // frame of a half-echoed message goes out.
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                }
                out.close();
            }
        } finally {
            conn.close();
        }
    }
}
