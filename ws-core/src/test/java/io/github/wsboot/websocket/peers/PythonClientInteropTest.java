package io.github.wsboot.websocket.peers;

/** Our Upgrader against python's {@code websockets} client ({@code interop-peers/python/echo_client.py}). */
class PythonClientInteropTest extends ClientPeerInterop {

    PythonClientInteropTest() {
        super(InteropPeers.PYTHON_PEERS, "echo_client.py");
    }
}
