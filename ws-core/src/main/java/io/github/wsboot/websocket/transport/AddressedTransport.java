package io.github.wsboot.websocket.transport;

import java.net.SocketAddress;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.Transport;

/**
 * The part every server-side {@link Transport} shares: the connection's local and remote addresses, known when
 * the request is upgraded and fixed for the connection's life.
 */
abstract class AddressedTransport implements Transport {

    private final @Nullable SocketAddress local;
    private final @Nullable SocketAddress remote;

    AddressedTransport(@Nullable SocketAddress local, @Nullable SocketAddress remote) {
        this.local = local;
        this.remote = remote;
    }

    @Override
    public final @Nullable SocketAddress localAddress() {
        return local;
    }

    @Override
    public final @Nullable SocketAddress remoteAddress() {
        return remote;
    }
}
