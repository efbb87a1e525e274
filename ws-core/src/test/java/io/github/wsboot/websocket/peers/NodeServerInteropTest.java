package io.github.wsboot.websocket.peers;

import java.nio.file.Path;
import java.util.List;

/** Our Dialer against node's {@code ws} server ({@code interop-peers/node/echo-server.mjs}). */
class NodeServerInteropTest extends ServerPeerInterop {

    @Override
    ExternalPeer peer() {
        return InteropPeers.NODE_WS;
    }

    @Override
    Path serverDir() {
        return InteropPeers.nodeDir();
    }

    @Override
    List<String> serverCommand(List<String> flags) {
        return InteropPeers.node("echo-server.mjs", flags);
    }
}
