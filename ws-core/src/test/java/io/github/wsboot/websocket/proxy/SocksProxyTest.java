package io.github.wsboot.websocket.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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

/**
 * The Dialer through real SOCKS5 servers started on loopback by the test: dante (no authentication) and
 * microsocks (username/password, RFC 1929). ws and wss to our Upgrader, host names resolved by the proxy, the
 * proxy's failure replies, wrong and missing credentials, a proxy that is down or hangs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocksProxyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String USER = "bob";
    /** With characters that must be percent-encoded in the proxy URL. */
    private static final String PASSWORD = "p@ss:w0rd/x";

    private static final String PASSWORD_IN_URL = "p%40ss%3Aw0rd%2Fx";

    @TempDir
    static Path dir;

    private static RealProxy dante;
    private static RealProxy microsocks;
    private static TomcatServer ws;
    private static JettyServer wss;
    private static SelfSignedCertificate local;

    @BeforeAll
    static void start() throws Exception {
        RealProxy.DANTE.assumeInstalledOrFailInCi();
        RealProxy.MICROSOCKS.assumeInstalledOrFailInCi();
        dante = RealProxy.dante(dir);
        microsocks = RealProxy.microsocks(USER, PASSWORD);
        local = SelfSignedCertificate.generate(dir, "local", SelfSignedCertificate.LOOPBACK);
        ws = Echo.tomcat();
        wss = Echo.jettyTls(local);
    }

    @AfterAll
    static void stop() throws Exception {
        Echo.closeAll(dante, microsocks, ws, wss);
    }

    private static Dialer through(URI proxy) throws Exception {
        return Echo.through(proxy, local, TIMEOUT);
    }

    @Test
    void wsAndWssThroughDante() throws Exception {
        for (String scheme : new String[] {"socks5", "socks5h"}) {
            Dialer dialer = through(dante.url(scheme, null));
            for (String host : new String[] {"127.0.0.1", "localhost"}) {
                try (Conn conn = dialer.dial("ws://" + host + ":" + ws.port() + "/echo", null)) {
                    assertThat(Echo.remotePort(conn))
                            .as("connected to the proxy")
                            .isEqualTo(dante.port());
                    Echo.check(conn);
                }
            }
            try (Conn conn = dialer.dial("wss://localhost:" + wss.port() + "/echo", null)) {
                assertThat(Echo.remotePort(conn)).isEqualTo(dante.port());
                Echo.check(conn);
            }
        }
    }

    @Test
    void hostNamesAreResolvedByTheProxy() throws Exception {
        // Resolved here, the name would fail with UnknownHostException; sent to dante, it is dante's reply.
        Throwable thrown =
                catchThrowable(() -> through(dante.url("socks5", null)).dial("ws://no-such-host.invalid:80/", null));
        assertThat(thrown).isInstanceOf(ProxyException.class);
        ProxyException e = (ProxyException) thrown;
        assertThat(e.socksReply()).isEqualTo(4);
        assertThat(e.getMessage()).contains("host unreachable (reply 4)").contains("no-such-host.invalid:80");
    }

    @Test
    void refusedConnectionIsTheProxysReply() throws Exception {
        int closedPort = RealProxy.freePort();
        for (RealProxy proxy : new RealProxy[] {dante, microsocks}) {
            Throwable thrown = catchThrowable(() -> through(proxy.url("socks5", USER + ":" + PASSWORD_IN_URL))
                    .dial("ws://127.0.0.1:" + closedPort + "/", null));
            assertThat(thrown).isInstanceOf(ProxyException.class);
            ProxyException e = (ProxyException) thrown;
            assertThat(e.socksReply()).isEqualTo(5);
            assertThat(e.statusCode()).isEqualTo(-1);
            assertThat(e.authenticationFailed()).isFalse();
            assertThat(e.getMessage()).contains("connection refused (reply 5)");
        }
    }

    @Test
    void usernameAndPasswordThroughMicrosocks() throws Exception {
        Dialer dialer = through(microsocks.url("socks5h", USER + ":" + PASSWORD_IN_URL));
        try (Conn conn = dialer.dial("ws://localhost:" + ws.port() + "/echo", null)) {
            assertThat(Echo.remotePort(conn)).isEqualTo(microsocks.port());
            Echo.check(conn);
        }
        try (Conn conn = dialer.dial("wss://localhost:" + wss.port() + "/echo", null)) {
            Echo.check(conn);
        }
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        Throwable thrown = catchThrowable(() ->
                through(microsocks.url("socks5", USER + ":wrong")).dial("ws://127.0.0.1:" + ws.port() + "/echo", null));
        assertThat(thrown)
                .isInstanceOf(ProxyException.class)
                .hasMessageContaining("refused the user name and password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong"));
        assertThat(((ProxyException) thrown).authenticationFailed()).isTrue();
        assertThat(((ProxyException) thrown).socksReply()).isEqualTo(-1);
    }

    @Test
    void missingCredentialsAreRefused() throws Exception {
        Throwable thrown = catchThrowable(
                () -> through(microsocks.url("socks5", null)).dial("ws://127.0.0.1:" + ws.port() + "/echo", null));
        assertThat(thrown).isInstanceOf(ProxyException.class).hasMessageContaining("requires authentication");
        assertThat(((ProxyException) thrown).authenticationFailed()).isTrue();
    }

    @Test
    void proxyDownIsAConnectExceptionNamingTheProxy() throws Exception {
        Echo.assertProxyDownIsNamed("socks5", ws.port(), local, TIMEOUT);
    }

    @Test
    void hangingProxyIsBoundedByTheHandshakeTimeout() throws Exception {
        Dialer dialer = Dialer.builder()
                .handshakeTimeout(Duration.ofMillis(1000))
                .proxy(Proxies.fixed(microsocks.url("socks5", USER + ":" + PASSWORD_IN_URL)))
                .build();
        microsocks.pause();
        try {
            long start = System.nanoTime();
            Throwable thrown = catchThrowable(() -> dialer.dial("ws://127.0.0.1:" + ws.port() + "/echo", null));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(thrown)
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("handshake timed out after 1000 ms")
                    .hasMessageContaining("SOCKS5");
            assertThat(elapsedMs).isBetween(900L, 3000L);
        } finally {
            microsocks.resume();
        }
        try (Conn conn = dialer.toBuilder()
                .handshakeTimeout(TIMEOUT)
                .build()
                .dial("ws://127.0.0.1:" + ws.port() + "/echo", null)) {
            Echo.check(conn);
        }
    }
}
