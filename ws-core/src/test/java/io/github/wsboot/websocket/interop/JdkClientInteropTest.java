package io.github.wsboot.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.wsboot.websocket.CloseException;
import io.github.wsboot.websocket.HandshakeException;
import io.github.wsboot.websocket.testing.ServletContainer;

/** The JDK's {@code java.net.http.WebSocket} client against our Upgrader on embedded Tomcat and Jetty. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JdkClientInteropTest {

    private static final int WAIT = 10;
    private static InteropServers servers;
    private static HttpClient client;

    @BeforeAll
    static void startServers() throws Exception {
        servers = InteropServers.start();
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stopServers() throws Exception {
        servers.close();
    }

    private static WebSocket connect(URI uri, JdkListener listener) throws Exception {
        return client.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(WAIT))
                .buildAsync(uri, listener)
                .get(WAIT, TimeUnit.SECONDS);
    }

    private static WebSocket connect(ServletContainer c, String path, JdkListener listener) throws Exception {
        return connect(servers.get(c).uri(path), listener);
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private static Object serverEvent(ServletContainer c, String id) throws InterruptedException {
        Object event = servers.servlet(c).nextEvent(id, Duration.ofSeconds(WAIT));
        assertThat(event).as("server event for " + id).isNotNull();
        return event;
    }

    private static void closeQuietly(WebSocket ws) {
        ws.abort();
    }

    /** Connects to {@code c}'s {@code /echo}, runs {@code session}, and always aborts the connection afterwards. */
    private static void onEcho(ServletContainer c, JdkListener.Session session) throws Exception {
        JdkListener.session(
                client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(WAIT)),
                servers.get(c).uri("/echo"),
                WAIT,
                session);
    }

    /** Sends {@code text} as one whole message and asserts the next message received is the same text. */
    private static void assertEchoed(WebSocket ws, JdkListener l, String text) throws Exception {
        assertEchoed(ws, l, text, WAIT);
    }

    private static void assertEchoed(WebSocket ws, JdkListener l, String text, int seconds) throws Exception {
        ws.sendText(text, true).get(seconds, TimeUnit.SECONDS);
        assertThat(l.next(seconds)).isEqualTo(text);
    }

    /** Sends {@code data} as one whole binary message and asserts the next message received has the same bytes. */
    private static void assertEchoed(WebSocket ws, JdkListener l, byte[] data, int seconds) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(data), true).get(seconds, TimeUnit.SECONDS);
        assertThat((byte[]) l.next(seconds)).isEqualTo(data);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void echoesTextIncludingMultiByteUtf8(ServletContainer c) throws Exception {
        onEcho(c, (ws, l) -> {
            for (String text :
                    new String[] {"plain ascii", "héllo wörld — 日本語 😀 ∑", "\u0000\u007f\u0080\u07ff\u0800\uffff"}) {
                assertEchoed(ws, l, text);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void echoesBinary(ServletContainer c) throws Exception {
        onEcho(c, (ws, l) -> {
            byte[] all = new byte[256];
            for (int i = 0; i < all.length; i++) {
                all[i] = (byte) i;
            }
            assertEchoed(ws, l, all, WAIT);
        });
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void echoesEmptyMessages(ServletContainer c) throws Exception {
        onEcho(c, (ws, l) -> {
            assertEchoed(ws, l, "");
            ws.sendBinary(ByteBuffer.allocate(0), true).get(WAIT, TimeUnit.SECONDS);
            assertThat((byte[]) l.next(WAIT)).isEmpty();
            assertEchoed(ws, l, "after empty");
        });
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void echoesOneMebibyteMessages(ServletContainer c) throws Exception {
        onEcho(c, (ws, l) -> {
            String text = utf8Text(1 << 20);
            assertEchoed(ws, l, text);
            byte[] data = randomBytes(1 << 20, 1);
            assertEchoed(ws, l, data, WAIT);
        });
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void echoesSixteenMebibyteMessages(ServletContainer c) throws Exception {
        onEcho(c, (ws, l) -> {
            byte[] data = randomBytes(16 << 20, 2);
            assertEchoed(ws, l, data, 30);
            String text = utf8Text(16 << 20);
            assertEchoed(ws, l, text, 30);
        });
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void reassemblesFragmentedSends(ServletContainer c) throws Exception {
        onEcho(c, (ws, l) -> {
            ws.sendText("héllo ", false).get(WAIT, TimeUnit.SECONDS);
            ws.sendText("", false).get(WAIT, TimeUnit.SECONDS);
            ws.sendText("wörld ", false).get(WAIT, TimeUnit.SECONDS);
            ws.sendText("日本語", true).get(WAIT, TimeUnit.SECONDS);
            assertThat(l.next(WAIT)).isEqualTo("héllo wörld 日本語");

            ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), false).get(WAIT, TimeUnit.SECONDS);
            ws.sendBinary(ByteBuffer.wrap(new byte[] {4, 5}), false).get(WAIT, TimeUnit.SECONDS);
            ws.sendBinary(ByteBuffer.wrap(new byte[] {6}), true).get(WAIT, TimeUnit.SECONDS);
            assertThat((byte[]) l.next(WAIT)).containsExactly(1, 2, 3, 4, 5, 6);

            // A control frame between fragments must not disturb the message.
            ws.sendText("inter", false).get(WAIT, TimeUnit.SECONDS);
            ws.sendPing(ByteBuffer.wrap(new byte[] {9})).get(WAIT, TimeUnit.SECONDS);
            ws.sendText("leaved", true).get(WAIT, TimeUnit.SECONDS);
            assertThat(l.next(WAIT)).isEqualTo("interleaved");
            assertThat(l.pongs.poll(WAIT, TimeUnit.SECONDS)).containsExactly(9);
        });
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void answersPingWithPong(ServletContainer c) throws Exception {
        onEcho(c, (ws, l) -> {
            ws.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8)))
                    .get(WAIT, TimeUnit.SECONDS);
            byte[] pong = l.pongs.poll(WAIT, TimeUnit.SECONDS);
            assertThat(pong).isNotNull();
            assertThat(new String(pong, StandardCharsets.UTF_8)).isEqualTo("are you there");
            ws.sendPing(ByteBuffer.allocate(0)).get(WAIT, TimeUnit.SECONDS);
            assertThat(l.pongs.poll(WAIT, TimeUnit.SECONDS)).isEmpty();
        });
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void closeStartedByClientIsEchoed(ServletContainer c) throws Exception {
        JdkListener l = new JdkListener();
        String id = newId();
        WebSocket ws = connect(c, "/echo?id=" + id, l);
        assertEchoed(ws, l, "before close");

        ws.sendClose(4001, "client done").get(WAIT, TimeUnit.SECONDS);

        assertThat(l.closed.get(WAIT, TimeUnit.SECONDS).code()).isEqualTo(4001);
        Object ended = serverEvent(c, id);
        assertThat(ended).isInstanceOf(CloseException.class);
        assertThat(((CloseException) ended).code()).isEqualTo(4001);
        assertThat(((CloseException) ended).text()).isEqualTo("client done");
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void closeStartedByServerReachesClient(ServletContainer c) throws Exception {
        JdkListener l = new JdkListener();
        String id = newId();
        connect(c, "/server-close?id=" + id, l);

        JdkListener.Close close = l.closed.get(WAIT, TimeUnit.SECONDS);
        assertThat(close.code()).isEqualTo(1001);
        assertThat(close.reason()).isEqualTo("server going away");
        // The JDK client answers the close; the server's read loop ends with that answer.
        assertThat(serverEvent(c, id)).isInstanceOf(CloseException.class);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void returnedConnServedOnOwnThreadAndFailsFastOnRequestThread(ServletContainer c) throws Exception {
        JdkListener l = new JdkListener();
        String id = newId();
        WebSocket ws = connect(c, "/own-thread?id=" + id, l);
        try {
            InteropServlet.Outcome read = (InteropServlet.Outcome) serverEvent(c, id);
            assertThat(read.thrown()).isInstanceOf(IllegalStateException.class).hasMessageContaining("request thread");
            assertThat(read.took()).isLessThan(Duration.ofSeconds(1));

            assertEchoed(ws, l, "served elsewhere");
        } finally {
            closeQuietly(ws);
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void negotiatesSubprotocolInServerPreferenceOrder(ServletContainer c) throws Exception {
        JdkListener.session(
                client.newWebSocketBuilder().subprotocols("v1.chat", "v2.chat", "x.unknown"),
                servers.get(c).uri("/proto"),
                WAIT,
                (ws, l) -> {
                    assertThat(ws.getSubprotocol()).isEqualTo("v2.chat");
                    assertThat(l.next(WAIT)).isEqualTo("v2.chat"); // what the server's Conn reports
                });

        JdkListener.session(
                client.newWebSocketBuilder().subprotocols("x.unknown"),
                servers.get(c).uri("/proto"),
                WAIT,
                (plain, none) -> {
                    assertThat(plain.getSubprotocol()).isEmpty();
                    assertThat(none.next(WAIT)).isEqualTo("");
                });
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void refusesForeignOriginWith403(ServletContainer c) throws Exception {
        String id = newId();
        JdkListener l = new JdkListener();
        assertThatThrownBy(() -> client.newWebSocketBuilder()
                        .header("Origin", "http://evil.example")
                        .buildAsync(servers.get(c).uri("/echo?id=" + id), l)
                        .get(WAIT, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(
                                ((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(403));
        Object refused = serverEvent(c, id);
        assertThat(refused).isInstanceOf(HandshakeException.class);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void acceptsSameOrigin(ServletContainer c) throws Exception {
        JdkListener.session(
                client.newWebSocketBuilder()
                        .header("Origin", "http://127.0.0.1:" + servers.get(c).port()),
                servers.get(c).uri("/echo"),
                WAIT,
                (ws, l) -> {
                    assertEchoed(ws, l, "same origin");
                });
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void idleWebSocketOutlivesContainerConnectionTimeout(ServletContainer c) throws Exception {
        Duration containerTimeout = Duration.ofSeconds(1);
        try (ServletContainer.Running server = c.start(new InteropServlet(), containerTimeout)) {
            // The timeout is in force: an idle plain HTTP connection is dropped by the container.
            assertThat(idleHttpConnectionDropped(server.port(), Duration.ofMillis(2500)))
                    .isTrue();

            JdkListener l = new JdkListener();
            WebSocket ws = connect(server.uri("/echo"), l);
            try {
                assertEchoed(ws, l, "before idling");
                Thread.sleep(2500);
                assertThat(l.closed).isNotDone();
                assertThat(l.error).isNotDone();
                assertEchoed(ws, l, "after idling");
            } finally {
                closeQuietly(ws);
            }
        }
    }

    /** Whether the server closes a connection that never sends a request within {@code within}. */
    static boolean idleHttpConnectionDropped(int port, Duration within) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) within.toMillis());
            InputStream in = s.getInputStream();
            try {
                while (in.read() >= 0) {
                    // drain whatever the server says before closing
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (java.io.IOException e) {
                return true; // reset by the server
            }
        }
    }

    /** Exactly {@code bytes} bytes of UTF-8 text mixing 1-, 2-, 3- and 4-byte characters. */
    static String utf8Text(int bytes) {
        String unit = "aé€😀"; // 1 + 2 + 3 + 4 = 10 bytes
        String text = unit.repeat(bytes / 10) + "z".repeat(bytes % 10);
        assert text.getBytes(StandardCharsets.UTF_8).length == bytes;
        return text;
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
