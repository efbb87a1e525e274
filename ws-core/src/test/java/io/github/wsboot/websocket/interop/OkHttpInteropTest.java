package io.github.wsboot.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.wsboot.websocket.CloseException;
import io.github.wsboot.websocket.testing.ServletContainer;

/** OkHttp's WebSocket client against our Upgrader on embedded Tomcat and Jetty. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OkHttpInteropTest {

    private static final int WAIT = 10;
    private static InteropServers servers;
    private static OkHttpClient client;

    @BeforeAll
    static void startServers() throws Exception {
        servers = InteropServers.start();
        client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterAll
    static void stopServers() throws Exception {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
        servers.close();
    }

    /** Queues what OkHttp delivers: text as String, binary as ByteString; answers the server's close. */
    static final class Recorder extends WebSocketListener {
        final CompletableFuture<Response> opened = new CompletableFuture<>();
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closing = new CompletableFuture<>();
        final CompletableFuture<String> closingReason = new CompletableFuture<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final CompletableFuture<Throwable> failure = new CompletableFuture<>();

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            opened.complete(response);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            messages.add(text);
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            messages.add(bytes);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            closing.complete(code);
            closingReason.complete(reason);
            webSocket.close(code, null);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            closed.complete(code);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            failure.complete(t);
            opened.completeExceptionally(t);
        }

        Object next(int seconds) throws InterruptedException {
            Object m = messages.poll(seconds, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no message within " + seconds + " s"
                        + (failure.isDone() ? "; client failure: " + failure.join() : ""));
            }
            return m;
        }
    }

    private static WebSocket connect(OkHttpClient okhttp, ServletContainer c, String path, Recorder r)
            throws Exception {
        String url = servers.get(c).httpUri(path).toString();
        WebSocket ws = okhttp.newWebSocket(new Request.Builder().url(url).build(), r);
        Response response = r.opened.get(WAIT, TimeUnit.SECONDS);
        assertThat(response.code()).isEqualTo(101);
        return ws;
    }

    /** What a test does with one open OkHttp connection and its recorder. */
    @FunctionalInterface
    interface Session {
        void run(WebSocket ws, Recorder r) throws Exception;
    }

    /** Connects {@code okhttp} to {@code c}'s {@code /echo}, runs {@code session}, and always cancels the connection. */
    private static void onEcho(OkHttpClient okhttp, ServletContainer c, Session session) throws Exception {
        Recorder r = new Recorder();
        WebSocket ws = connect(okhttp, c, "/echo", r);
        try {
            session.run(ws, r);
        } finally {
            ws.cancel();
        }
    }

    /** Sends {@code text} and asserts the next message received within {@code seconds} is the same text. */
    static void assertEchoed(WebSocket ws, Recorder r, String text, int seconds) throws InterruptedException {
        assertThat(ws.send(text)).isTrue();
        assertThat(r.next(seconds)).isEqualTo(text);
    }

    /** Sends {@code bytes} and asserts the next message received within {@code seconds} has the same bytes. */
    static void assertEchoed(WebSocket ws, Recorder r, ByteString bytes, int seconds) throws InterruptedException {
        assertThat(ws.send(bytes)).isTrue();
        assertThat(r.next(seconds)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void echoesTextIncludingMultiByteUtf8(ServletContainer c) throws Exception {
        onEcho(client, c, (ws, r) -> {
            for (String text : new String[] {"plain ascii", "héllo wörld — 日本語 😀 ∑"}) {
                assertEchoed(ws, r, text, WAIT);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void echoesBinaryAndEmptyMessages(ServletContainer c) throws Exception {
        onEcho(client, c, (ws, r) -> {
            ByteString bytes = ByteString.of(new byte[] {0, 1, (byte) 0x80, (byte) 0xff});
            assertEchoed(ws, r, bytes, WAIT);
            assertEchoed(ws, r, "", WAIT);
            assertEchoed(ws, r, ByteString.EMPTY, WAIT);
        });
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void echoesOneAndSixteenMebibyteMessages(ServletContainer c) throws Exception {
        onEcho(client, c, (ws, r) -> {
            String text = JdkClientInteropTest.utf8Text(1 << 20);
            assertEchoed(ws, r, text, WAIT);

            ByteString big = ByteString.of(JdkClientInteropTest.randomBytes(16 << 20, 3)); // OkHttp's queue limit
            assertEchoed(ws, r, big, 30);
        });
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void answersOkHttpKeepalivePings(ServletContainer c) throws Exception {
        // OkHttp fails the connection when a ping goes unanswered until the next one is due.
        OkHttpClient pinging =
                client.newBuilder().pingInterval(Duration.ofMillis(100)).build();
        onEcho(pinging, c, (ws, r) -> {
            Thread.sleep(1500);
            assertThat(r.failure).isNotDone();
            assertEchoed(ws, r, "still here", WAIT);
        });
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void closeStartedByClientIsEchoed(ServletContainer c) throws Exception {
        String id = UUID.randomUUID().toString();
        Recorder r = new Recorder();
        WebSocket ws = connect(client, c, "/echo?id=" + id, r);
        assertThat(ws.close(4002, "okhttp done")).isTrue();

        assertThat(r.closing.get(WAIT, TimeUnit.SECONDS)).isEqualTo(4002);
        assertThat(r.closed.get(WAIT, TimeUnit.SECONDS)).isEqualTo(4002);
        Object ended = servers.servlet(c).nextEvent(id, Duration.ofSeconds(WAIT));
        assertThat(ended).isInstanceOf(CloseException.class);
        assertThat(((CloseException) ended).code()).isEqualTo(4002);
        assertThat(((CloseException) ended).text()).isEqualTo("okhttp done");
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void closeStartedByServerReachesClient(ServletContainer c) throws Exception {
        String id = UUID.randomUUID().toString();
        Recorder r = new Recorder();
        connect(client, c, "/server-close?id=" + id, r);

        assertThat(r.closing.get(WAIT, TimeUnit.SECONDS)).isEqualTo(1001);
        assertThat(r.closingReason.get(WAIT, TimeUnit.SECONDS)).isEqualTo("server going away");
        assertThat(r.closed.get(WAIT, TimeUnit.SECONDS)).isEqualTo(1001);
        Object ended = servers.servlet(c).nextEvent(id, Duration.ofSeconds(WAIT));
        assertThat(ended).isInstanceOf(CloseException.class);
        assertThat(((CloseException) ended).code()).isEqualTo(1001); // our Recorder answers with the same code
    }
}
