package io.github.wsboot.websocket.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Dialer;
import io.github.wsboot.websocket.testing.JettyServer;
import io.github.wsboot.websocket.testing.RawWsClient;
import io.github.wsboot.websocket.testing.SelfSignedCertificate;
import io.github.wsboot.websocket.testing.TomcatServer;

/**
 * The proxy protocols against in-test stub proxies, for what a real proxy does not do on demand: every SOCKS5
 * reply code and bound address type, protocol violations, oversized answers, silence and cancellation, HTTPS
 * proxies (TLS to the proxy, and TLS inside that TLS for wss), and the environment's proxy for a host name
 * nobody resolves.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProxyProtocolTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    static Path dir;

    private static TomcatServer ws;
    private static JettyServer wss;
    private static SelfSignedCertificate local;
    /** The stub proxies' certificate: names 127.0.0.1 and localhost too, but is trusted only where a test says. */
    private static SelfSignedCertificate proxyCert;

    @BeforeAll
    static void start() throws Exception {
        local = SelfSignedCertificate.generate(dir, "local", SelfSignedCertificate.LOOPBACK);
        proxyCert = SelfSignedCertificate.generate(dir, "proxy", SelfSignedCertificate.LOOPBACK);
        ws = Echo.tomcat();
        wss = Echo.jettyTls(local);
    }

    @AfterAll
    static void stop() throws Exception {
        Echo.closeAll(ws, wss);
    }

    private static Dialer through(URI proxy) throws Exception {
        return Echo.through(proxy, local, TIMEOUT);
    }

    private static String wsUrl() {
        return "ws://127.0.0.1:" + ws.port() + "/echo";
    }

    // ---- HTTP CONNECT ----

    @Test
    void connectRequestCarriesTheTargetAndCredentials() throws Exception {
        try (ProxyStub stub = ProxyStub.start(ProxyStub.httpRelay(ws.port(), null))) {
            URI proxy = URI.create("http://al%20ice:p%40ss@127.0.0.1:" + stub.port());
            try (Conn conn = through(proxy).dial("ws://example.test:8080/echo", null)) {
                Echo.check(conn);
            }
            String head = stub.takeRequest(WAIT);
            assertThat(head).startsWith("CONNECT example.test:8080 HTTP/1.1\r\n");
            assertThat(ProxyStub.header(head, "Host")).isEqualTo("example.test:8080");
            assertThat(ProxyStub.header(head, "Proxy-Authorization")).isEqualTo("Basic " + b64("al ice:p@ss"));

            // A user without a password is sent with an empty one (as Go's net/http does); no user info, no header.
            through(URI.create("http://token@127.0.0.1:" + stub.port()))
                    .dial("ws://[::1]:9/echo", null)
                    .close();
            head = stub.takeRequest(WAIT);
            assertThat(head).startsWith("CONNECT [::1]:9 HTTP/1.1\r\n");
            assertThat(ProxyStub.header(head, "Proxy-Authorization")).isEqualTo("Basic " + b64("token:"));
            through(stub.url("http")).dial("ws://a.test/echo", null).close();
            head = stub.takeRequest(WAIT);
            assertThat(head).startsWith("CONNECT a.test:80 HTTP/1.1\r\n");
            assertThat(ProxyStub.header(head, "Proxy-Authorization")).isNull();
        }
    }

    @Test
    void oversizedConnectAnswerIsRefused() throws Exception {
        StringBuilder big = new StringBuilder("HTTP/1.1 200 Connection established\r\n");
        while (big.length() < 20_000) {
            big.append("X-Padding: ").append("y".repeat(100)).append("\r\n");
        }
        big.append("\r\n");
        try (ProxyStub stub =
                ProxyStub.start(ProxyStub.httpAnswer(big.toString().getBytes(StandardCharsets.ISO_8859_1)))) {
            Throwable thrown = catchThrowable(() -> through(stub.url("http")).dial(wsUrl(), null));
            assertThat(thrown)
                    .isInstanceOf(ProxyException.class)
                    .hasMessageContaining("larger than 16384 bytes")
                    .hasCauseInstanceOf(ProtocolException.class);
            assertThat(((ProxyException) thrown).statusCode()).isEqualTo(-1);
        }
        // An endless header block is cut off at the same bound, without waiting for its end.
        byte[] endless = ("HTTP/1.1 200 OK\r\n" + "X-A: b\r\n".repeat(3000)).getBytes(StandardCharsets.ISO_8859_1);
        try (ProxyStub stub = ProxyStub.start(ProxyStub.httpAnswer(endless))) {
            assertThat(catchThrowable(() -> through(stub.url("http")).dial(wsUrl(), null)))
                    .isInstanceOf(ProxyException.class)
                    .hasMessageContaining("larger than 16384 bytes");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not HTTP at all\\r\\n\\r\\n|malformed HTTP response status line",
                "HTTP/1.1 200 OK\\r\\nbad header line\\r\\n\\r\\n|malformed HTTP response header line",
                "HTTP/1.1 200 OK\\r\\n\\r\\nextra bytes|bytes after its answer to CONNECT",
                "HTTP/1.1 200 Conn|closed the connection before answering CONNECT",
            })
    void malformedConnectAnswersAreProxyErrors(String answer, String expected) throws Exception {
        String unescaped = answer.replace("\\r\\n", "\r\n");
        ProxyStub.Behaviour behaviour = unescaped.endsWith("Conn")
                ? (client, stub) -> {
                    stub.record(RawWsClient.readHead(client.getInputStream()));
                    client.getOutputStream().write(unescaped.getBytes(StandardCharsets.ISO_8859_1));
                    client.close();
                }
                : ProxyStub.httpAnswer(unescaped.getBytes(StandardCharsets.ISO_8859_1));
        try (ProxyStub stub = ProxyStub.start(behaviour)) {
            assertThat(catchThrowable(() -> through(stub.url("http")).dial(wsUrl(), null)))
                    .isInstanceOf(ProxyException.class)
                    .hasMessageContaining(expected);
        }
    }

    @Test
    void anyTwoHundredAnswerOpensTheTunnelAndOtherStatusesDoNot() throws Exception {
        try (ProxyStub stub = ProxyStub.start((client, s) -> {
            s.record(RawWsClient.readHead(client.getInputStream()));
            client.getOutputStream().write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            ProxyStub.relay(client, ws.port());
        })) {
            try (Conn conn = through(stub.url("http")).dial(wsUrl(), null)) {
                Echo.check(conn);
            }
        }
        byte[] redirect = "HTTP/1.1 302 Found\r\nLocation: http://elsewhere/\r\nContent-Length: 0\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        try (ProxyStub stub = ProxyStub.start(ProxyStub.httpAnswer(redirect))) {
            ProxyException e = (ProxyException)
                    catchThrowable(() -> through(stub.url("http")).dial(wsUrl(), null));
            assertThat(e.statusCode()).isEqualTo(302);
            assertThat(e.statusLine()).isEqualTo("HTTP/1.1 302 Found");
            assertThat(e.headers().firstValue("Location")).hasValue("http://elsewhere/");
            assertThat(e.authenticationFailed()).isFalse();
        }
    }

    // ---- SOCKS5 ----

    @ParameterizedTest(name = "reply {0}")
    @CsvSource({
        "1, general SOCKS server failure",
        "2, connection not allowed by ruleset",
        "3, network unreachable",
        "4, host unreachable",
        "5, connection refused",
        "6, TTL expired",
        "7, command not supported",
        "8, address type not supported",
        "9, unknown reply code",
        "255, unknown reply code",
    })
    void everySocksReplyCodeIsReported(int code, String meaning) throws Exception {
        try (ProxyStub stub = ProxyStub.start(ProxyStub.socks(code, ws.port()))) {
            Throwable thrown = catchThrowable(() -> through(stub.url("socks5")).dial("ws://target.test:81/", null));
            assertThat(thrown)
                    .isInstanceOf(ProxyException.class)
                    .hasMessage("websocket: SOCKS5 proxy socks5://127.0.0.1:" + stub.port()
                            + " could not connect to target.test:81: " + meaning + " (reply " + code + ")");
            ProxyException e = (ProxyException) thrown;
            assertThat(e.socksReply()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(-1);
            assertThat(e.statusLine()).isNull();
            assertThat(e.headers().map()).isEmpty();
            assertThat(e.authenticationFailed()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ws://name.test:8080/echo, command=1 atyp=3 name.test:8080",
        "ws://127.0.0.1:8080/echo, command=1 atyp=1 127.0.0.1:8080",
        "ws://[::1]:8080/echo,     command=1 atyp=4 [0:0:0:0:0:0:0:1]:8080",
        "ws://[::ffff:10.0.0.1]:8080/echo, command=1 atyp=1 10.0.0.1:8080",
        "wss://名前.test/echo,      command=1 atyp=3 xn--ldr85b.test:443",
    })
    void socksRequestsSendNamesForTheProxyToResolve(String url, String expected) throws Exception {
        try (ProxyStub stub = ProxyStub.start(ProxyStub.socks(0, url.startsWith("wss") ? wss.port() : ws.port()))) {
            Dialer dialer = through(stub.url("socks5h"));
            if (url.startsWith("wss")) {
                // The certificate names localhost, not the IDN: only the request bytes are under test here.
                javax.net.ssl.SSLParameters p = new javax.net.ssl.SSLParameters();
                p.setEndpointIdentificationAlgorithm("");
                dialer = dialer.toBuilder().sslParameters(p).build();
            }
            try (Conn conn = dialer.dial(url, null)) {
                Echo.check(conn);
            }
            assertThat(stub.takeRequest(WAIT)).isEqualTo("SOCKS5 version=5 methods=[0] " + expected);
        }
    }

    @ParameterizedTest(name = "bound address {0}")
    @CsvSource({
        "IPv4, 01:7f:00:00:01:04:d2",
        "IPv6, 04:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:01:04:d2",
        "name, 03:09:6c:6f:63:61:6c:68:6f:73:74:04:d2",
    })
    void everyBoundAddressTypeIsConsumedExactly(String type, String bytes) throws Exception {
        try (ProxyStub stub = ProxyStub.start(ProxyStub.socks(0, ws.port(), hex(bytes)))) {
            try (Conn conn = through(stub.url("socks5")).dial(wsUrl(), null)) {
                Echo.check(conn);
            }
        }
    }

    @Test
    void unknownBoundAddressTypeIsAProtocolError() throws Exception {
        try (ProxyStub stub = ProxyStub.start(ProxyStub.socks(0, ws.port(), hex("02:00:00")))) {
            assertThat(catchThrowable(() -> through(stub.url("socks5")).dial(wsUrl(), null)))
                    .isInstanceOf(ProxyException.class)
                    .hasMessageContaining("unknown address type 2");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not SOCKS5|48:54|not a SOCKS5 proxy: its answer starts with byte 72",
                "no acceptable method, no credentials|05:ff|requires authentication",
                "method not offered (GSSAPI)|05:01|chose authentication method 1, which was not offered",
                "username/password without credentials|05:02|chose authentication method 2, which was not offered",
            })
    void socksGreetingFailures(String name, String answer, String expected) throws Exception {
        try (ProxyStub stub = ProxyStub.start(ProxyStub.socksGreetingAnswer(hex(answer)))) {
            Throwable thrown = catchThrowable(() -> through(stub.url("socks5")).dial(wsUrl(), null));
            assertThat(thrown).isInstanceOf(ProxyException.class).hasMessageContaining(expected);
            assertThat(((ProxyException) thrown).authenticationFailed()).isEqualTo(name.startsWith("no acceptable"));
        }
    }

    @Test
    void socksProxyClosingMidAnswerIsAProtocolError() throws Exception {
        try (ProxyStub stub = ProxyStub.start((client, s) -> {
            client.getInputStream().read(new byte[3]);
            client.getOutputStream().write(5); // half of the method selection
            client.getOutputStream().flush();
            client.close();
        })) {
            assertThat(catchThrowable(() -> through(stub.url("socks5")).dial(wsUrl(), null)))
                    .isInstanceOf(ProxyException.class)
                    .hasMessageContaining("closed the connection during the method selection");
        }
    }

    @Test
    void socksCredentialsFollowRfc1929() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger status = new AtomicInteger();
        ProxyStub.Behaviour behaviour = (client, s) -> {
            java.io.DataInputStream in = new java.io.DataInputStream(client.getInputStream());
            in.readUnsignedByte();
            byte[] methods = new byte[in.readUnsignedByte()];
            in.readFully(methods);
            seen.add("methods=" + java.util.Arrays.toString(methods));
            client.getOutputStream().write(new byte[] {5, 2});
            int version = in.readUnsignedByte();
            byte[] user = new byte[in.readUnsignedByte()];
            in.readFully(user);
            byte[] password = new byte[in.readUnsignedByte()];
            in.readFully(password);
            seen.add("version=" + version + " user=" + new String(user, StandardCharsets.UTF_8) + " password="
                    + new String(password, StandardCharsets.UTF_8));
            client.getOutputStream().write(new byte[] {1, (byte) status.get()});
            if (status.get() != 0) {
                return;
            }
            ProxyStub.readSocksRequest(in);
            client.getOutputStream().write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
            ProxyStub.relay(client, ws.port());
        };
        try (ProxyStub stub = ProxyStub.start(behaviour)) {
            URI proxy = URI.create("socks5://j%C3%BCrgen:%C3%A9t%C3%A9@127.0.0.1:" + stub.port());
            try (Conn conn = through(proxy).dial(wsUrl(), null)) {
                Echo.check(conn);
            }
            assertThat(seen).containsExactly("methods=[0, 2]", "version=1 user=jürgen password=été");

            status.set(1);
            Throwable thrown = catchThrowable(() -> through(proxy).dial(wsUrl(), null));
            assertThat(thrown).isInstanceOf(ProxyException.class).hasMessageContaining("RFC 1929 status 1");
            assertThat(((ProxyException) thrown).authenticationFailed()).isTrue();

            URI tooLong = URI.create("socks5://" + "u".repeat(256) + ":p@127.0.0.1:" + stub.port());
            assertThat(catchThrowable(() -> through(tooLong).dial(wsUrl(), null)))
                    .isInstanceOf(ProxyException.class)
                    .hasMessageContaining("1 to 255 bytes");
        }
    }

    // ---- silence and cancellation ----

    @ParameterizedTest(name = "{0}")
    @CsvSource({"http, waiting for proxy", "socks5, negotiating a SOCKS5 connection", "https, TLS handshake with proxy"
    })
    void silentProxyIsBoundedByTheTimeout(String scheme, String step) throws Exception {
        try (ProxyStub stub = ProxyStub.start(ProxyStub.silent())) {
            Dialer dialer = Dialer.builder()
                    .handshakeTimeout(Duration.ofMillis(800))
                    .proxy(Proxies.fixed(stub.url(scheme)))
                    .build();
            long start = System.nanoTime();
            Throwable thrown = catchThrowable(() -> dialer.dial(wsUrl(), null));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(thrown)
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("handshake timed out after 800 ms")
                    .hasMessageContaining(step);
            assertThat(elapsedMs).isBetween(700L, 2500L);

            // The dial(url, header, timeout) deadline bounds it as well.
            Dialer unbounded =
                    Dialer.builder().proxy(Proxies.fixed(stub.url(scheme))).build();
            start = System.nanoTime();
            assertThat(catchThrowable(() -> unbounded.dial(wsUrl(), null, Duration.ofMillis(500))))
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(400L, 2000L);
        }
    }

    @Test
    void cancellingDialAsyncAbortsAWaitOnTheProxy() throws Exception {
        try (ProxyStub stub = ProxyStub.start((client, s) -> {
            s.record("accepted");
            client.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            s.record("closed by the client");
        })) {
            CompletableFuture<Conn> future = Dialer.builder()
                    .proxy(Proxies.fixed(stub.url("socks5")))
                    .build()
                    .dialAsync(wsUrl(), null);
            assertThat(stub.takeRequest(WAIT)).isEqualTo("accepted");
            Thread.sleep(100);
            long start = System.nanoTime();
            assertThat(future.cancel(true)).isTrue();
            assertThat(stub.takeRequest(Duration.ofSeconds(2))).isEqualTo("closed by the client");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1500);
        }
    }

    // ---- HTTPS proxies ----

    @Test
    void httpsProxyCarriesWsAndWss() throws Exception {
        try (ProxyStub stub = ProxyStub.startTls(proxyCert.serverContext(), (client, s) -> {
            String head = RawWsClient.readHead(client.getInputStream());
            s.record(head);
            client.getOutputStream().write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            ProxyStub.relay(client, head.startsWith("CONNECT localhost:" + wss.port()) ? wss.port() : ws.port());
        })) {
            SSLContext trustsBoth = trustingBoth();
            Dialer dialer = Dialer.builder()
                    .handshakeTimeout(TIMEOUT)
                    .sslContext(trustsBoth)
                    .proxy(Proxies.fixed(stub.url("https")))
                    .build();
            try (Conn conn = dialer.dial(wsUrl(), null)) {
                Socket socket = ((io.github.wsboot.websocket.transport.SocketTransport) conn.netConn()).socket();
                assertThat(socket).as("TLS to the proxy").isInstanceOf(SSLSocket.class);
                Echo.check(conn);
            }
            try (Conn conn = dialer.dial("wss://localhost:" + wss.port() + "/echo", null)) {
                Echo.check(conn); // TLS with the server inside TLS with the proxy
            }
            assertThat(stub.takeRequest(WAIT)).startsWith("CONNECT 127.0.0.1:" + ws.port());
            assertThat(stub.takeRequest(WAIT)).startsWith("CONNECT localhost:" + wss.port());

            // The proxy's certificate is checked like a server's.
            Dialer untrusting =
                    dialer.toBuilder().sslContext(local.trustingContext()).build();
            assertThat(catchThrowable(() -> untrusting.dial(wsUrl(), null))).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void netDialTlsDialsAnHttpsProxy() throws Exception {
        try (ProxyStub stub = ProxyStub.startTls(proxyCert.serverContext(), ProxyStub.httpRelay(wss.port(), null))) {
            List<String> tlsDials = Collections.synchronizedList(new ArrayList<>());
            SSLContext trustsProxy = proxyCert.trustingContext();
            Dialer dialer = Dialer.builder()
                    .handshakeTimeout(TIMEOUT)
                    .sslContext(local.trustingContext()) // for the server only: the hook handles the proxy
                    .proxy(Proxies.fixed(stub.url("https")))
                    .netDialTls((host, port, timeout) -> {
                        tlsDials.add(host + ":" + port);
                        SSLSocket s = (SSLSocket) trustsProxy.getSocketFactory().createSocket(host, port);
                        s.startHandshake();
                        return s;
                    })
                    .build();
            try (Conn conn = dialer.dial("wss://localhost:" + wss.port() + "/echo", null)) {
                Echo.check(conn);
            }
            assertThat(tlsDials).containsExactly("127.0.0.1:" + stub.port());
        }
    }

    // ---- the environment's proxy, end to end ----

    @Test
    void environmentProxyCarriesAHostNameOnlyTheProxyKnows() throws Exception {
        try (ProxyStub stub = ProxyStub.start(ProxyStub.httpRelay(ws.port(), "Basic " + b64("u:p")))) {
            Map<String, String> env =
                    Map.of("http_proxy", "http://u:p@127.0.0.1:" + stub.port(), "NO_PROXY", "direct.test");
            Dialer dialer = Dialer.builder()
                    .handshakeTimeout(TIMEOUT)
                    .proxy(Proxies.fromEnvironment(env))
                    .build();
            try (Conn conn = dialer.dial("ws://echo.invalid/echo", null)) {
                Echo.check(conn);
            }
            assertThat(stub.takeRequest(WAIT)).startsWith("CONNECT echo.invalid:80 HTTP/1.1\r\n");

            // Loopback goes direct, and so does what NO_PROXY lists (which then fails to resolve here).
            try (Conn conn = dialer.dial(wsUrl(), null)) {
                Echo.check(conn);
            }
            assertThat(catchThrowable(() -> dialer.dial("ws://direct.test/", null)))
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(ProxyException.class);
            assertThat(stub.takeRequest(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void cgiEnvironmentRefusesHttpProxy() throws Exception {
        Dialer dialer = Dialer.builder()
                .proxy(Proxies.fromEnvironment(Map.of("HTTP_PROXY", "http://127.0.0.1:9", "REQUEST_METHOD", "GET")))
                .build();
        assertThat(catchThrowable(() -> dialer.dial("ws://example.test/", null)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("CGI");
    }

    private static SSLContext trustingBoth() throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("server", local.certificate());
        trust.setCertificateEntry("proxy", proxyCert.certificate());
        javax.net.ssl.TrustManagerFactory tmf =
                javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hex(String colonSeparated) {
        String[] parts = colonSeparated.trim().split(":");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }
}
