package io.github.wsboot.websocket.peers;

/**
 * Our Dialer against python's {@code websockets} server ({@code interop-peers/python/echo_server.py}). With
 * compression its answer limits our compressor to a 12-bit window, which the JDK's Deflater cannot honour
 * except by compressing Huffman-only.
 */
class PythonServerInteropTest extends ServerPeerInterop {

    PythonServerInteropTest() {
        super(InteropPeers.PYTHON_PEERS, "echo_server.py");
    }
}
