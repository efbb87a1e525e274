package io.github.wsboot.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.wsboot.websocket.internal.TestFrames;
import io.github.wsboot.websocket.testing.EchoHandler;
import io.github.wsboot.websocket.testing.TomcatServer;

/**
 * Opening handshakes written byte by byte to the {@link Upgrader} on embedded Tomcat: each malformed request
 * gets gorilla's status code, and the servlet sees a {@link HandshakeException} with the same status.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UpgraderHandshakeTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    /** Upgrades with the default (same-origin) check and records what the Upgrader threw. */
    static final class RecordingServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        final transient BlockingQueue<HandshakeException> refused = new LinkedBlockingQueue<>();
        final transient BlockingQueue<String> upgraded = new LinkedBlockingQueue<>();
        private final transient Upgrader upgrader = Upgrader.builder().build();

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            try {
                upgrader.upgrade(req, resp, null, new EchoHandler());
                upgraded.add(req.getRequestURI());
            } catch (HandshakeException e) {
                refused.add(e);
            }
        }
    }

    private static RecordingServlet servlet;
    private static TomcatServer server;

    @BeforeAll
    static void start() throws Exception {
        servlet = new RecordingServlet();
        server = TomcatServer.start(servlet);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private record Response(int status, Map<String, String> headers, Socket socket) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Sends the request head with the given header lines (a null value removes a default header). */
    private static Response send(String requestLine, Map<String, String> overrides, String... extraLines)
            throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "127.0.0.1:" + server.port());
        headers.put("Upgrade", "websocket");
        headers.put("Connection", "Upgrade");
        headers.put("Sec-WebSocket-Key", KEY);
        headers.put("Sec-WebSocket-Version", "13");
        headers.putAll(overrides);
        StringBuilder head = new StringBuilder(requestLine).append("\r\n");
        headers.forEach((name, value) -> {
            if (value != null) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        });
        for (String line : extraLines) {
            head.append(line).append("\r\n");
        }
        head.append("\r\n");
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(5000);
        socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return readHead(socket);
    }

    private static Response readHead(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside the response head: " + buf);
            }
            buf.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = buf.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        return new Response(status, headers, socket);
    }

    private static Map<String, String> with(String... nameValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            m.put(nameValues[i], "null".equals(nameValues[i + 1]) ? null : nameValues[i + 1]);
        }
        return m;
    }

    @SuppressWarnings("try") // the socket only has to stay open
    private static void assertRefused(Response r, int status) throws InterruptedException, IOException {
        try (Socket s = r.socket()) {
            assertThat(r.status()).isEqualTo(status);
            HandshakeException e = servlet.refused.poll(5, TimeUnit.SECONDS);
            assertThat(e).as("the servlet saw a HandshakeException").isNotNull();
            assertThat(e.status()).isEqualTo(status);
            assertThat(servlet.upgraded).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "missing key                 | Sec-WebSocket-Key     | null",
                "key of 15 bytes             | Sec-WebSocket-Key     | dGhlIHNhbXBsZSBub25jZQ",
                "key of 18 bytes             | Sec-WebSocket-Key     | dGhlIHNhbXBsZSBub25jZXMx",
                "key not base64              | Sec-WebSocket-Key     | !!!!!!!!!!!!!!!!!!!!!!==",
                "empty key                   | Sec-WebSocket-Key     | ''",
                "missing Upgrade             | Upgrade               | null",
                "Upgrade not websocket       | Upgrade               | h2c",
                "missing Connection          | Connection            | null",
                "Connection without upgrade  | Connection            | keep-alive",
            })
    void malformedRequestsGet400(String name, String header, String value) throws Exception {
        assertRefused(send("GET /ws HTTP/1.1", with(header, value.isEmpty() ? "" : value)), 400);
    }

    @Test
    void aDuplicatedKeyGets400() throws Exception {
        assertRefused(send("GET /ws HTTP/1.1", Map.of(), "Sec-WebSocket-Key: " + KEY), 400);
    }

    @Test
    void anotherMethodGets405() throws Exception {
        Response r = send("POST /ws HTTP/1.1", with("Content-Length", "0"));
        assertThat(r.header("Allow")).isEqualTo("GET");
        assertRefused(r, 405);
    }

    @Test
    void version8Gets426WithTheSupportedVersion() throws Exception {
        Response r = send("GET /ws HTTP/1.1", with("Sec-WebSocket-Version", "8"));
        assertThat(r.header("Sec-WebSocket-Version")).isEqualTo("13");
        assertRefused(r, 426);
        Response missing = send("GET /ws HTTP/1.1", with("Sec-WebSocket-Version", "null"));
        assertThat(missing.header("Sec-WebSocket-Version")).isEqualTo("13");
        assertRefused(missing, 426);
    }

    @Test
    void aForeignOriginGets403() throws Exception {
        assertRefused(send("GET /ws HTTP/1.1", with("Origin", "http://evil.example")), 403);
        assertRefused(send("GET /ws HTTP/1.1", with("Origin", "http://127.0.0.1:1")), 403);
        assertRefused(send("GET /ws HTTP/1.1", with("Origin", "not a uri")), 403);
    }

    @Test
    void http10Gets400() throws Exception {
        assertRefused(send("GET /ws HTTP/1.0", Map.of()), 400);
    }

    @Test
    void aSameOriginRequestIsUpgradedAndEchoes() throws Exception {
        assertUpgraded(send("GET /same HTTP/1.1", with("Origin", "http://127.0.0.1:" + server.port())));
    }

    @Test
    void tokenListsAndCaseAreAccepted() throws Exception {
        assertUpgraded(send("GET /tokens HTTP/1.1", with("Connection", "keep-alive, Upgrade", "Upgrade", "WebSocket")));
    }

    private static void assertUpgraded(Response r) throws Exception {
        try (Socket s = r.socket()) {
            assertThat(r.status()).isEqualTo(101);
            assertThat(r.header("Sec-WebSocket-Accept")).isEqualTo(ACCEPT);
            assertThat(r.header("Upgrade")).isEqualToIgnoringCase("websocket");
            assertThat(servlet.upgraded.poll(5, TimeUnit.SECONDS)).isNotNull();
            assertThat(servlet.refused).isEmpty();
            // The connection works: a masked frame comes back echoed, unmasked.
            byte[] hello = "Hello".getBytes(StandardCharsets.US_ASCII);
            s.getOutputStream()
                    .write(TestFrames.frame(0x81, hello, HexFormat.of().parseHex("37fa213d")));
            s.getOutputStream().flush();
            assertThat(HexFormat.of().formatHex(s.getInputStream().readNBytes(7)))
                    .isEqualTo("810548656c6c6f");
        }
    }
}
