package io.github.wsboot.websocket.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.Transport;

/**
 * A {@link Transport} over a blocking {@link Socket} (plain or TLS): the client's transport, and the server's
 * where the socket is our own. Reads time out natively through {@code SO_TIMEOUT}.
 */
public final class SocketTransport implements Transport {

    private final Socket socket;
    /** The TCP socket under a layered TLS socket, or null. */
    private final @Nullable Socket underlying;

    private final InputStream in;
    private final OutputStream out;
    /** Writes in progress, so that {@link #close()} knows whether a polite TLS close would hang. */
    private final AtomicInteger writing = new AtomicInteger();

    private int soTimeout;

    public SocketTransport(Socket socket) throws IOException {
        this(socket, null);
    }

    /**
     * A transport over a TLS socket layered over {@code underlying} (made with
     * {@code SSLSocketFactory.createSocket(Socket, host, port, true)}). {@link SSLSocket#close()} waits for the
     * TLS record lock, which a write blocked on a peer that stopped reading holds forever; knowing the plain
     * socket lets {@link #close()} abort the connection instead, which fails the stuck write.
     */
    public SocketTransport(Socket socket, @Nullable Socket underlying) throws IOException {
        this.socket = socket;
        this.underlying = underlying;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** The socket under this transport. */
    public Socket socket() {
        return socket;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        return in.read(buffer, offset, length);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        writing.incrementAndGet();
        try {
            out.write(buffer, offset, length);
        } finally {
            writing.decrementAndGet();
        }
    }

    @Override
    public boolean setReadTimeout(int millis) throws IOException {
        if (millis != soTimeout) {
            socket.setSoTimeout(millis);
            soTimeout = millis;
        }
        return true;
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (!(socket instanceof SSLSocket) && !socket.isClosed() && !socket.isOutputShutdown()) {
            try {
                socket.shutdownOutput();
            } catch (SocketException e) {
                // Already reset by the peer: nothing left to half-close.
            }
        }
    }

    @Override
    public SocketAddress localAddress() {
        return socket.getLocalSocketAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        return socket.getRemoteSocketAddress();
    }

    @Override
    public void close() throws IOException {
        if (underlying != null && writing.get() > 0) {
            // A polite TLS close (close_notify) would wait for the stuck write's record lock: abort the TCP
            // connection under it first. A write that starts after this check and blocks can still hold the
            // close up, so Conn never closes transports on its shared deadline thread.
            underlying.close();
        }
        socket.close();
    }

    @Override
    public String toString() {
        return "SocketTransport[" + socket + "]";
    }
}
