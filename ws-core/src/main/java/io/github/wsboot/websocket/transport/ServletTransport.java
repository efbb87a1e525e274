package io.github.wsboot.websocket.transport;

import java.io.IOException;
import java.net.SocketAddress;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;

import io.github.wsboot.websocket.Transport;

/**
 * A {@link Transport} over a Servlet upgraded connection ({@link WebConnection}) in blocking mode. Works on
 * Tomcat, whose upgraded streams start blocking. Servlet streams have no read timeout, so the connection
 * enforces read deadlines by closing the transport.
 */
public final class ServletTransport implements Transport {

    private final WebConnection connection;
    private final ServletInputStream in;
    private final ServletOutputStream out;
    private final SocketAddress local;
    private final SocketAddress remote;

    public ServletTransport(WebConnection connection, SocketAddress local, SocketAddress remote) throws IOException {
        this.connection = connection;
        this.in = connection.getInputStream();
        this.out = connection.getOutputStream();
        this.local = local;
        this.remote = remote;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        return in.read(buffer, offset, length);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        out.write(buffer, offset, length);
        out.flush();
    }

    @Override
    public void write(byte[] first, int firstOffset, int firstLength, byte[] second, int secondOffset, int secondLength)
            throws IOException {
        out.write(first, firstOffset, firstLength);
        out.write(second, secondOffset, secondLength);
        out.flush();
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public void close() throws IOException {
        try {
            connection.close();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("websocket: closing the upgraded connection failed", e);
        }
    }
}
