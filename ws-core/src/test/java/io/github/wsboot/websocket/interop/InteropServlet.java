package io.github.wsboot.websocket.interop;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import io.github.wsboot.websocket.CloseCodes;
import io.github.wsboot.websocket.CloseException;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.HandshakeException;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.WebSockets;
import io.github.wsboot.websocket.transport.DeferredTransport;

/**
 * The server side of the interop tests, one route per behaviour. A client passes {@code ?id=...} and the
 * servlet records what the server saw for that connection (how a handler ended, what the request thread
 * got) in {@link #events}, so a test can assert on the server's view too.
 *
 * <ul>
 *   <li>{@code /echo}: same-origin check, echoes every message; records the exception that ended it</li>
 *   <li>{@code /proto}: offers subprotocols "v2.chat", "v1.chat"; first sends the chosen one, then echoes</li>
 *   <li>{@code /server-close}: sends close 1001 via writeControl, then reads until the CloseException</li>
 *   <li>{@code /transport}: first sends the simple class name of the transport the container handed over
 *       ({@code ?wrap} upgrades through servlet request/response wrappers), then echoes</li>
 *   <li>{@code /thread}: first sends the handler thread's {@code toString()}, then echoes</li>
 *   <li>{@code /read-deadline}: reads with a 300 ms deadline; records the outcome</li>
 *   <li>{@code /close-while-reading}: reads while another thread closes the Conn after 200 ms; records the outcome</li>
 *   <li>{@code /write-deadline}: writes 256 KiB messages with a 500 ms deadline to a client that does not read;
 *       records the outcome</li>
 *   <li>{@code /duplex?n=N}: echoes while another thread sends "tick-0".."tick-N-1"</li>
 *   <li>{@code /own-thread}: takes the returned Conn, first tries {@code readMessage()} on the request
 *       thread (records what that threw and how long it took), then echoes on a thread of its own</li>
 * </ul>
 */
final class InteropServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** What a timed server-side call threw (null: nothing) and how long it took. */
    record Outcome(Throwable thrown, Duration took) {}

    /** A server-side call whose outcome a test wants to see. */
    @FunctionalInterface
    interface Call {
        void run() throws IOException;
    }

    private final transient Upgrader plain = Upgrader.builder().build();
    private final transient Upgrader withProtocols =
            Upgrader.builder().subprotocols("v2.chat", "v1.chat").build();
    private final transient ConcurrentHashMap<String, BlockingQueue<Object>> events = new ConcurrentHashMap<>();

    /** Waits for the next thing the server recorded for connection {@code id}. */
    Object nextEvent(String id, Duration timeout) throws InterruptedException {
        return queue(id).poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private BlockingQueue<Object> queue(String id) {
        return events.computeIfAbsent(id == null ? "" : id, k -> new LinkedBlockingQueue<>());
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String id = req.getParameter("id");
        try {
            switch (req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo())) {
                case "/echo" -> plain.upgrade(req, resp, null, recording(id, InteropServlet::echo));
                case "/proto" ->
                    withProtocols.upgrade(req, resp, null, recording(id, conn -> {
                        conn.writeText(conn.subprotocol());
                        echo(conn);
                    }));
                case "/server-close" ->
                    plain.upgrade(req, resp, null, recording(id, conn -> {
                        conn.writeControl(
                                MessageType.CLOSE,
                                WebSockets.formatCloseMessage(CloseCodes.GOING_AWAY, "server going away"),
                                Instant.now().plusSeconds(5));
                        while (true) {
                            conn.readMessage();
                        }
                    }));
                case "/own-thread" -> ownThread(req, resp, id);
                case "/duplex" -> duplex(req, resp, id);
                case "/transport" ->
                    plain.upgrade(
                            req.getParameter("wrap") == null ? req : new HttpServletRequestWrapper(req),
                            req.getParameter("wrap") == null ? resp : new HttpServletResponseWrapper(resp),
                            null,
                            recording(id, conn -> {
                                conn.writeText(((DeferredTransport) conn.netConn())
                                        .delegate()
                                        .getClass()
                                        .getSimpleName());
                                echo(conn);
                            }));
                case "/thread" ->
                    plain.upgrade(req, resp, null, recording(id, conn -> {
                        conn.writeText(Thread.currentThread().toString());
                        echo(conn);
                    }));
                case "/read-deadline" ->
                    plain.upgrade(req, resp, null, conn -> {
                        conn.setReadDeadline(Instant.now().plusMillis(300));
                        queue(id).add(timed(conn::readMessage));
                    });
                case "/close-while-reading" ->
                    plain.upgrade(req, resp, null, conn -> {
                        Thread closer = new Thread(
                                () -> {
                                    sleepQuietly(200);
                                    conn.closeNow();
                                },
                                "closer");
                        closer.setDaemon(true);
                        closer.start();
                        queue(id).add(timed(conn::readMessage));
                    });
                case "/write-deadline" ->
                    plain.upgrade(req, resp, null, conn -> {
                        // The client never reads: the socket buffers fill up and a write blocks until the deadline.
                        byte[] chunk = new byte[256 * 1024];
                        conn.setWriteDeadline(Instant.now().plusMillis(500));
                        queue(id).add(timed(() -> {
                            for (int i = 0; i < 4096; i++) {
                                conn.writeMessage(MessageType.BINARY, chunk);
                            }
                        }));
                    });
                default -> resp.sendError(404);
            }
        } catch (HandshakeException e) {
            queue(id).add(e); // the error response has been written
        }
    }

    private void ownThread(HttpServletRequest req, HttpServletResponse resp, String id) throws IOException {
        Conn conn = plain.upgrade(req, resp, null);
        queue(id).add(timed(conn::readMessage));
        Thread t = new Thread(
                () -> {
                    try {
                        recording(id, InteropServlet::echo).serve(conn);
                    } catch (Exception e) {
                        // recorded
                    } finally {
                        conn.close();
                    }
                },
                "own-thread-echo");
        t.setDaemon(true);
        t.start();
    }

    /** Echoes on the handler thread while another thread writes n ticks: one reader and one writer at once. */
    private void duplex(HttpServletRequest req, HttpServletResponse resp, String id) throws IOException {
        int n = Integer.parseInt(req.getParameter("n"));
        plain.upgrade(req, resp, null, recording(id, conn -> {
            Thread ticker = new Thread(
                    () -> {
                        try {
                            for (int i = 0; i < n; i++) {
                                conn.writeText("tick-" + i);
                            }
                        } catch (IOException e) {
                            queue(id).add(e);
                        }
                    },
                    "duplex-ticker");
            ticker.setDaemon(true);
            ticker.start();
            echo(conn);
        }));
    }

    /** Runs {@code call} and reports what it threw and how long it took. */
    static Outcome timed(Call call) {
        long start = System.nanoTime();
        Throwable thrown = null;
        try {
            call.run();
        } catch (IOException | RuntimeException e) {
            thrown = e;
        }
        return new Outcome(thrown, Duration.ofNanos(System.nanoTime() - start));
    }

    private Upgrader.Handler recording(String id, Upgrader.Handler handler) {
        return conn -> {
            try {
                handler.serve(conn);
            } catch (Exception e) {
                queue(id).add(e);
                throw e;
            }
        };
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void echo(Conn conn) throws IOException {
        while (true) {
            Message m = conn.readMessage();
            conn.writeMessage(m.type(), m.data());
        }
    }

    /** The close code the server saw, or -1 when the handler ended some other way. */
    static int closeCode(Object event) {
        return event instanceof CloseException c ? c.code() : -1;
    }
}
