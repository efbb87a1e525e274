package io.github.wsboot.websocket.peers;

import java.nio.file.Path;
import java.util.List;

/**
 * Our Dialer against python's {@code websockets} server ({@code interop-peers/python/echo_server.py}). With
 * compression its answer limits our compressor to a 12-bit window, which the JDK's Deflater cannot honour
 * except by compressing Huffman-only.
 */
class PythonServerInteropTest extends ServerPeerInterop {

    @Override
    ExternalPeer peer() {
        return InteropPeers.PYTHON_WEBSOCKETS;
    }

    @Override
    Path serverDir() {
        return InteropPeers.pythonDir();
    }

    @Override
    List<String> serverCommand(List<String> flags) {
        return InteropPeers.python("echo_server.py", flags);
    }
}
