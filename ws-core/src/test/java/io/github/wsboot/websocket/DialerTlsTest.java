package io.github.wsboot.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.github.wsboot.websocket.testing.SelfSignedCertificate;
import io.github.wsboot.websocket.transport.SocketTransport;

/** wss:// against Jetty over TLS with self-signed certificates made by keytool. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DialerTlsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path certs;

    /** SAN ip:127.0.0.1 and dns:localhost: what the tests connect to. */
    private static SelfSignedCertificate local;
    /** SAN dns:other.example only: trusted, but for another name. */
    private static SelfSignedCertificate other;

    @BeforeAll
    static void generateCertificates() throws Exception {
        local = SelfSignedCertificate.generate(certs, "local", SelfSignedCertificate.LOOPBACK);
        other = SelfSignedCertificate.generate(certs, "other", "dns:other.example");
    }

    @Test
    void echoesOverTlsWithATrustedCertificate() throws Exception {
        Dialer dialer = Dialer.builder()
                .handshakeTimeout(TIMEOUT)
                .sslContext(local.trustingContext())
                .build();
        try (JettyWebSocketServer server = JettyWebSocketServer.tls(local.serverTls())) {
            for (String host : new String[] {"127.0.0.1", "localhost"}) {
                try (Conn conn = dialer.dial(server.url(host, "/echo"), null)) {
                    conn.setReadDeadline(Instant.now().plusSeconds(10));
                    conn.writeText("secret " + host);
                    Message m = conn.readMessage();
                    assertThat(new String(m.data(), StandardCharsets.UTF_8)).isEqualTo("secret " + host);

                    Socket socket = ((SocketTransport) conn.netConn()).socket();
                    assertThat(socket).isInstanceOf(SSLSocket.class);
                    SSLParameters used = ((SSLSocket) socket).getSSLParameters();
                    assertThat(used.getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
                    if (host.equals("localhost")) {
                        assertThat(used.getServerNames()).containsExactly(new SNIHostName("localhost"));
                    } else {
                        assertThat(used.getServerNames())
                                .as("no SNI for an IP literal")
                                .isEmpty();
                    }
                }
            }
        }
    }

    @Test
    void defaultTrustStoreRejectsTheSelfSignedCertificate() throws Exception {
        Dialer dialer = Dialer.builder().handshakeTimeout(TIMEOUT).build();
        try (JettyWebSocketServer server = JettyWebSocketServer.tls(local.serverTls())) {
            assertThatThrownBy(() -> dialer.dial(server.url("127.0.0.1", "/echo"), null))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void hostnameVerificationRejectsACertificateForAnotherName() throws Exception {
        SSLContext trustsOther = other.trustingContext();
        try (JettyWebSocketServer server = JettyWebSocketServer.tls(other.serverTls())) {
            Dialer verifying = Dialer.builder()
                    .handshakeTimeout(TIMEOUT)
                    .sslContext(trustsOther)
                    .build();
            Throwable thrown = catchThrowable(() -> verifying.dial(server.url("127.0.0.1", "/echo"), null));
            assertThat(thrown).isInstanceOf(SSLHandshakeException.class);
            assertThat(rootCause(thrown).getMessage()).contains("127.0.0.1");

            // The caller's parameters go on top: an empty algorithm turns hostname verification off.
            SSLParameters noVerification = new SSLParameters();
            noVerification.setEndpointIdentificationAlgorithm("");
            Dialer lenient = verifying.toBuilder().sslParameters(noVerification).build();
            try (Conn conn = dialOrExplain(lenient, server.url("127.0.0.1", "/echo"))) {
                conn.setReadDeadline(Instant.now().plusSeconds(10));
                conn.writeText("ok");
                assertThat(conn.readMessage().data())
                        .asString(StandardCharsets.UTF_8)
                        .isEqualTo("ok");
            }
        }
    }

    @Test
    void netDialTlsReplacesTheDialersTlsConfiguration() throws Exception {
        SSLContext trusting = local.trustingContext();
        AtomicInteger calls = new AtomicInteger();
        Dialer dialer = Dialer.builder()
                .handshakeTimeout(TIMEOUT)
                // Would fail: the default trust store does not know the certificate.
                .sslContext(SSLContext.getDefault())
                .netDialTls((host, port, timeout) -> {
                    calls.incrementAndGet();
                    SSLSocket s = (SSLSocket) trusting.getSocketFactory().createSocket(host, port);
                    s.startHandshake();
                    return s;
                })
                .build();
        try (JettyWebSocketServer server = JettyWebSocketServer.tls(local.serverTls());
                Conn conn = dialer.dial(server.url("127.0.0.1", "/echo"), null)) {
            conn.setReadDeadline(Instant.now().plusSeconds(10));
            conn.writeText("hooked");
            assertThat(conn.readMessage().data())
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo("hooked");
            assertThat(calls).hasValue(1);
        }
    }

    @Test
    void tlsHandshakeIsBoundedByTheTimeout() throws Exception {
        // A TCP server that never speaks TLS: the ClientHello goes unanswered.
        try (StubServer silent = StubServer.start((req, out) -> {})) {
            Dialer dialer = Dialer.builder()
                    .handshakeTimeout(Duration.ofMillis(800))
                    .sslContext(local.trustingContext())
                    .build();
            long start = System.nanoTime();
            Throwable thrown = catchThrowable(() -> dialer.dial("wss://127.0.0.1:" + silent.port() + "/", null));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(thrown).isInstanceOf(SocketTimeoutException.class).hasMessageContaining("TLS handshake");
            assertThat(elapsedMs).isBetween(700L, 1600L);
        }
    }

    private static Conn dialOrExplain(Dialer d, String url) throws Exception {
        try {
            return d.dial(url, null);
        } catch (io.github.wsboot.websocket.BadHandshakeException e) {
            throw new AssertionError(e.response() + " body=" + e.response().bodyText(), e);
        }
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
