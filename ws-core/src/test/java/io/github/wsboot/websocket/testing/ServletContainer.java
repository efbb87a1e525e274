package io.github.wsboot.websocket.testing;

import java.net.URI;
import java.time.Duration;

import jakarta.servlet.http.HttpServlet;

/** The embedded servlet containers the interop tests run against, for {@code @EnumSource}. */
public enum ServletContainer {
    TOMCAT {
        @Override
        public Running start(HttpServlet servlet, Duration idleTimeout) throws Exception {
            TomcatServer server = TomcatServer.start(servlet, idleTimeout);
            return new Running(server.port(), server);
        }
    },

    JETTY {
        @Override
        public Running start(HttpServlet servlet, Duration idleTimeout) throws Exception {
            JettyServer server = JettyServer.start(servlet, idleTimeout);
            return new Running(server.port(), server);
        }
    };

    /** Starts the container on a random loopback port with its default connection timeout. */
    public Running start(HttpServlet servlet) throws Exception {
        return start(servlet, null);
    }

    /**
     * Starts the container on a random loopback port.
     *
     * @param idleTimeout how long the container lets an HTTP connection sit idle (Tomcat's
     *        {@code connectionTimeout}, Jetty's connector idle timeout); null keeps the default
     */
    public abstract Running start(HttpServlet servlet, Duration idleTimeout) throws Exception;

    /** A started container; closing it stops it. */
    public record Running(int port, AutoCloseable server) implements AutoCloseable {

        public URI uri(String path) {
            return URI.create("ws://127.0.0.1:" + port + path);
        }

        public URI httpUri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("stopping the container failed", e);
            }
        }
    }
}
