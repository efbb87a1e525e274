package io.github.wsboot.websocket.transport;

import java.net.SocketAddress;

import io.github.wsboot.websocket.Transport;

/**
 * The part every server-side {@link Transport} shares: the connection's local and remote addresses, known when
 * the request is upgraded and fixed for the connection's life.
 */
abstract class AddressedTransport implements Transport {

    private final SocketAddress local;
    private final SocketAddress remote;

    AddressedTransport(SocketAddress local, SocketAddress remote) {
        this.local = local;
        this.remote = remote;
    }

    @Override
    public final SocketAddress localAddress() {
        return local;
    }

    @Override
    public final SocketAddress remoteAddress() {
        return remote;
    }
}
