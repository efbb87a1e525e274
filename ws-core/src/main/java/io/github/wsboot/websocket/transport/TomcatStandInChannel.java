package io.github.wsboot.websocket.transport;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What Tomcat closes in place of a connection's real channel when {@link TomcatChannelTransport} detaches the
 * connection from Tomcat: closing it does nothing, and it is equal to (and hashes like) the real channel, so
 * that Tomcat's close removes the real channel from its table of open connections. Nothing else of it is used;
 * every I/O call fails.
 */
final class TomcatStandInChannel extends SocketChannel {

    private volatile @Nullable SocketChannel real;
    private final int hash;

    TomcatStandInChannel(SocketChannel real) {
        super(SelectorProvider.provider());
        this.real = real;
        this.hash = real.hashCode();
    }

    /** Tomcat keeps this object in its channel cache: it must not keep the real channel reachable. */
    void forget() {
        real = null;
    }

    @Override
    public boolean equals(Object other) {
        return other == this || (other != null && other == real);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    protected void implCloseSelectableChannel() {
        // The real channel stays open: it belongs to the websocket connection now.
    }

    @Override
    protected void implConfigureBlocking(boolean block) {}

    @Override
    public SocketChannel bind(SocketAddress local) throws IOException {
        throw new ClosedChannelException();
    }

    @Override
    public <T> SocketChannel setOption(SocketOption<T> name, T value) throws IOException {
        throw new ClosedChannelException();
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        throw new ClosedChannelException();
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return Set.of();
    }

    @Override
    public SocketChannel shutdownInput() throws IOException {
        throw new ClosedChannelException();
    }

    @Override
    public SocketChannel shutdownOutput() throws IOException {
        throw new ClosedChannelException();
    }

    @Override
    public Socket socket() {
        throw new UnsupportedOperationException("websocket: the connection has left Tomcat");
    }

    @Override
    public boolean isConnected() {
        return false;
    }

    @Override
    public boolean isConnectionPending() {
        return false;
    }

    @Override
    public boolean connect(SocketAddress remote) throws IOException {
        throw new ClosedChannelException();
    }

    @Override
    public boolean finishConnect() throws IOException {
        throw new ClosedChannelException();
    }

    @Override
    public SocketAddress getRemoteAddress() throws IOException {
        throw new ClosedChannelException();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        throw new ClosedChannelException();
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        throw new ClosedChannelException();
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        throw new ClosedChannelException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        throw new ClosedChannelException();
    }

    @Override
    public SocketAddress getLocalAddress() throws IOException {
        throw new ClosedChannelException();
    }

    @Override
    public String toString() {
        return "TomcatStandInChannel[" + hash + "]";
    }
}
