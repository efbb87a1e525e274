package io.github.wsboot.websocket.transport;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.Transport;

/**
 * A {@link Transport} over a Servlet upgraded connection ({@link WebConnection}) in blocking mode: the generic
 * fallback for containers without a native hand-over (Jetty and Tomcat have one, see {@link JettyHandOver} and
 * {@link TomcatHandOver}), for Tomcat when ws-core cannot see Tomcat's classes, and when a native hand-over is
 * unavailable ({@link ContainerHandOvers}).
 *
 * <p><b>Limitation: a blocked call cannot be woken.</b> The Servlet API offers no way to interrupt a blocking
 * upgraded read or write, and {@link #close()} only marks the streams closed. On Tomcat, for example, a
 * thread blocked in a read waits in {@code Object.wait} that only the peer's next bytes (or its disconnect)
 * end; it stayed blocked for 70 s after close in a measurement. So on such containers {@code Conn.close()}
 * from another thread, read and write deadlines and keepalive (which all close the transport) do not
 * release a thread already blocked in a call, and a dead peer can pin it. Servlet streams have no read
 * timeout either ({@link #setReadTimeout} returns false).
 */
public final class ServletTransport extends AddressedTransport {

    private final WebConnection connection;
    private final ServletInputStream in;
    private final ServletOutputStream out;
    private final AtomicBoolean closed = new AtomicBoolean();

    public ServletTransport(WebConnection connection, @Nullable SocketAddress local, @Nullable SocketAddress remote)
            throws IOException {
        super(local, remote);
        this.connection = connection;
        this.in = connection.getInputStream();
        this.out = connection.getOutputStream();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return in.read(buffer, offset, length);
        } catch (IllegalStateException e) {
            throw closedError(e);
        }
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        try {
            out.write(buffer, offset, length);
            out.flush();
        } catch (IllegalStateException e) {
            throw closedError(e);
        }
    }

    @Override
    public void write(byte[] first, int firstOffset, int firstLength, byte[] second, int secondOffset, int secondLength)
            throws IOException {
        try {
            out.write(first, firstOffset, firstLength);
            out.write(second, secondOffset, secondLength);
            out.flush();
        } catch (IllegalStateException e) {
            throw closedError(e);
        }
    }

    /**
     * Servlet streams refuse use after close with {@link IllegalStateException}; callers of a transport
     * expect the {@link IOException} a closed socket gives, for example when another thread closed it.
     */
    private static IOException closedError(IllegalStateException e) {
        return new IOException("websocket: the upgraded connection is closed", e);
    }

    /**
     * Closes the upgraded connection so that the TCP connection really goes. Closing a {@link WebConnection}
     * only marks its streams closed: Tomcat closes the socket when it next dispatches the connection and
     * finds both streams closed, and a blocking upgraded connection is never dispatched. So the output
     * stream is closed from a {@link WriteListener}, which makes the container dispatch once the socket is
     * writable (at once, normally) and then drop the connection. A thread already blocked in a read or write
     * is not woken by this (see the class documentation).
     */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            in.close();
            out.setWriteListener(new CloseOnWritable());
        } catch (IllegalStateException | IOException e) {
            // The container does not take a listener now (output already closed): plain close below.
            closeConnection();
        }
    }

    private void closeConnection() throws IOException {
        try {
            connection.close();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("websocket: closing the upgraded connection failed", e);
        }
    }

    /** Closes the connection on the container's thread, which then sees both streams closed. */
    private final class CloseOnWritable implements WriteListener {
        @Override
        public void onWritePossible() throws IOException {
            closeConnection();
        }

        @Override
        public void onError(Throwable t) {
            try {
                closeConnection();
            } catch (IOException e) {
                // Already broken: nothing more to release.
            }
        }
    }
}
