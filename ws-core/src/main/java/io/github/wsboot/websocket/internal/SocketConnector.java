package io.github.wsboot.websocket.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * Opens a TCP connection the way Go's {@code net.Dialer} does: every address the name resolves to is tried
 * in order, each with a share of the time left, until one connects. Sockets get {@code TCP_NODELAY}, Go's
 * default, because WebSocket frames are small and latency-sensitive.
 */
public final class SocketConnector {

    private SocketConnector() {}

    /**
     * Connects to {@code host:port} within the guard's deadline; the guard watches each socket while it
     * connects, so a cancellation aborts the attempt at once. The name lookup itself cannot be interrupted
     * and is bounded only by the resolver's own timeout.
     *
     * @throws java.net.UnknownHostException when the name does not resolve
     * @throws IOException the last address's error, with the earlier ones suppressed
     */
    public static Socket connect(String host, int port, HandshakeGuard guard) throws IOException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        IOException failure = new UnknownHostException(host);
        for (int i = 0; i < addresses.length; i++) {
            Socket socket = new Socket();
            guard.watch(socket);
            try {
                socket.setTcpNoDelay(true);
                int timeout = guard.connectTimeoutMillis(addresses.length - i);
                socket.connect(new InetSocketAddress(addresses[i], port), timeout);
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
                if (guard.isCancelled()) {
                    throw e;
                }
                IOException named = e instanceof SocketTimeoutException
                        ? new SocketTimeoutException(
                                "websocket: connect to " + addresses[i] + ":" + port + " timed out")
                        : e;
                if (named != e) {
                    named.initCause(e);
                }
                if (i > 0) {
                    named.addSuppressed(failure);
                }
                failure = named;
                if (i + 1 < addresses.length) {
                    try {
                        guard.remaining();
                    } catch (IOException deadlinePassed) {
                        throw failure; // no time left for another address
                    }
                }
            }
        }
        throw failure;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            System.getLogger(SocketConnector.class.getName()).log(System.Logger.Level.DEBUG, "error closing socket", e);
        }
    }
}
