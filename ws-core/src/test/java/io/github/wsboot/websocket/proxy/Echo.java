package io.github.wsboot.websocket.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Dialer;
import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.testing.EchoHandler;
import io.github.wsboot.websocket.testing.JettyServer;
import io.github.wsboot.websocket.testing.SelfSignedCertificate;
import io.github.wsboot.websocket.testing.TomcatServer;
import io.github.wsboot.websocket.testing.UpgradeServlet;

/** The WebSocket servers behind the proxies: our {@link Upgrader} with an echo handler, on Tomcat or Jetty+TLS. */
final class Echo {

    private Echo() {}

    /** ws:// on Tomcat, 127.0.0.1. */
    static TomcatServer tomcat() throws Exception {
        return TomcatServer.start(new UpgradeServlet(Upgrader.builder().build(), new EchoHandler()));
    }

    /** wss:// on Jetty, 127.0.0.1, presenting {@code certificate}. */
    static JettyServer jettyTls(SelfSignedCertificate certificate) throws Exception {
        return JettyServer.startTls(
                new UpgradeServlet(Upgrader.builder().build(), new EchoHandler()), certificate.serverTls());
    }

    /** Sends a text and a binary message and checks that both come back. */
    static void check(Conn conn) throws IOException {
        conn.setReadDeadline(Instant.now().plusSeconds(10));
        conn.writeText("through the proxy");
        assertThat(conn.readMessage().text()).isEqualTo("through the proxy");
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        conn.writeMessage(io.github.wsboot.websocket.MessageType.BINARY, big);
        assertThat(conn.readMessage().data()).isEqualTo(big);
    }

    /** The port the connection's socket is connected to: the proxy's when the dial went through one. */
    static int remotePort(Conn conn) {
        return ((InetSocketAddress) conn.remoteAddress()).getPort();
    }

    /** A dialer that goes through {@code proxy} and trusts {@code certificate} (the wss:// server's). */
    static Dialer through(URI proxy, SelfSignedCertificate certificate, Duration handshakeTimeout) throws Exception {
        return Dialer.builder()
                .handshakeTimeout(handshakeTimeout)
                .sslContext(certificate.trustingContext())
                .proxy(Proxies.fixed(proxy))
                .build();
    }

    /** Closes the proxies and servers a test class started, skipping those that never started. */
    static void closeAll(AutoCloseable... started) throws Exception {
        for (AutoCloseable c : started) {
            if (c != null) {
                c.close();
            }
        }
    }

    /**
     * Dialing the ws:// server on {@code wsPort} through a {@code scheme} proxy on a port where nothing listens
     * fails with a {@link ConnectException} that names the proxy.
     */
    static void assertProxyDownIsNamed(
            String scheme, int wsPort, SelfSignedCertificate certificate, Duration handshakeTimeout) throws Exception {
        String proxy = scheme + "://127.0.0.1:" + RealProxy.freePort();
        Throwable thrown = catchThrowable(() ->
                through(URI.create(proxy), certificate, handshakeTimeout).dial("ws://127.0.0.1:" + wsPort + "/", null));
        assertThat(thrown)
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("cannot connect to proxy " + proxy);
    }
}
