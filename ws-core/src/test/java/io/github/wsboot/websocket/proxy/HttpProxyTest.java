package io.github.wsboot.websocket.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Dialer;
import io.github.wsboot.websocket.testing.JettyServer;
import io.github.wsboot.websocket.testing.SelfSignedCertificate;
import io.github.wsboot.websocket.testing.TomcatServer;
import io.github.wsboot.websocket.transport.SocketTransport;

/**
 * The Dialer through a real HTTP CONNECT proxy, Debian's tinyproxy, started on loopback by the test: ws and
 * wss (TLS to the server inside the tunnel) to our Upgrader, basic authentication, and the failures a real
 * proxy produces (407, 500 for an unreachable server, a proxy that is down, a proxy that hangs).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HttpProxyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String USER = "alice";
    /** tinyproxy's configuration takes letters and digits only; SocksProxyTest covers percent-encoding. */
    private static final String PASSWORD = "s3cret";

    @TempDir
    static Path dir;

    private static RealProxy open;
    private static RealProxy authenticating;
    private static TomcatServer ws;
    private static JettyServer wss;
    private static JettyServer wssOtherName;
    private static SelfSignedCertificate local;
    private static SelfSignedCertificate other;

    @BeforeAll
    static void start() throws Exception {
        RealProxy.TINYPROXY.assumeInstalledOrFailInCi();
        open = RealProxy.tinyproxy(dir, null, null);
        authenticating = RealProxy.tinyproxy(dir, USER, PASSWORD);
        local = SelfSignedCertificate.generate(dir, "local", SelfSignedCertificate.LOOPBACK);
        other = SelfSignedCertificate.generate(dir, "other", "dns:other.example");
        ws = Echo.tomcat();
        wss = Echo.jettyTls(local);
        wssOtherName = Echo.jettyTls(other);
    }

    @AfterAll
    static void stop() throws Exception {
        Echo.closeAll(open, authenticating, ws, wss, wssOtherName);
    }

    private static Dialer through(URI proxy) throws Exception {
        return Echo.through(proxy, local, TIMEOUT);
    }

    @Test
    void wsThroughTinyproxy() throws Exception {
        Dialer dialer = through(open.url("http", null));
        for (String host : new String[] {"127.0.0.1", "localhost"}) {
            try (Conn conn = dialer.dial("ws://" + host + ":" + ws.port() + "/echo", null)) {
                assertThat(Echo.remotePort(conn)).as("connected to the proxy").isEqualTo(open.port());
                Echo.check(conn);
            }
        }
    }

    @Test
    void wssThroughTinyproxyWithSniAndHostnameVerification() throws Exception {
        Dialer dialer = through(open.url("http", null));
        try (Conn conn = dialer.dial("wss://localhost:" + wss.port() + "/echo", null)) {
            assertThat(Echo.remotePort(conn)).isEqualTo(open.port());
            Socket socket = ((SocketTransport) conn.netConn()).socket();
            assertThat(socket).isInstanceOf(SSLSocket.class);
            assertThat(((SSLSocket) socket).getSSLParameters().getServerNames())
                    .containsExactly(new SNIHostName("localhost"));
            assertThat(((SSLSocket) socket).getSSLParameters().getEndpointIdentificationAlgorithm())
                    .isEqualTo("HTTPS");
            Echo.check(conn);
        }
    }

    @Test
    void hostnameVerificationAppliesToTheServerBehindTheProxy() throws Exception {
        Dialer dialer = Dialer.builder()
                .handshakeTimeout(TIMEOUT)
                .sslContext(other.trustingContext())
                .proxy(Proxies.fixed(open.url("http", null)))
                .build();
        Throwable thrown = catchThrowable(() -> dialer.dial("wss://127.0.0.1:" + wssOtherName.port() + "/echo", null));
        assertThat(thrown).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void basicAuthenticationWithTheUrlsCredentials() throws Exception {
        Dialer dialer = through(authenticating.url("http", USER + ":" + PASSWORD));
        try (Conn conn = dialer.dial("ws://127.0.0.1:" + ws.port() + "/echo", null)) {
            Echo.check(conn);
        }
        try (Conn conn = dialer.dial("wss://localhost:" + wss.port() + "/echo", null)) {
            Echo.check(conn);
        }
    }

    @Test
    void missingCredentialsGiveTheProxysStatusLine() throws Exception {
        Dialer dialer = through(authenticating.url("http", null));
        Throwable thrown = catchThrowable(() -> dialer.dial("ws://127.0.0.1:" + ws.port() + "/echo", null));
        assertThat(thrown).isInstanceOf(ProxyException.class);
        ProxyException e = (ProxyException) thrown;
        assertThat(e.statusCode()).isEqualTo(407);
        assertThat(e.statusLine()).matches("HTTP/1\\.[01] 407 Proxy Authentication Required");
        assertThat(e.headers().firstValue("Proxy-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(e.authenticationFailed()).isTrue();
        assertThat(e.socksReply()).isEqualTo(-1);
        assertThat(e.proxy()).isEqualTo(URI.create("http://127.0.0.1:" + authenticating.port()));
        assertThat(e.getMessage()).contains("407 Proxy Authentication Required").contains("127.0.0.1:" + ws.port());
    }

    @Test
    void wrongCredentialsAreAnAuthenticationFailure() throws Exception {
        Dialer dialer = through(authenticating.url("http", USER + ":wrong"));
        Throwable thrown = catchThrowable(() -> dialer.dial("ws://127.0.0.1:" + ws.port() + "/echo", null));
        assertThat(thrown).isInstanceOf(ProxyException.class);
        ProxyException e = (ProxyException) thrown;
        // tinyproxy 1.11 answers wrong credentials with 401 rather than 407; only the proxy can answer CONNECT.
        assertThat(e.statusCode()).isIn(401, 407);
        assertThat(e.statusLine()).startsWith("HTTP/1.").contains(" " + e.statusCode() + " ");
        assertThat(e.authenticationFailed()).isTrue();
        assertThat(e.getMessage()).contains(e.statusLine()).doesNotContain("wrong");
    }

    @Test
    void unreachableServerIsTheProxysError() throws Exception {
        int closedPort = RealProxy.freePort();
        Throwable thrown =
                catchThrowable(() -> through(open.url("http", null)).dial("ws://127.0.0.1:" + closedPort + "/", null));
        assertThat(thrown).isInstanceOf(ProxyException.class);
        ProxyException e = (ProxyException) thrown;
        assertThat(e.statusCode()).isEqualTo(500);
        assertThat(e.statusLine()).contains("500");
        assertThat(e.authenticationFailed()).isFalse();
    }

    @Test
    void proxyDownIsAConnectExceptionNamingTheProxy() throws Exception {
        Echo.assertProxyDownIsNamed("http", ws.port(), local, TIMEOUT);
    }

    @Test
    void hangingProxyIsBoundedByTheHandshakeTimeout() throws Exception {
        Dialer dialer = Dialer.builder()
                .handshakeTimeout(Duration.ofMillis(1000))
                .proxy(Proxies.fixed(open.url("http", null)))
                .build();
        open.pause();
        try {
            long start = System.nanoTime();
            Throwable thrown = catchThrowable(() -> dialer.dial("ws://127.0.0.1:" + ws.port() + "/echo", null));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(thrown)
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("handshake timed out after 1000 ms")
                    .hasMessageContaining("waiting for proxy http://127.0.0.1:" + open.port());
            assertThat(elapsedMs).isBetween(900L, 3000L);

            // A cancelled dialAsync gives up on the frozen proxy at once.
            CompletableFuture<Conn> future = Dialer.builder()
                    .proxy(Proxies.fixed(open.url("http", null)))
                    .build()
                    .dialAsync("ws://127.0.0.1:" + ws.port() + "/echo", null);
            Thread.sleep(300);
            long cancelled = System.nanoTime();
            assertThat(future.cancel(true)).isTrue();
            assertThat(future).isCancelled();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelled))
                    .isLessThan(1000);
        } finally {
            open.resume();
        }
        try (Conn conn = through(open.url("http", null)).dial("ws://127.0.0.1:" + ws.port() + "/echo", null)) {
            Echo.check(conn);
        }
    }

    @Test
    void hooksDialTheProxyAndNetDialTlsIsNotUsedForTheServer() throws Exception {
        List<String> dialed = Collections.synchronizedList(new ArrayList<>());
        Dialer dialer = Dialer.builder()
                .handshakeTimeout(TIMEOUT)
                .sslContext(local.trustingContext())
                .proxy(Proxies.fixed(open.url("http", null)))
                .netDialContext((host, port, timeout) -> {
                    dialed.add(host + ":" + port + (timeout != null ? " with a timeout" : ""));
                    return new Socket(host, port);
                })
                .netDialTls((host, port, timeout) -> {
                    throw new AssertionError("netDialTls must not be used through an http proxy");
                })
                .build();
        try (Conn conn = dialer.dial("wss://localhost:" + wss.port() + "/echo", null)) {
            Echo.check(conn);
        }
        try (Conn conn = dialer.dial("ws://127.0.0.1:" + ws.port() + "/echo", null)) {
            Echo.check(conn);
        }
        assertThat(dialed)
                .containsExactly(
                        "127.0.0.1:" + open.port() + " with a timeout", "127.0.0.1:" + open.port() + " with a timeout");
    }
}
