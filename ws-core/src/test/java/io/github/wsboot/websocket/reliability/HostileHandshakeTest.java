package io.github.wsboot.websocket.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.testing.EchoHandler;
import io.github.wsboot.websocket.testing.RawWsClient;
import io.github.wsboot.websocket.testing.ServletContainer;
import io.github.wsboot.websocket.testing.UpgradeServlet;

/**
 * Hostile opening handshakes sent byte-exact over raw sockets to our Upgrader on Tomcat and on Jetty: each
 * gets a refusal, never an upgrade; a header block trickled byte by byte is cut by the container's timeout.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HostileHandshakeTest {

    private static final String KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    private static final String VALID =
            "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + KEY + "Sec-WebSocket-Version: 13\r\n";

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void refusesMalformedAndForeignHandshakes(ServletContainer container) throws Exception {
        try (ServletContainer.Running server = container.start(
                new UpgradeServlet(Upgrader.builder().build(), new EchoHandler()), Duration.ofSeconds(2))) {
            int port = server.port();
            // Cross-site WebSocket hijacking: a browser on another site sends its own Origin.
            assertThat(status(port, "GET /ws HTTP/1.1\r\n" + VALID + "Origin: https://evil.example\r\n\r\n"))
                    .isEqualTo(403);
            assertThat(status(port, "GET /ws HTTP/1.1\r\n" + VALID + "Origin: http://127.0.0.1\r\n\r\n"))
                    .isEqualTo(101);
            assertThat(status(port, "GET /ws HTTP/1.1\r\n" + VALID + KEY + "\r\n"))
                    .as("duplicate key")
                    .isEqualTo(400);
            assertThat(status(
                            port, "GET /ws HTTP/1.1\r\n" + VALID.replace(KEY, "Sec-WebSocket-Key: short\r\n") + "\r\n"))
                    .as("malformed key")
                    .isEqualTo(400);
            assertThat(status(port, "GET /ws HTTP/1.1\r\n" + VALID + "Sec-WebSocket-Version: 8\r\n\r\n"))
                    .as("duplicate version")
                    .isIn(400, 426);
            assertThat(status(port, "GET /ws HTTP/1.1\r\n" + VALID.replace("Version: 13", "Version: 8") + "\r\n"))
                    .as("other version")
                    .isEqualTo(426);
            assertThat(status(port, "POST /ws HTTP/1.1\r\n" + VALID + "Content-Length: 0\r\n\r\n"))
                    .as("not GET")
                    .isEqualTo(405);
            assertThat(status(port, "GET /ws HTTP/1.0\r\n" + VALID + "\r\n"))
                    .as("HTTP/1.0")
                    .isEqualTo(400);
            assertThat(status(port, "GET /ws HTTP/1.1\r\n" + VALID + "X-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n"))
                    .as("oversized header block")
                    .isIn(400, 431, -1);
            assertThat(status(port, "GET /" + "a".repeat(64 * 1024) + " HTTP/1.1\r\n" + VALID + "\r\n"))
                    .as("oversized request line")
                    .isIn(400, 414, 431, -1);
        }
    }

    /**
     * Slowloris: a header block trickled one byte every 1.5 s. Each byte alone resets the container's idle
     * timer, so what ends it is the bound on total bytes or on time; here the container's connection timeout
     * (1 s) must close the connection before the headers complete.
     */
    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void aTrickledHeaderBlockIsCut(ServletContainer container) throws Exception {
        try (ServletContainer.Running server = container.start(
                        new UpgradeServlet(Upgrader.builder().build(), new EchoHandler()), Duration.ofSeconds(1));
                Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()));
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            byte[] request = ("GET /ws HTTP/1.1\r\n" + VALID + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            long start = System.nanoTime();
            boolean cut = false;
            try {
                for (byte b : request) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(1500);
                    if (s.getInputStream().available() > 0) {
                        break;
                    }
                }
                cut = s.getInputStream().read() != 'H'
                        || !new String(s.getInputStream().readNBytes(11), StandardCharsets.ISO_8859_1)
                                .startsWith("TTP/1.1 101");
            } catch (SocketException reset) {
                cut = true;
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000;
            assertThat(cut).as("connection cut instead of upgraded").isTrue();
            assertThat(seconds).isLessThan(15);
        }
    }

    /** The status code of the response, or -1 when the server closed without one. */
    private static int status(int port, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port));
            s.setSoTimeout(10_000);
            try {
                s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            } catch (SocketException e) {
                // the server may refuse before the whole oversized request is written
            }
            InputStream in = s.getInputStream();
            String head;
            try {
                head = RawWsClient.readHead(in);
            } catch (SocketException e) {
                return -1;
            }
            if (head.length() < 12) {
                return -1;
            }
            return Integer.parseInt(head.substring(9, 12));
        }
    }
}
