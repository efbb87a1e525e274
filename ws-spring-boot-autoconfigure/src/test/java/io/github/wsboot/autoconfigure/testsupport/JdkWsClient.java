package io.github.wsboot.autoconfigure.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JDK {@code java.net.http.WebSocket} client that queues what it receives, for assertions: whole text and
 * binary messages, and the close frame. It answers a close frame as the JDK does by default, with a close of
 * the same code.
 */
public final class JdkWsClient implements AutoCloseable {

    /** Something the client received. */
    public sealed interface Event permits Text, Binary, Closed, Failed {}

    public record Text(String text) implements Event {}

    public record Binary(byte[] data) implements Event {}

    public record Closed(int code, String reason) implements Event {}

    public record Failed(Throwable error) implements Event {}

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final WebSocket socket;
    private final BlockingQueue<Event> events;

    private JdkWsClient(WebSocket socket, BlockingQueue<Event> events) {
        this.socket = socket;
        this.events = events;
    }

    /** Connects; a refused handshake throws {@link WebSocketHandshakeException} with the response. */
    public static JdkWsClient connect(String url, Map<String, String> headers, String... subprotocols)
            throws Exception {
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        WebSocket.Builder builder =
                HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(builder::header);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        CompletableFuture<WebSocket> future = builder.buildAsync(URI.create(url), new Collector(events));
        try {
            return new JdkWsClient(future.get(WAIT.toSeconds(), TimeUnit.SECONDS), events);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException ce ? ce.getCause() : e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    public static JdkWsClient connect(String url) throws Exception {
        return connect(url, Map.of());
    }

    public WebSocket socket() {
        return socket;
    }

    public void sendText(String text) throws Exception {
        socket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    public void sendBinary(byte[] data) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(data), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Sends a close frame; the reply arrives as a {@link Closed} event. */
    public void sendClose(int code, String reason) throws Exception {
        socket.sendClose(code, reason).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The next event, waiting up to 10 seconds. */
    public Event next() throws InterruptedException, TimeoutException {
        Event e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new TimeoutException("no WebSocket event within " + WAIT);
        }
        return e;
    }

    /** The next text message; fails on any other event. */
    public String nextText() throws InterruptedException, TimeoutException {
        Event e = next();
        if (e instanceof Text t) {
            return t.text();
        }
        throw new AssertionError("expected a text message, got " + e);
    }

    /** The close frame, skipping messages before it. */
    public Closed awaitClose() throws InterruptedException, TimeoutException {
        while (true) {
            Event e = next();
            if (e instanceof Closed c) {
                return c;
            }
            if (e instanceof Failed f) {
                throw new AssertionError("connection failed before a close frame", f.error());
            }
        }
    }

    @Override
    public void close() {
        socket.abort();
    }

    private static final class Collector implements WebSocket.Listener {

        private final BlockingQueue<Event> events;
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        Collector(BlockingQueue<Event> events) {
            this.events = events;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                events.add(new Text(text.toString()));
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (last) {
                events.add(new Binary(binary.toByteArray()));
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            events.add(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            events.add(new Failed(error));
        }
    }
}
