package io.github.wsboot.test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.spring.CloseStatus;
import io.github.wsboot.websocket.CloseCodes;
import io.github.wsboot.websocket.CloseException;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.JsonCodec;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.MessageType;

/**
 * One client connection in a test, with expectations that wait for what the server sends: the next text,
 * binary or JSON message, a close with a given code, or silence for a while. A thread of its own reads the
 * connection from the start and queues what arrives, so the server is never blocked by a test that has not
 * asked yet, and pings are answered. Expectations that are not met throw {@link AssertionError}s saying what
 * arrived instead.
 *
 * <p>{@link #close()} performs the close handshake (1000, waiting up to the timeout for the server's answer);
 * {@link #abort()} drops the connection, which the server sees as 1006.
 *
 * @since 0.1.0
 */
public final class WebSocketTestConnection implements AutoCloseable {

    /** What the reader thread saw: a message, the close, or a failure. */
    private sealed interface Event permits Received, Closed, Failed {}

    private record Received(Message message) implements Event {}

    private record Closed(CloseStatus status) implements Event {}

    private record Failed(IOException error) implements Event {}

    private final Conn conn;
    private final Supplier<JsonCodec> json;
    private final Duration timeout;
    private final String url;
    private final BlockingDeque<Event> events = new LinkedBlockingDeque<>();
    private final Thread reader;

    WebSocketTestConnection(Conn conn, String url, Supplier<JsonCodec> json, Duration timeout) {
        this.conn = conn;
        this.url = url;
        this.json = json;
        this.timeout = timeout;
        this.reader = new Thread(this::read, "ws-test-reader " + url);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            while (true) {
                events.add(new Received(conn.readMessage()));
            }
        } catch (CloseException e) {
            events.add(new Closed(new CloseStatus(e.code(), e.text())));
        } catch (IOException e) {
            events.add(new Failed(e));
        } catch (RuntimeException e) {
            events.add(new Failed(new IOException(e)));
        }
    }

    /** The underlying connection, for what the helpers do not cover (subprotocol, handshake response, pings). */
    public Conn conn() {
        return conn;
    }

    /** Sends a text message. */
    public WebSocketTestConnection sendText(String text) throws IOException {
        conn.writeText(text);
        return this;
    }

    /** Sends a binary message. */
    public WebSocketTestConnection sendBinary(byte[] data) throws IOException {
        conn.writeMessage(MessageType.BINARY, data);
        return this;
    }

    /** Sends {@code value} as a JSON text message, encoded with the application's JSON codec. */
    public WebSocketTestConnection sendJson(Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        json.get().write(value, out);
        conn.writeMessage(MessageType.TEXT, out.toByteArray());
        return this;
    }

    /** The next message, of either type, within the timeout. */
    public Message expectMessage() {
        return expectMessage(timeout);
    }

    /** The next message, of either type, within {@code within}. */
    public Message expectMessage(Duration within) {
        Event event = next(within, "a message");
        if (event instanceof Received received) {
            return received.message();
        }
        throw unexpected("a message", event);
    }

    /** The next message, which must be text, within the timeout. */
    public String expectText() {
        return expectText(timeout);
    }

    /** The next message, which must be text, within {@code within}. */
    public String expectText(Duration within) {
        Message m = expectMessage(within);
        if (!m.isText()) {
            throw new AssertionError(
                    "expected a text message from " + url + ", got a binary message of " + m.data().length + " bytes");
        }
        return m.text();
    }

    /** The next message, which must be binary, within the timeout. */
    public byte[] expectBinary() {
        return expectBinary(timeout);
    }

    /** The next message, which must be binary, within {@code within}. */
    public byte[] expectBinary(Duration within) {
        Message m = expectMessage(within);
        if (m.isText()) {
            throw new AssertionError("expected a binary message from " + url + ", got text: " + abbreviate(m.text()));
        }
        return m.data();
    }

    /** The next message, which must be JSON text, bound to {@code type} with the application's JSON codec. */
    public <T> T expectJson(Class<T> type) {
        return expectJson((Type) type);
    }

    /** The next message, which must be JSON text, bound to {@code type} (for example a parameterized type). */
    public <T> T expectJson(Type type) {
        String text = expectText();
        try {
            return json.get().read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), type);
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(
                    "expected JSON for " + type.getTypeName() + " from " + url + ", got: " + abbreviate(text) + " ("
                            + e.getMessage() + ")",
                    e);
        }
    }

    /** Waits for the server's close frame, skipping no messages: a message arriving first fails. */
    public CloseStatus expectClose() {
        Event event = next(timeout, "a close frame");
        if (event instanceof Closed closed) {
            return closed.status();
        }
        throw unexpected("a close frame", event);
    }

    /** Waits for the server's close frame and checks its code (see {@link CloseCodes}). */
    public CloseStatus expectClose(int code) {
        CloseStatus status = expectClose();
        if (status.code() != code) {
            throw new AssertionError(
                    "expected close " + CloseCodes.describe(code) + " from " + url + ", got " + status);
        }
        return status;
    }

    /** Checks that nothing arrives (no message, no close) for {@code during}. */
    public void expectNoMessage(Duration during) {
        Event event;
        try {
            event = events.poll(during.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (event != null) {
            events.addFirst(event);
            throw unexpected("nothing for " + during.toMillis() + " ms", event);
        }
    }

    /**
     * Closes with 1000 and waits (up to the timeout) for the server's answering close frame, then closes the
     * socket. Messages not yet expected are discarded.
     */
    @Override
    public void close() {
        close(CloseCodes.NORMAL_CLOSURE, "");
    }

    /** Closes with {@code code} and {@code reason} and waits for the server's answer, as {@link #close()}. */
    public void close(int code, String reason) {
        conn.close(code, reason, timeout); // the reader thread sees the server's close frame; then the socket closes
    }

    /** Drops the connection without a close frame; the server sees 1006 (abnormal closure). */
    public void abort() {
        conn.closeNow();
    }

    private Event next(Duration within, String expected) {
        Event event;
        try {
            event = events.poll(within.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + expected, e);
        }
        if (event == null) {
            throw new AssertionError(
                    "expected " + expected + " from " + url + " within " + within.toMillis() + " ms, got nothing");
        }
        if (!(event instanceof Received)) {
            events.addFirst(event); // the end of the connection stays visible to later expectations
        }
        return event;
    }

    private AssertionError unexpected(String expected, Event event) {
        return new AssertionError(
                "expected " + expected + " from " + url + ", got " + describe(event),
                event instanceof Failed failed ? failed.error() : null);
    }

    private static String describe(@Nullable Event event) {
        if (event instanceof Received received) {
            Message m = received.message();
            return m.isText() ? "text: " + abbreviate(m.text()) : "a binary message of " + m.data().length + " bytes";
        }
        if (event instanceof Closed closed) {
            return "close " + closed.status();
        }
        if (event instanceof Failed failed) {
            return "a failed connection: " + failed.error();
        }
        return "nothing";
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "… (" + text.length() + " characters)";
    }

    @Override
    public String toString() {
        return "WebSocketTestConnection[" + url + "]";
    }
}
