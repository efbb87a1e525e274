package io.github.wsboot.websocket.interop;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WebSocket.Listener} for the JDK client that reassembles partial messages and queues what
 * arrives: whole text messages as {@link String}, whole binary messages as {@code byte[]}, pongs' payloads,
 * and the close the server sent.
 */
final class JdkListener implements WebSocket.Listener {

    /** The status code and reason of the close frame the client received. */
    record Close(int code, String reason) {}

    /** What a test does with one open client connection and its listener. */
    @FunctionalInterface
    interface Session {
        void run(WebSocket ws, JdkListener l) throws Exception;
    }

    /**
     * Opens a connection to {@code uri} with {@code builder} (waiting up to {@code waitSeconds}), runs
     * {@code session} on it, and always aborts the connection afterwards.
     */
    static void session(WebSocket.Builder builder, URI uri, int waitSeconds, Session session) throws Exception {
        JdkListener l = new JdkListener();
        WebSocket ws = builder.buildAsync(uri, l).get(waitSeconds, TimeUnit.SECONDS);
        try {
            session.run(ws, l);
        } finally {
            ws.abort();
        }
    }

    /** {@link #session(WebSocket.Builder, URI, int, Session)} with a new default client. */
    static void session(URI uri, int waitSeconds, Session session) throws Exception {
        session(HttpClient.newHttpClient().newWebSocketBuilder(), uri, waitSeconds, session);
    }

    final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
    final CompletableFuture<Close> closed = new CompletableFuture<>();
    final CompletableFuture<Throwable> error = new CompletableFuture<>();

    private StringBuilder text = new StringBuilder();
    private ByteArrayOutputStream binary = new ByteArrayOutputStream();

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            messages.add(text.toString());
            text = new StringBuilder();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        binary.writeBytes(b);
        if (last) {
            messages.add(binary.toByteArray());
            binary = new ByteArrayOutputStream();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        byte[] b = new byte[message.remaining()];
        message.get(b);
        pongs.add(b);
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null; // the JDK client then answers with a close frame of its own
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        this.error.complete(error);
    }

    /** The next whole message, or an AssertionError after {@code seconds}. */
    Object next(int seconds) throws InterruptedException {
        Object m = messages.poll(seconds, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError(
                    "no message within " + seconds + " s" + (error.isDone() ? "; client error: " + error.join() : ""));
        }
        return m;
    }
}
