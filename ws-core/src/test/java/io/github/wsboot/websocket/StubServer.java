package io.github.wsboot.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.wsboot.websocket.internal.WebSocketProtocol;
import io.github.wsboot.websocket.testing.RawWsClient;
import io.github.wsboot.websocket.testing.StubSockets;

/**
 * A raw loopback HTTP server that plays a scripted answer to each handshake request, for the responses a real
 * server never sends. It reads the request head, records it, runs the script, and then leaves the socket open:
 * {@link #awaitClientClose} proves that the client closed its side.
 */
final class StubServer implements AutoCloseable {

    /** What the stub does after reading a request head. */
    @FunctionalInterface
    interface Script {
        void answer(String request, OutputStream out) throws IOException;
    }

    private final Script script;
    private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
    private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
    private final StubSockets sockets;

    private StubServer(Script script) throws IOException {
        this.script = script;
        this.sockets = StubSockets.start(
                new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), "stub-server", this::serve);
    }

    static StubServer start(Script script) throws IOException {
        return new StubServer(script);
    }

    int port() {
        return sockets.port();
    }

    String url(String path) {
        return "ws://127.0.0.1:" + port() + path;
    }

    /** The next request head received, or null after {@code timeout}. */
    String takeRequest(Duration timeout) throws InterruptedException {
        return requests.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether a connection was accepted within {@code timeout}. */
    boolean awaitConnection(Duration timeout) throws InterruptedException {
        Socket s = accepted.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (s != null) {
            accepted.add(s);
        }
        return s != null;
    }

    /**
     * Waits until the client closes the oldest accepted connection not yet checked: its stream ends or is
     * reset. Returns false when it is still open after {@code timeout}.
     */
    boolean awaitClientClose(Duration timeout) throws InterruptedException, IOException {
        Socket s = accepted.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (s == null) {
            throw new AssertionError("no connection was accepted");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            s.setSoTimeout((int) left);
            try {
                if (in.read(buf) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset by the client
            }
        }
    }

    /** Reads the request head and answers it, on the acceptor thread: one connection at a time. */
    private void serve(Socket s) {
        try {
            s.setSoTimeout(10_000);
            String request = RawWsClient.readHead(s.getInputStream());
            requests.add(request);
            accepted.add(s);
            script.answer(request, s.getOutputStream());
        } catch (IOException e) {
            // The client went away mid-script: what some tests provoke.
            accepted.add(s);
        }
    }

    /** The value of request header {@code name} (first occurrence, case-insensitive), or null. */
    static String header(String request, String name) {
        Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ":[ \\t]*(.*?)[ \\t]*\\r?$")
                .matcher(request);
        return m.find() ? m.group(1) : null;
    }

    /** A correct 101 response head for {@code request}, with extra header lines (each ending in CRLF). */
    static String switching(String request, String extraHeaders) {
        return "HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + WebSocketProtocol.acceptKey(header(request, "Sec-WebSocket-Key")) + "\r\n"
                + extraHeaders
                + "\r\n";
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        sockets.close();
    }
}
