package io.github.wsboot.websocket.peers;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** Our Upgrader against python's {@code websockets} client ({@code interop-peers/python/echo_client.py}). */
class PythonClientInteropTest extends ClientPeerInterop {

    @Override
    ExternalPeer peer() {
        return InteropPeers.PYTHON_WEBSOCKETS;
    }

    @Override
    Path clientDir() {
        return InteropPeers.pythonDir();
    }

    @Override
    List<String> clientCommand(URI url, boolean deflate) {
        return InteropPeers.python("echo_client.py",
                deflate ? List.of(url.toString(), "--deflate") : List.of(url.toString()));
    }
}
