package io.github.wsboot.websocket.testing;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServlet;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** An embedded Tomcat on a random loopback port serving one servlet at "/*". */
public final class TomcatServer implements AutoCloseable {

    private final Tomcat tomcat;
    private final int port;

    private TomcatServer(Tomcat tomcat, int port) {
        this.tomcat = tomcat;
        this.port = port;
    }

    public static TomcatServer start(HttpServlet servlet) throws Exception {
        return start(servlet, null);
    }

    /** @param connectionTimeout the connector's {@code connectionTimeout}; null keeps Tomcat's default (60 s) */
    public static TomcatServer start(HttpServlet servlet, Duration connectionTimeout) throws Exception {
        return startWith(servlet, connector -> {
            if (connectionTimeout != null) {
                connector.setProperty("connectionTimeout", Long.toString(connectionTimeout.toMillis()));
            }
        });
    }

    /** @param connectorSettings sets connector properties before Tomcat starts */
    public static TomcatServer startWith(HttpServlet servlet, Consumer<Connector> connectorSettings) throws Exception {
        return startWith(connectorSettings, ctx -> {
            Tomcat.addServlet(ctx, "ws", servlet);
            ctx.addServletMappingDecoded("/*", "ws");
        });
    }

    /**
     * @param connectorSettings sets connector properties before Tomcat starts
     * @param contextSetup adds servlets, initializers and mappings to the root context
     */
    public static TomcatServer startWith(Consumer<Connector> connectorSettings, Consumer<Context> contextSetup)
            throws Exception {
        Tomcat tomcat = new Tomcat();
        File base = Files.createTempDirectory("tomcat").toFile();
        tomcat.setBaseDir(base.getAbsolutePath());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connectorSettings.accept(connector);
        tomcat.setConnector(connector);
        contextSetup.accept(tomcat.addContext("", base.getAbsolutePath()));
        tomcat.start();
        return new TomcatServer(tomcat, connector.getLocalPort());
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }
}
