package io.github.wsboot.websocket.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;

import javax.net.ssl.SSLSocket;

import io.github.wsboot.websocket.Transport;

/**
 * A {@link Transport} over a blocking {@link Socket} (plain or TLS): the client's transport, and the server's
 * where the socket is our own. Reads time out natively through {@code SO_TIMEOUT}.
 */
public final class SocketTransport implements Transport {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int soTimeout;

    public SocketTransport(Socket socket) throws IOException {
        this.socket = socket;
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
        out.write(buffer, offset, length);
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
        socket.close();
    }

    @Override
    public String toString() {
        return "SocketTransport[" + socket + "]";
    }
}
