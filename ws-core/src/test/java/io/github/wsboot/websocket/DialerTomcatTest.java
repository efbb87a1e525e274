package io.github.wsboot.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.wsboot.websocket.testing.EchoHandler;
import io.github.wsboot.websocket.testing.TomcatServer;
import io.github.wsboot.websocket.testing.UpgradeServlet;

/** The Dialer against our own Upgrader on embedded Tomcat. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DialerTomcatTest {

    private static final Dialer DIALER =
            Dialer.builder().handshakeTimeout(Duration.ofSeconds(10)).build();

    @Test
    void echoesTextAndBinary() throws Exception {
        try (TomcatServer server =
                        TomcatServer.start(new UpgradeServlet(Upgrader.builder().build(), new EchoHandler()));
                Conn conn = DIALER.dial(server.uri("/echo"), null)) {
            conn.setReadDeadline(Instant.now().plusSeconds(10));
            conn.writeText("héllo wörld");
            Message text = conn.readMessage();
            assertThat(text.type()).isEqualTo(MessageType.TEXT);
            assertThat(new String(text.data(), StandardCharsets.UTF_8)).isEqualTo("héllo wörld");

            conn.writeMessage(MessageType.BINARY, new byte[] {0, 1, 2, (byte) 255});
            Message binary = conn.readMessage();
            assertThat(binary.type()).isEqualTo(MessageType.BINARY);
            assertThat(binary.data()).containsExactly(0, 1, 2, 255);

            assertThat(conn.handshakeResponse().status()).isEqualTo(101);
            assertThat(conn.subprotocol()).isEmpty();
        }
    }

    @Test
    void streamsATwentyMebibyteMessageBothWays() throws Exception {
        int size = 20 << 20;
        try (TomcatServer server =
                        TomcatServer.start(new UpgradeServlet(Upgrader.builder().build(), new EchoHandler()));
                Conn conn = DIALER.dial(server.uri("/echo"), null)) {
            conn.setReadDeadline(Instant.now().plusSeconds(50));
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            byte[] chunk = new byte[65536];
            try (OutputStream out = conn.nextWriter(MessageType.BINARY)) {
                for (int written = 0; written < size; written += chunk.length) {
                    for (int i = 0; i < chunk.length; i++) {
                        chunk[i] = (byte) ((written + i) * 31 >>> 3);
                    }
                    sent.update(chunk);
                    out.write(chunk);
                }
            }

            InputStream in = conn.nextReader();
            MessageDigest received = MessageDigest.getInstance("SHA-256");
            long total = 0;
            byte[] buf = new byte[50_000];
            for (int n; (n = in.read(buf)) >= 0; ) {
                received.update(buf, 0, n);
                total += n;
            }
            assertThat(total).isEqualTo(size);
            assertThat(received.digest()).isEqualTo(sent.digest());
        }
    }

    @Test
    void negotiatesTheServersPreferredSubprotocol() throws Exception {
        Upgrader upgrader =
                Upgrader.builder().subprotocols("chat.v3", "chat.v2").build();
        try (TomcatServer server = TomcatServer.start(new UpgradeServlet(upgrader, new EchoHandler()))) {
            Dialer dialer = DIALER.toBuilder()
                    .subprotocols("chat.v1", "chat.v2", "chat.v3")
                    .build();
            try (Conn conn = dialer.dial(server.uri("/"), null)) {
                assertThat(conn.subprotocol()).isEqualTo("chat.v3");
                assertThat(conn.handshakeResponse().headers().firstValue("Sec-WebSocket-Protocol"))
                        .hasValue("chat.v3");
            }
            try (Conn conn = DIALER.toBuilder().subprotocols("mqtt").build().dial(server.uri("/"), null)) {
                assertThat(conn.subprotocol()).as("no common subprotocol").isEmpty();
            }
        }
    }

    @Test
    void serverSeesCustomHeaders() throws Exception {
        RecordingUpgradeServlet servlet = new RecordingUpgradeServlet(
                Upgrader.builder().checkOrigin(r -> true).build(), new EchoHandler(), null);
        try (TomcatServer server = TomcatServer.start(servlet)) {
            Map<String, List<String>> headers = Map.of(
                    "Origin", List.of("http://elsewhere.example"),
                    "X-Request-Id", List.of("42"),
                    "Authorization", List.of("Bearer t0k3n"));
            DIALER.dial(server.uri("/"), headers).close();

            Map<String, List<String>> seen = servlet.requests().poll(5, TimeUnit.SECONDS);
            assertThat(seen).isNotNull();
            assertThat(seen.get("X-Request-Id")).containsExactly("42");
            assertThat(seen.get("Origin")).containsExactly("http://elsewhere.example");
            assertThat(seen.get("Authorization")).containsExactly("Bearer t0k3n");
            assertThat(seen.get("Host")).containsExactly("127.0.0.1:" + server.port());
        }
    }

    @Test
    void sameOriginCheckRefusalIsABadHandshakeWithTheServersBody() throws Exception {
        try (TomcatServer server =
                TomcatServer.start(new UpgradeServlet(Upgrader.builder().build(), new EchoHandler()))) {
            Throwable thrown = catchThrowable(
                    () -> DIALER.dial(server.uri("/"), Map.of("Origin", List.of("http://evil.example"))));
            assertThat(thrown).isInstanceOf(BadHandshakeException.class);
            BadHandshakeException bad = (BadHandshakeException) thrown;
            assertThat(bad.response().status()).isEqualTo(403);
            assertThat(bad.response().bodyText()).contains("origin not allowed");
        }
    }

    @Test
    void cookieJarStoresTheServersCookieAndSendsItNextTime() throws Exception {
        RecordingUpgradeServlet servlet = new RecordingUpgradeServlet(
                Upgrader.builder().build(), new EchoHandler(), Map.of("Set-Cookie", List.of("session=abc123; Path=/")));
        try (TomcatServer server = TomcatServer.start(servlet)) {
            CookieManager jar = new CookieManager();
            Dialer dialer = DIALER.toBuilder().jar(jar).build();

            dialer.dial(server.uri("/chat"), null).close();
            Map<String, List<String>> first = servlet.requests().poll(5, TimeUnit.SECONDS);
            assertThat(first).isNotNull().doesNotContainKey("Cookie");
            assertThat(jar.getCookieStore().getCookies()).anySatisfy(c -> {
                assertThat(c.getName()).isEqualTo("session");
                assertThat(c.getValue()).isEqualTo("abc123");
            });

            dialer.dial(server.uri("/chat"), Map.of("Cookie", List.of("theme=dark")))
                    .close();
            Map<String, List<String>> second = servlet.requests().poll(5, TimeUnit.SECONDS);
            assertThat(second).isNotNull();
            assertThat(second.get("Cookie")).hasSize(1);
            assertThat(second.get("Cookie").get(0)).contains("theme=dark").contains("session=abc123");
        }
    }
}
