package io.github.wsboot.websocket.peers;

/** Our Upgrader against node's {@code ws} client ({@code interop-peers/node/echo-client.mjs}). */
class NodeClientInteropTest extends ClientPeerInterop {

    NodeClientInteropTest() {
        super(InteropPeers.NODE_PEERS, "echo-client.mjs");
    }
}
