package io.github.wsboot.websocket.testing;

import java.net.URI;
import java.time.Duration;

import jakarta.servlet.http.HttpServlet;

import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** An embedded Jetty 12 (EE11, as Spring Boot 4 runs it) on a random loopback port serving one servlet at "/*". */
public final class JettyServer implements AutoCloseable {

    private final Server server;
    private final int port;

    private JettyServer(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    public static JettyServer start(HttpServlet servlet) throws Exception {
        return start(servlet, null);
    }

    /** @param idleTimeout the connector's idle timeout; null keeps Jetty's default (30 s) */
    public static JettyServer start(HttpServlet servlet, Duration idleTimeout) throws Exception {
        return start(servlet, idleTimeout, null);
    }

    /** Jetty over TLS with {@code tls}'s certificate (https and wss); the SNI host check is off. */
    public static JettyServer startTls(HttpServlet servlet, SslContextFactory.Server tls) throws Exception {
        return start(servlet, null, tls);
    }

    private static JettyServer start(HttpServlet servlet, Duration idleTimeout, SslContextFactory.Server tls)
            throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("jetty-test");
        Server server = new Server(threads);
        ServerConnector connector = loopbackConnector(server, tls);
        if (idleTimeout != null) {
            connector.setIdleTimeout(idleTimeout.toMillis());
        }
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder("ws", servlet), "/*");
        server.setHandler(context);
        server.start();
        return new JettyServer(server, connector.getLocalPort());
    }

    /**
     * A connector on a random loopback port, plain or over TLS with {@code tls}'s certificate; the caller adds it
     * to {@code server}. The SNI host check is off: the client's checks are under test, not Jetty's.
     */
    public static ServerConnector loopbackConnector(Server server, SslContextFactory.Server tls) {
        ServerConnector connector;
        if (tls == null) {
            connector = new ServerConnector(server, 1, 1);
        } else {
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            HttpConfiguration config = new HttpConfiguration();
            config.addCustomizer(secure);
            connector = new ServerConnector(
                    server, 1, 1, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(config));
        }
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        return connector;
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    @Override
    public void close() {
        stop(server);
    }

    /** Stops {@code server}, with Jetty's checked exception as an unchecked one. */
    public static void stop(Server server) {
        try {
            server.stop();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("stopping Jetty failed", e);
        }
    }
}
