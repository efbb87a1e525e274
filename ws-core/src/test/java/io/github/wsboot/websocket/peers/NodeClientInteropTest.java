package io.github.wsboot.websocket.peers;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** Our Upgrader against node's {@code ws} client ({@code interop-peers/node/echo-client.mjs}). */
class NodeClientInteropTest extends ClientPeerInterop {

    @Override
    ExternalPeer peer() {
        return InteropPeers.NODE_WS;
    }

    @Override
    Path clientDir() {
        return InteropPeers.nodeDir();
    }

    @Override
    List<String> clientCommand(URI url, boolean deflate) {
        return InteropPeers.node("echo-client.mjs", deflate ? List.of(url.toString(), "--deflate") : List.of(url.toString()));
    }
}
