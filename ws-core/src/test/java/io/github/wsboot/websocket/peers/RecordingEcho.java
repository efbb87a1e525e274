package io.github.wsboot.websocket.peers;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.wsboot.websocket.CloseException;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.peers.PeerScript.Digest;

/**
 * Echoes every message and records what arrived, so a test can check on our side, not only through the
 * peer's report, that the messages came through intact and how the connection ended.
 */
final class RecordingEcho implements Upgrader.Handler {

    /** The server-side connection, once the upgrade completed. */
    final CompletableFuture<Conn> conn = new CompletableFuture<>();
    /** Each message as it was read, before it was echoed. */
    final List<Digest> received = new CopyOnWriteArrayList<>();
    /** The close code the peer sent; fails with whatever else ended the connection. */
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

    @Override
    public void serve(Conn c) throws Exception {
        conn.complete(c);
        try {
            while (true) {
                Message m = c.readMessage();
                received.add(new Digest(m.isText() ? "text" : "binary", m.data().length, Payloads.sha256(m.data())));
                c.writeMessage(m.type(), m.data());
            }
        } catch (CloseException e) {
            closeCode.complete(e.code()); // the default close handler has answered with the same code
        } catch (Exception | Error e) {
            closeCode.completeExceptionally(e);
            throw e;
        }
    }
}
