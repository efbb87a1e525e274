package io.github.wsboot.websocket.peers;

/** Our Dialer against node's {@code ws} server ({@code interop-peers/node/echo-server.mjs}). */
class NodeServerInteropTest extends ServerPeerInterop {

    NodeServerInteropTest() {
        super(InteropPeers.NODE_PEERS, "echo-server.mjs");
    }
}
